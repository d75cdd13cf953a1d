import Kafka
import Logging
import Synchronization

/// A compacted topic read whole, all partitions, by every instance: the latest value per key, kept current
/// in the background (portfolio totals that span partitions).
public final class GlobalTable: Sendable {
    public let topic: String
    private let consumer: KafkaConsumer
    private let values = Mutex<[String: [UInt8]]>([:])
    private let running = Atomic<Bool>(true)

    private let logger: Logger

    /// Starts reading every partition of `topic` from its beginning, in the background.
    public init(topic: String, kafka: KafkaConfiguration, logger: Logger) throws(KafkaError) {
        self.topic = topic
        self.logger = logger
        var common = kafka
        common.clientId += "-table-\(topic)"
        consumer = try KafkaConsumer(configuration: ConsumerConfiguration(common, groupId: nil), logger: logger)
        Task { [self] in await self.follow() }
    }

    private func follow() async {
        do {
            let partitions = try await consumer.partitionCount(of: topic)
            try consumer.assign((0..<Int32(partitions)).map { TopicPartitionOffset(topic: topic, partition: $0, offset: KafkaOffset.beginning) })
        } catch {
            logger.error("global table cannot be read", metadata: ["topic": "\(topic)", "error": "\(error)"])
            return
        }
        while running.load(ordering: .acquiring) {
            guard let records = try? await consumer.poll(maxRecords: 5_000, timeout: .milliseconds(200)) else { return }
            guard !records.isEmpty else { continue }
            values.withLock { table in
                for record in records {
                    guard let key = record.keyString else { continue }
                    table[key] = record.value
                }
            }
        }
    }

    /// The latest value of every key (a removed key is absent).
    public var snapshot: [String: [UInt8]] { values.withLock { $0 } }

    /// Stops following the topic and closes its consumer.
    public func close() async {
        running.store(false, ordering: .releasing)
        await consumer.close()
    }
}
