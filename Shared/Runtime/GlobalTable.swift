import Kafka
import Logging
import Synchronization

/// A compacted topic read whole, all partitions, by every instance: the latest value per key, decoded by its
/// declaration, kept current in the background (portfolio totals that span partitions).
///
/// A stage decides nothing from a table until the table is loaded — read up to the high watermarks its
/// partitions had when reading began — so a restarted instance never judges against an empty table; a table
/// that cannot be read is a failure the stage stops on, never a silently stale table.
public final class GlobalTable<Value: Sendable>: AnyGlobalTable {
    public let topic: String
    private let consumer: KafkaConsumer
    private let values = Mutex<[String: Value]>([:])
    private let progress = Mutex<LoadProgress>(LoadProgress())
    private let running = Atomic<Bool>(true)

    private let logger: Logger
    private let decode: @Sendable ([UInt8]) -> Value?

    /// Starts reading every partition of the declared topic from its beginning, in the background.
    public init(_ declaration: some GlobalTableDeclaring<Value>, kafka: KafkaConfiguration, logger: Logger) throws(KafkaError) {
        topic = declaration.topic
        self.logger = logger
        decode = { declaration.decode($0) }
        var common = kafka
        common.clientId += "-table-\(topic)"
        consumer = try KafkaConsumer(configuration: ConsumerConfiguration(common, groupId: nil), logger: logger)
        Task { [self] in await self.follow() }
    }

    private func follow() async {
        do {
            let count = try await consumer.partitionCount(of: topic)
            var targets: [Int32: Int64] = [:]
            for partition in 0..<Int32(count) {
                let (low, high) = try await consumer.watermarks(TopicPartition(topic, partition))
                if high > low { targets[partition] = high }
            }
            progress.withLock { $0.targets = targets }
            try consumer.assign((0..<Int32(count)).map { TopicPartitionOffset(topic: topic, partition: $0, offset: KafkaOffset.beginning) })
        } catch {
            fail("the table cannot be read: \(error)")
            return
        }
        while running.load(ordering: .acquiring) {
            let records: [ConsumerRecord]
            do {
                records = try await consumer.poll(maxRecords: 5_000, timeout: .milliseconds(200))
            } catch {
                if running.load(ordering: .acquiring) { fail("reading the table failed: \(error)") }
                return
            }
            guard !records.isEmpty else {
                // Compaction or transaction markers can leave no record at the very end: the position counts too.
                if !isLoaded, let positions = try? consumer.positions(partitionsOfTopic()) {
                    progress.withLock { progress in
                        for position in positions where position.offset >= 0 {
                            progress.read(partition: position.partition, nextOffset: position.offset)
                        }
                    }
                }
                continue
            }
            // Decoded outside the lock; a tombstone, or a value the declaration keeps nothing of, removes the key.
            let kept = records.compactMap { record in record.keyString.map { ($0, record.value.flatMap(decode)) } }
            values.withLock { table in
                for (key, value) in kept { table[key] = value }
            }
            progress.withLock { progress in
                for record in records { progress.read(partition: record.partition, nextOffset: record.offset + 1) }
            }
        }
    }

    private func partitionsOfTopic() -> [TopicPartition] {
        progress.withLock { Array(($0.targets ?? [:]).keys) }.sorted().map { TopicPartition(topic, $0) }
    }

    private func fail(_ message: String) {
        logger.error("global table failed", metadata: ["topic": "\(topic)", "error": "\(message)"])
        progress.withLock { $0.failure = message }
    }

    /// The latest value of every key (a removed key is absent).
    public var snapshot: [String: Value] { values.withLock { $0 } }

    /// Adds this table's latest values to what a processing step sees.
    func addSnapshot(to tables: inout GlobalTableValues) {
        tables.set(snapshot, topic: topic)
    }

    /// Whether the table holds everything its topic held when reading began.
    public var isLoaded: Bool { progress.withLock { $0.isLoaded } }

    /// Why the table stopped being read, when it did.
    public var failure: String? { progress.withLock { $0.failure } }

    /// Waits until the table is loaded; throws when it cannot be read.
    public func waitUntilLoaded() async throws(RuntimeError) {
        while true {
            let (loaded, failure) = progress.withLock { ($0.isLoaded, $0.failure) }
            if let failure { throw RuntimeError.globalTable(topic, failure) }
            if loaded { return }
            try? await Task.sleep(for: .milliseconds(50))
        }
    }

    /// Stops following the topic and closes its consumer.
    public func close() async {
        running.store(false, ordering: .releasing)
        await consumer.close()
    }
}

/// A global table of any value type, as the runner holds the tables its processor declared.
protocol AnyGlobalTable: Sendable {
    var topic: String { get }
    var isLoaded: Bool { get }
    var failure: String? { get }
    func waitUntilLoaded() async throws(RuntimeError)
    func close() async
    /// Adds the table's latest values to what a processing step sees.
    func addSnapshot(to tables: inout GlobalTableValues)
}

/// Opens a table for each of `declarations`, each reading in the background.
func openGlobalTables(_ declarations: [any GlobalTableDeclaring], kafka: KafkaConfiguration,
                      logger: Logger) throws(KafkaError) -> [any AnyGlobalTable] {
    func open<Declaration: GlobalTableDeclaring>(_ declaration: Declaration) throws(KafkaError) -> any AnyGlobalTable {
        try GlobalTable<Declaration.Value>(declaration, kafka: kafka, logger: logger)
    }
    var tables: [any AnyGlobalTable] = []
    for declaration in declarations { tables.append(try open(declaration)) }
    return tables
}

/// How far a global table has read: the high watermarks to reach when reading began, and the offsets read.
struct LoadProgress: Sendable {
    /// The high watermark of every partition that held records when reading began; nil before that is known.
    var targets: [Int32: Int64]?
    var nextOffsets: [Int32: Int64] = [:]
    var failure: String?

    var isLoaded: Bool {
        guard let targets, failure == nil else { return false }
        return targets.allSatisfy { partition, high in (nextOffsets[partition] ?? 0) >= high }
    }

    mutating func read(partition: Int32, nextOffset: Int64) {
        nextOffsets[partition] = max(nextOffsets[partition] ?? 0, nextOffset)
    }
}
