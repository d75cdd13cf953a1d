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
    private let store = Mutex<Store>(Store())
    /// Whether the table is loaded, and why it stopped being read when it did.
    private let status = Mutex<(loaded: Bool, failure: String?)>((false, nil))
    private let running = Atomic<Bool>(true)
    /// Whether the table keeps every value with its event time, to be read as of a stream-clock time.
    let isVersioned: Bool
    private let progressConsumer = Mutex<KafkaConsumer?>(nil)

    private let logger: Logger
    private let decode: @Sendable ([UInt8]) -> Value?

    /// One value of a key and the event time it was written at (nil: removed).
    struct Version: Sendable {
        var time: Int64
        var value: Value?
    }

    /// What the table holds, and how far it is read.
    private struct Store: Sendable {
        /// The latest value per key (not versioned).
        var latest: [String: Value] = [:]
        /// Every value per key in event-time order (versioned), older ones pruned once no task reads them.
        var versions: [String: [Version]] = [:]
        /// The last table built as of a time, until a value before that time arrives.
        var cached: (before: Int64, values: [String: Value])?
        /// Per partition, the offset after the last record read.
        var fetched: [Int32: Int64] = [:]
        var partitions: Int?
        /// The producing stage's progress on each partition, read from `credence.progress` (see `StageProgress`).
        var progress = ProducerProgress()
    }

    /// What the table knows of the progress of the stage that writes its topic.
    struct ProducerProgress: Sendable {
        var stage: String?
        var graceUntil: Int64 = 0
        /// Whether every partition of the progress topic was read to the end it had when reading began.
        var historyRead = false
        var present: Set<Int32> = []
        var promises: [Int32: PromisedWatermark] = [:]
    }

    /// Starts reading every partition of the declared topic from its beginning, in the background.
    /// - Parameter versioned: keep every value with its event time, to be read as of a stream-clock time
    ///   (`addSnapshot(to:before:)`); otherwise only the latest value per key.
    public init(_ declaration: some GlobalTableDeclaring<Value>, kafka: KafkaConfiguration, logger: Logger, versioned: Bool = false) throws(KafkaError) {
        topic = declaration.topic
        self.logger = logger
        isVersioned = versioned
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
            store.withLock { $0.partitions = count }
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
                    let kept = records.compactMap { record in
                        record.keyString.map { (key: $0, value: record.value.flatMap(decode), time: Self.eventTime(of: record),
                                                partition: record.partition, offset: record.offset) }
                    }
                    store.withLock { store in
                        for entry in kept {
                            store.fetched[entry.partition] = max(store.fetched[entry.partition] ?? 0, entry.offset + 1)
                            if isVersioned {
                                Self.insert(Version(time: entry.time, value: entry.value), key: entry.key, into: &store)
                            } else {
                                store.latest[entry.key] = entry.value
                            }
                        }
                    }
                },
                onEnd: { status.withLock { $0.loaded = true } }
            )
        } catch {
            if running.load(ordering: .acquiring) { fail("reading the table failed: \(error)") }
        }
    }

    /// A record's event time: its `ce_time`, else its Kafka timestamp.
    static func eventTime(of record: ConsumerRecord) -> Int64 {
        EventTimeMerger.order(of: record, topicIndex: 0).eventTime
    }

    private static func insert(_ version: Version, key: String, into store: inout Store) {
        var versions = store.versions[key] ?? []
        if let index = versions.lastIndex(where: { $0.time <= version.time }) {
            if versions[index].time == version.time { versions[index] = version } else { versions.insert(version, at: index + 1) }
        } else {
            versions.insert(version, at: 0)
        }
        store.versions[key] = versions
        if let cached = store.cached, version.time < cached.before { store.cached = nil }
    }

    private func fail(_ message: String) {
        logger.error("global table failed", metadata: ["topic": "\(topic)", "error": "\(message)"])
        status.withLock { $0.failure = message }
    }

    /// The latest value of every key (a removed key is absent).
    public var snapshot: [String: Value] {
        store.withLock { store in
            isVersioned ? store.versions.compactMapValues { $0.last?.value } : store.latest
        }
    }

    /// The value of every key as it stood before `time` (milliseconds since the epoch): the last one written before it.
    public func snapshot(before time: Int64) -> [String: Value] {
        store.withLock { store in
            if let cached = store.cached, cached.before == time { return cached.values }
            var values: [String: Value] = [:]
            values.reserveCapacity(store.versions.count)
            for (key, versions) in store.versions {
                if let index = versions.lastIndex(where: { $0.time < time }), let value = versions[index].value { values[key] = value }
            }
            store.cached = (time, values)
            return values
        }
    }

    /// Adds this table to what a processing step sees: as it stood before `time` when versioned and given one,
    /// else its latest values.
    func addSnapshot(to tables: inout GlobalTableValues, before time: Int64?) {
        if isVersioned, let time { tables.set(snapshot(before: time), topic: topic) } else { tables.set(snapshot, topic: topic) }
    }

    /// Forgets the values no reader as of `time` or later can see: of each key, those before its last one before `time`.
    func prune(before time: Int64) {
        guard isVersioned else { return }
        store.withLock { store in
            for (key, versions) in store.versions {
                guard let index = versions.lastIndex(where: { $0.time < time }), index > 0 else { continue }
                store.versions[key] = Array(versions[index...])
            }
        }
    }

    // MARK: As of the stream clock

    /// Follows `stage`'s progress on every partition of `progressTopic`, so `completeThrough` can tell up to when the
    /// table holds everything the stage will write. A partition the stage has not announced itself on by
    /// `graceUntil` (monotonic milliseconds), once the progress topic is read to its end, is taken as not written to.
    func followProgress(on progressTopic: String, of stage: String, graceUntil: Int64, kafka: KafkaConfiguration) throws(KafkaError) {
        var common = kafka
        common.clientId += "-table-\(topic)-progress"
        let reader = try KafkaConsumer(configuration: ConsumerConfiguration(common, groupId: nil), logger: logger)
        progressConsumer.withLock { $0 = reader }
        store.withLock { store in
            store.progress.stage = stage
            store.progress.graceUntil = graceUntil
        }
        Task { [self] in
            let count: Int
            do {
                count = try await reader.partitionCount(of: progressTopic)
            } catch {
                fail("the progress of \(stage) cannot be read: \(error)")
                return
            }
            await BlockingExecutor.shared.runDetached {
                do {
                    try TopicReader(consumer: reader, topic: progressTopic).read(
                        partitions: Array(0..<Int32(count)), mode: .follow, isRunning: { self.running.load(ordering: .acquiring) },
                        onRecords: { records in
                            let read = records.compactMap { $0.value.flatMap(StageProgress.decode) }.filter { $0.stage == stage }
                            guard !read.isEmpty else { return }
                            self.store.withLock { store in
                                for progress in read {
                                    store.progress.present.insert(progress.partition)
                                    store.progress.promises[progress.partition, default: PromisedWatermark()]
                                        .add(offset: progress.offsets[self.topic] ?? 0, watermark: progress.watermark(for: self.topic))
                                }
                            }
                        },
                        onEnd: { self.store.withLock { $0.progress.historyRead = true } })
                } catch {
                    if self.running.load(ordering: .acquiring) { self.fail("reading the progress of \(stage) failed: \(error)") }
                }
            }
        }
    }

    /// The event time before which the table holds everything its stage will write on every partition (what a rule
    /// reading it as of that time needs); `Int64.max` when the table does not follow a stage's progress.
    func completeThrough(now: Int64) -> Int64 {
        store.withLock { store in
            guard store.progress.stage != nil else { return Int64.max }
            guard let partitions = store.partitions else { return Int64.min }
            var result = Int64.max
            for partition in 0..<Int32(partitions) {
                guard store.progress.present.contains(partition) else {
                    if !store.progress.historyRead || now < store.progress.graceUntil { return Int64.min }
                    continue
                }
                store.progress.promises[partition, default: PromisedWatermark()].settle(fetched: store.fetched[partition] ?? 0)
                result = min(result, store.progress.promises[partition]?.covered ?? Int64.min)
            }
            return result
        }
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
        if let reader = progressConsumer.withLock({ $0 }) { await reader.close() }
    }
}

