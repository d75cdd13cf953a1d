import Domain
import Kafka

/// The records an instance has polled but not processed yet, buffered per input partition and handed out per
/// task — partition N of every input topic — in event-time order, as Kafka Streams' partition groups do.
///
/// A record's event time is its `ce_time` header, else its Kafka timestamp. On equal times an event from outside
/// Credence comes before one another stage derived (the cause before its effect), then the input topics in the
/// processor's order, then offsets. While an input partition of a task has nothing buffered but has lag, the task
/// waits up to `maxIdleMilliseconds` for it before going on without it; a partition whose lag is not known yet
/// (nothing fetched since assignment) is waited for up to `unknownLagMilliseconds`. Pure: the caller supplies the
/// lag and a monotonic time.
struct EventTimeMerger: Sendable {
    /// A buffered record and its place in the merge.
    struct Entry: Sendable {
        var record: ConsumerRecord
        var order: MergeOrder
    }

    /// Where a record sorts within its task.
    struct MergeOrder: Sendable, Comparable {
        var eventTime: Int64
        /// 0 for events from outside Credence (and ticks), 1 for events another stage derived.
        var derived: Int
        var topicIndex: Int
        var offset: Int64

        static func < (lhs: MergeOrder, rhs: MergeOrder) -> Bool {
            (lhs.eventTime, lhs.derived, lhs.topicIndex, lhs.offset) < (rhs.eventTime, rhs.derived, rhs.topicIndex, rhs.offset)
        }
    }

    /// What `take` hands out, and whether a task is holding records back for a partition that has lag.
    struct Taken: Sendable {
        var records: [ConsumerRecord] = []
        /// The shortest time a waiting task may still wait, in milliseconds; nil when no task waits.
        var waitMilliseconds: Int64?
    }

    let topics: [String]
    let maxIdleMilliseconds: Int64
    let unknownLagMilliseconds: Int64
    private var queues: [TopicPartition: RecordQueue] = [:]
    /// Since when (monotonic milliseconds) each task has been held back by a lagging, empty partition.
    private var waitingSince: [Int32: Int64] = [:]
    /// The task `take` starts with, rotated so that a backlog on one task does not starve the others.
    private var nextTask = 0

    /// Whether a partition with lag is waited for however long it takes (the stream clock: a replay's outputs must
    /// depend on its inputs alone, never on which fetch came back first).
    let waitsOutLag: Bool

    init(topics: [String], maxIdleMilliseconds: Int64, unknownLagMilliseconds: Int64 = 5_000, waitsOutLag: Bool = false) {
        self.waitsOutLag = waitsOutLag
        self.topics = topics
        self.maxIdleMilliseconds = maxIdleMilliseconds
        self.unknownLagMilliseconds = max(maxIdleMilliseconds, unknownLagMilliseconds)
    }

    /// The tasks open, in partition order.
    var tasks: [Int32] { Set(queues.keys.map(\.partition)).sorted() }

    /// Starts buffering for partition `task` of every input topic, dropping what was buffered for it before.
    mutating func open(task: Int32) {
        for topic in topics { queues[TopicPartition(topic, task)] = RecordQueue() }
        waitingSince[task] = nil
    }

    /// Drops what is buffered for `task`; its records are no longer this instance's to process.
    mutating func close(task: Int32) {
        for topic in topics { queues[TopicPartition(topic, task)] = nil }
        waitingSince[task] = nil
    }

    /// Buffers a polled record. A record of a task that is not open, or not after the last one buffered from its
    /// partition (fetched again after a pause), is dropped: it returns false.
    @discardableResult
    mutating func add(_ record: ConsumerRecord) -> Bool {
        let partition = record.topicPartition
        guard var queue = queues.removeValue(forKey: partition) else { return false }
        defer { queues[partition] = queue }
        if let last = queue.lastOffset, record.offset <= last { return false }
        queue.append(Entry(record: record, order: Self.order(of: record, topicIndex: topics.firstIndex(of: record.topic) ?? topics.count)))
        return true
    }

