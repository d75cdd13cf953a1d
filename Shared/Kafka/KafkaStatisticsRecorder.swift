import Foundation
import Metrics

/// Turns librdkafka's periodic statistics JSON into swift-metrics gauges labelled by client.
final class KafkaStatisticsRecorder: Sendable {
    private let clientId: String
    private let queuedMessages: Gauge
    private let transmittedMessages: Gauge
    private let receivedMessages: Gauge
    private let brokersUp: Gauge
    private let factory: MetricsFactory

    init(clientId: String, factory: MetricsFactory) {
        self.clientId = clientId
        self.factory = factory
        let dimensions = [("client", clientId)]
        queuedMessages = Gauge(label: "kafka_client_queued_messages", dimensions: dimensions, factory: factory)
        transmittedMessages = Gauge(label: "kafka_client_transmitted_messages", dimensions: dimensions, factory: factory)
        receivedMessages = Gauge(label: "kafka_client_received_messages", dimensions: dimensions, factory: factory)
        brokersUp = Gauge(label: "kafka_client_brokers_up", dimensions: dimensions, factory: factory)
    }

    /// Records one statistics report; unparseable input is ignored (statistics are best effort).
    func record(json: Data) {
        guard let root = try? JSONSerialization.jsonObject(with: json) as? [String: Any] else { return }
        if let value = root["msg_cnt"] as? Int { queuedMessages.record(value) }
        if let value = root["txmsgs"] as? Int { transmittedMessages.record(value) }
        if let value = root["rxmsgs"] as? Int { receivedMessages.record(value) }
        if let brokers = root["brokers"] as? [String: [String: Any]] {
            brokersUp.record(brokers.values.filter { ($0["state"] as? String) == "UP" }.count)
        }
        guard let topics = root["topics"] as? [String: [String: Any]] else { return }
        for (topic, topicStats) in topics {
            guard let partitions = topicStats["partitions"] as? [String: [String: Any]] else { continue }
            for (partition, stats) in partitions where partition != "-1" {
                guard let lag = stats["consumer_lag"] as? Int, lag >= 0 else { continue }
                Gauge(label: "kafka_consumer_lag", dimensions: [("client", clientId), ("topic", topic), ("partition", partition)], factory: factory)
                    .record(lag)
            }
        }
    }
}
