import Kafka
import TestSupport
import Logging
import MetricsTestKit
import Synchronization
import Testing

/// A log handler that keeps what librdkafka said.
struct CapturingLogHandler: LogHandler {
    let messages: EventLog<String>
    var metadata: Logger.Metadata = [:]
    var logLevel: Logger.Level = .debug

    subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { metadata[key] }
        set { metadata[key] = newValue }
    }

    func log(event: LogEvent) {
        let facility = event.metadata?["librdkafka.facility"].map { "\($0)" } ?? "-"
        messages.append("\(facility) \(event.message)")
    }
}

@Suite("librdkafka's log and statistics")
struct ObservabilityTests {
    @Test func statisticsReachSwiftMetricsAndTheLogReachesSwiftLog() async throws {
        let test = try TestCluster(topics: ["observed": 2])
        let metrics = TestMetrics()
        let messages = EventLog<String>()
        var logger = Logger(label: "observed") { _ in CapturingLogHandler(messages: messages) }
        logger.logLevel = .debug
        var configuration = ProducerConfiguration(test.common)
        configuration.common.clientId = "observed-producer"
        configuration.common.statisticsInterval = .milliseconds(100)
        configuration.common.properties["debug"] = "msg"
        let producer = try KafkaProducer(configuration: configuration, logger: logger, metrics: metrics)
        _ = try await producer.send((0..<25).map { ProducerRecord(topic: "observed", key: "k\($0)", value: "v") })

        let transmitted = await eventually(timeout: .seconds(10)) {
            guard let gauge = try? metrics.expectGauge("kafka_client_transmitted_messages", [("client", "observed-producer")]) else { return false }
            return gauge.lastValue.map { $0 >= 25 } ?? false
        }
        #expect(transmitted, "the statistics' txmsgs reached the gauge")
        #expect(messages.all.contains { $0.hasPrefix("MSG") || $0.contains("produce") }, "librdkafka's debug log reached the logger")
        await producer.close()
        await test.shutdown()
    }
}
