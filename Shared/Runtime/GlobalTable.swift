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
    /// Whether the table is loaded, and why it stopped being read when it did.
    private let status = Mutex<(loaded: Bool, failure: String?)>((false, nil))
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
        Task { [self] in
            let count: Int
            do {
                count = try await consumer.partitionCount(of: topic)
            } catch {
                fail("the table cannot be read: \(error)")
                return
            }
            // The reader blocks in its polls: it runs on a thread of its own, off the cooperative pool.
            await BlockingExecutor.shared.runDetached { self.follow(partitions: Array(0..<Int32(count))) }
        }
    }

    /// Reads the topic to its end (the table is then loaded) and goes on following it until `close()`.
    private func follow(partitions: [Int32]) {
        do {
            try TopicReader(consumer: consumer, topic: topic).read(
                partitions: partitions, mode: .follow, isRunning: { running.load(ordering: .acquiring) },
                onRecords: { records in
                    // Decoded outside the lock; a tombstone, or a value the declaration keeps nothing of, removes the key.
                    let kept = records.compactMap { record in record.keyString.map { ($0, record.value.flatMap(decode)) } }
                    values.withLock { table in
                        for (key, value) in kept { table[key] = value }
                    }
                },
                onEnd: { status.withLock { $0.loaded = true } }
            )
        } catch {
            if running.load(ordering: .acquiring) { fail("reading the table failed: \(error)") }
        }
    }

    private func fail(_ message: String) {
        logger.error("global table failed", metadata: ["topic": "\(topic)", "error": "\(message)"])
        status.withLock { $0.failure = message }
    }

    /// The latest value of every key (a removed key is absent).
    public var snapshot: [String: Value] { values.withLock { $0 } }

    /// Adds this table's latest values to what a processing step sees.
    func addSnapshot(to tables: inout GlobalTableValues) {
        tables.set(snapshot, topic: topic)
    }

    /// Whether the table holds everything its topic held when reading began (and is still being read).
    public var isLoaded: Bool { status.withLock { $0.loaded && $0.failure == nil } }

    /// Why the table stopped being read, when it did.
    public var failure: String? { status.withLock { $0.failure } }

    /// Waits until the table is loaded; throws when it cannot be read.
    public func waitUntilLoaded() async throws(RuntimeError) {
        while true {
            let (loaded, failure) = status.withLock { ($0.loaded, $0.failure) }
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
