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
    private let keep: @Sendable ([UInt8]) -> [UInt8]

    /// Starts reading every partition of `topic` from its beginning, in the background.
    /// - Parameter keep: what of each value the table holds (all of it by default).
    public init(topic: String, kafka: KafkaConfiguration, logger: Logger,
                keep: @escaping @Sendable ([UInt8]) -> [UInt8] = { $0 }) throws(KafkaError) {
        self.topic = topic
        self.logger = logger
        self.keep = keep
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
            let kept = records.compactMap { record in record.keyString.map { ($0, record.value.map(keep)) } }
            values.withLock { table in
                for (key, value) in kept { table[key] = value }
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