    /// How many records are buffered for an input partition.
    func bufferedCount(_ partition: TopicPartition) -> Int { queues[partition]?.count ?? 0 }

    /// The input partitions with nothing buffered whose task has something buffered: the ones whose lag `take` needs.
    var emptyPartitionsOfBusyTasks: [TopicPartition] {
        var busy = Set<Int32>()
        for (partition, queue) in queues where queue.count > 0 { busy.insert(partition.partition) }
        return queues.filter { $0.value.count == 0 && busy.contains($0.key.partition) }.map(\.key).sorted()
    }

    /// Hands out up to `limit` records in event-time order per task.
    /// - Parameters:
    ///   - lag: records still to fetch per input partition (high watermark minus position); a partition missing
    ///     from it has an unknown lag.
    ///   - now: a monotonic time in milliseconds, to bound waiting.
    mutating func take(limit: Int, lag: [TopicPartition: Int64], now: Int64) -> Taken {
        var taken = Taken()
        let tasks = self.tasks
        guard !tasks.isEmpty else { return taken }
        nextTask %= tasks.count
        let order = tasks[nextTask...] + tasks[..<nextTask]
        nextTask += 1
        for task in order {
            while taken.records.count < limit {
                var best: TopicPartition?
                var bestOrder: MergeOrder?
                var waitBound: Int64?
                for topic in topics {
                    let partition = TopicPartition(topic, task)
                    guard let queue = queues[partition] else { continue }
                    if let head = queue.head {
                        if bestOrder == nil || head.order < bestOrder! {
                            best = partition
                            bestOrder = head.order
                        }
                    } else if maxIdleMilliseconds > 0 || waitsOutLag {
                        switch lag[partition] {
                        case nil: waitBound = max(waitBound ?? 0, unknownLagMilliseconds)
                        case let records? where records > 0:
                            waitBound = waitsOutLag ? Int64.max / 4 : max(waitBound ?? 0, maxIdleMilliseconds)
                        default: break
                        }
                    }
                }
                guard let best else { break }
                if let waitBound {
                    let since = waitingSince[task] ?? now
                    waitingSince[task] = since
                    let remaining = since + waitBound - now
                    if remaining > 0 {
                        taken.waitMilliseconds = min(taken.waitMilliseconds ?? remaining, remaining)
                        break
                    }
                } else {
                    waitingSince[task] = nil
                }
                if let entry = queues[best]?.popFirst() { taken.records.append(entry.record) }
            }
        }
        return taken
    }

    /// A record's place: `ce_time` (else the Kafka timestamp, else the earliest time), derived or not, topic, offset.
    static func order(of record: ConsumerRecord, topicIndex: Int) -> MergeOrder {
        var time = record.timestamp ?? Int64.min
        if let text = record.header(EventCodec.HeaderKey.time)?.stringValue, let parsed = try? Timestamp(rfc3339: text) {
            time = parsed.millisecondsSinceEpoch
        }
        let derived = record.header(EventCodec.HeaderKey.source)?.value?.starts(with: EventStageIdentity.stageSourcePrefix.utf8) == true
        return MergeOrder(eventTime: time, derived: derived ? 1 : 0, topicIndex: topicIndex, offset: record.offset)
    }
}

/// A FIFO of buffered records that pops from the front without moving the rest.
struct RecordQueue: Sendable {
    private var entries: [EventTimeMerger.Entry] = []
    private var start = 0
    /// The offset of the last record appended, popped or not.
    private(set) var lastOffset: Int64?

    var count: Int { entries.count - start }
    var head: EventTimeMerger.Entry? { start < entries.count ? entries[start] : nil }

    mutating func append(_ entry: EventTimeMerger.Entry) {
        entries.append(entry)
        lastOffset = entry.record.offset
    }

    mutating func popFirst() -> EventTimeMerger.Entry? {
        guard start < entries.count else { return nil }
        let entry = entries[start]
        start += 1
        if start == entries.count {
            entries.removeAll(keepingCapacity: true)
            start = 0
        } else if start >= 1024, start * 2 >= entries.count {
            entries.removeFirst(start)
            start = 0
        }
        return entry
    }
}