/// A global table of any value type, as the runner holds the tables its processor declared.
protocol AnyGlobalTable: Sendable {
    var topic: String { get }
    var isLoaded: Bool { get }
    var failure: String? { get }
    func waitUntilLoaded() async throws(RuntimeError)
    func close() async
    /// Adds the table to what a processing step sees: as it stood before `time` when versioned and given one.
    func addSnapshot(to tables: inout GlobalTableValues, before time: Int64?)
    /// Forgets values no reader as of `time` or later can see.
    func prune(before time: Int64)
    /// Follows the progress of the stage writing the topic (see `GlobalTable.followProgress`).
    func followProgress(on progressTopic: String, of stage: String, graceUntil: Int64, kafka: KafkaConfiguration) throws(KafkaError)
    /// The event time before which the table holds all its stage will write; `Int64.max` when not following one.
    func completeThrough(now: Int64) -> Int64
}

/// Opens a table for each of `declarations`, each reading in the background (keeping every value with its event
/// time when `versioned`: the stream clock reads tables as of its time).
func openGlobalTables(_ declarations: [any GlobalTableDeclaring], kafka: KafkaConfiguration,
                      logger: Logger, versioned: Bool = false) throws(KafkaError) -> [any AnyGlobalTable] {
    func open<Declaration: GlobalTableDeclaring>(_ declaration: Declaration) throws(KafkaError) -> any AnyGlobalTable {
        try GlobalTable<Declaration.Value>(declaration, kafka: kafka, logger: logger, versioned: versioned)
    }
    var tables: [any AnyGlobalTable] = []
    for declaration in declarations { tables.append(try open(declaration)) }
    return tables
}
