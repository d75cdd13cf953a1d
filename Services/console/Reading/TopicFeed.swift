import Domain
import Kafka
import Logging
import Runtime
import Synchronization

/// The console's one seam to the topics it reads: every partition of each topic from its beginning, then
/// following it, handing each decodable record to `deliver` in partition order, and saying when everything the
/// topics held at start has been read (what `/readyz` waits for).
///
/// It reads like the Runtime's `GlobalTable` (no consumer group, all partitions, loaded once the high watermarks
/// seen at start are reached) but hands over every record, for the stream topics too, instead of keeping the
/// latest value per key. When the Runtime's readers become one reader that follows a topic with a callback, this
/// file is the only one to change.
public final class TopicFeed: Sendable {
    /// The topics the console reads, compacted tables and streams alike (its own `collections.updates` included,
    /// so that what collectors recorded survives a restart).
    public static let consoleTopics = [
        TopicCatalog.creditAssessments, TopicCatalog.receivablesPositions, TopicCatalog.creditDecisions,
        TopicCatalog.alerts, TopicCatalog.dunningActions, TopicCatalog.claimsEvents, TopicCatalog.collectionsUpdates,
    ]

    /// One record as the views take it: the event, and the audit header naming who recorded it, if any.
    public struct Delivery: Sendable {
        public var envelope: EventEnvelope
        public var user: String?

        /// A record's event and its audit user.
        public init(envelope: EventEnvelope, user: String?) {
            self.envelope = envelope
            self.user = user
        }
    }

    private let consumer: KafkaConsumer
    private let topics: [String]
    private let logger: Logger
    private let targets = Mutex<[TopicPartition: Int64]?>(nil)
    private let nextOffsets = Mutex<[TopicPartition: Int64]>([:])
    private let failureText = Mutex<String?>(nil)
    private let running = Atomic<Bool>(true)
    private let undecodable = Atomic<Int>(0)

    /// A feed of `topics` on the cluster `kafka` describes; nothing is read before `run`.
    public init(topics: [String] = TopicFeed.consoleTopics, kafka: KafkaConfiguration, logger: Logger) throws(KafkaError) {
        var common = kafka
        common.clientId += "-console-feed"
        consumer = try KafkaConsumer(configuration: ConsumerConfiguration(common, groupId: nil), logger: logger)
        self.topics = topics
        self.logger = logger
    }

    /// Reads until `stop`, handing each batch of decoded records to `deliver`; returns when stopped or failed.
    public func run(deliver: @Sendable ([Delivery]) -> Void) async {
        do {
            var start: [TopicPartitionOffset] = []
            var highs: [TopicPartition: Int64] = [:]
            for topic in topics {
                for partition in 0..<Int32(try await consumer.partitionCount(of: topic)) {
                    let topicPartition = TopicPartition(topic, partition)
                    let (low, high) = try await consumer.watermarks(topicPartition)
                    if high > low { highs[topicPartition] = high }
                    start.append(TopicPartitionOffset(topicPartition, offset: KafkaOffset.beginning))
                }
            }
            targets.withLock { $0 = highs }
            try consumer.assign(start)
        } catch {
            fail("the topics cannot be read: \(error)")
            return
        }
        while running.load(ordering: .acquiring) {
            let records: [ConsumerRecord]
            do {
                records = try await consumer.poll(maxRecords: 5_000, timeout: .milliseconds(100))
            } catch {
                if running.load(ordering: .acquiring) { fail("reading the topics failed: \(error)") }
                return
            }
            guard !records.isEmpty else { continue }
            var deliveries: [Delivery] = []
            deliveries.reserveCapacity(records.count)
            for record in records {
                // A record another team's contract would refuse is not the console's to dead-letter: it is counted and skipped.
                guard let envelope = try? record.envelope() else {
                    undecodable.add(1, ordering: .relaxed)
                    continue
                }
                let user = record.headers.first { $0.key == AuditHeader.user }?.value.map { String(decoding: $0, as: UTF8.self) }
                deliveries.append(Delivery(envelope: envelope, user: user))
            }
            deliver(deliveries)
            nextOffsets.withLock { next in
                for record in records {
                    let partition = TopicPartition(record.topic, record.partition)
                    next[partition] = max(next[partition] ?? 0, record.offset + 1)
                }
            }
        }
    }

    /// Whether everything the topics held when reading began has been delivered.
    public var isCaughtUp: Bool {
        guard let targets = targets.withLock({ $0 }), failure == nil else { return false }
        let next = nextOffsets.withLock { $0 }
        return targets.allSatisfy { partition, high in (next[partition] ?? 0) >= high }
    }

    /// Why reading stopped, when it did.
    public var failure: String? { failureText.withLock { $0 } }

    /// Records skipped because they carry no event the codec accepts.
    public var undecodableCount: Int { undecodable.load(ordering: .relaxed) }

    /// Stops reading and closes the consumer.
    public func stop() async {
        running.store(false, ordering: .releasing)
        await consumer.close()
    }

    private func fail(_ message: String) {
        logger.error("console feed failed", metadata: ["error": "\(message)"])
        failureText.withLock { $0 = message }
    }
}
