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

    /// Per input topic another stage writes, that stage's name: on the stream clock a task waits on that stage's
    /// progress (`StageProgress`) before it hands out a record later than what the stage has promised. Empty on
    /// other clocks: nothing is waited for.
    let upstreamOf: [String: String]
    /// How long (milliseconds) after a task is opened a stage that has not announced itself on its partition is
    /// still expected: until then — and until the task has read its partition of `credence.progress` to the end —
    /// its topic holds the task back as if it promised nothing; after, the stage is taken as not running and its
    /// topic is merged like any other until it announces itself.
    var upstreamGrace: Int64 = 0
    private var upstream: [Int32: UpstreamProgress] = [:]
    /// When the processor reads global tables on the stream clock: the punctuation interval. A record is read with
    /// the tables as they stood at the start of the interval before its own, so it waits until the tables hold
    /// everything before that — one whole interval behind, so no stage waits for the others to finish its day.
    var tableDay: Int64?

    /// The time the tables are read as of by a record at `time`: the start of the punctuation interval before the
    /// one `time` falls in.
    func tableTime(of time: Int64) -> Int64? {
        guard let tableDay, tableDay > 0 else { return nil }
        return Self.tableTime(afterPunctuation: time - ((time % tableDay) + tableDay) % tableDay, interval: tableDay)
    }

    /// The time the tables are read as of after the punctuation at `punctuation`: one interval before it.
    static func tableTime(afterPunctuation punctuation: Int64, interval: Int64) -> Int64 {
        punctuation == Int64.min ? Int64.min : punctuation - interval
    }

    /// What a task knows of the progress of the stages it reads from.
    struct UpstreamProgress: Sendable {
        /// The stages whose progress was read on this partition.
        var present: Set<String> = []
        /// Per input topic, the promises of the stage that writes it.
        var promises: [String: PromisedWatermark] = [:]
        /// Until when (monotonic milliseconds) a stage not heard from is still expected.
        var expectedUntil: Int64 = 0
        /// Whether the task has read its partition of `credence.progress` up to its end since it was opened.
        var historyRead = false
    }

    init(topics: [String], maxIdleMilliseconds: Int64, unknownLagMilliseconds: Int64 = 5_000, waitsOutLag: Bool = false,
         upstreamOf: [String: String] = [:]) {
        self.waitsOutLag = waitsOutLag
        self.topics = topics
        self.maxIdleMilliseconds = maxIdleMilliseconds
        self.unknownLagMilliseconds = max(maxIdleMilliseconds, unknownLagMilliseconds)
        self.upstreamOf = upstreamOf
    }

    /// The tasks open, in partition order.
    var tasks: [Int32] { Set(queues.keys.map(\.partition)).sorted() }

    /// Starts buffering for partition `task` of every input topic, dropping what was buffered for it before;
    /// `starts` are the offsets each input resumes at (what is before them counts as fetched).
    mutating func open(task: Int32, starts: [String: Int64] = [:], now: Int64 = 0) {
        for topic in topics { queues[TopicPartition(topic, task)] = RecordQueue(startOffset: starts[topic] ?? 0) }
        waitingSince[task] = nil
        upstream[task] = UpstreamProgress(expectedUntil: now + upstreamGrace)
    }

    /// Notes that `task` has read its partition of `credence.progress` up to its end: from now on a stage it has
    /// not heard from is expected only until the grace runs out.
    mutating func progressHistoryRead(task: Int32) {
        upstream[task]?.historyRead = true
    }

    /// The tasks that have not read their partition of `credence.progress` to its end yet.
    var tasksReadingProgressHistory: [Int32] {
        upstream.filter { !$0.value.historyRead }.map(\.key).sorted()
    }

    /// Drops what is buffered for `task`; its records are no longer this instance's to process.
    mutating func close(task: Int32) {
        for topic in topics { queues[TopicPartition(topic, task)] = nil }
        waitingSince[task] = nil
        upstream[task] = nil
    }

    // MARK: Upstream progress

    /// Takes in a progress record read from `credence.progress`: its stage is present on the partition, and its
    /// watermarks count for the topics it writes once they are fetched up to its offsets.
    mutating func note(_ progress: StageProgress) {
        guard var known = upstream.removeValue(forKey: progress.partition) else { return }
        defer { upstream[progress.partition] = known }
        var reads = false
        for (topic, stage) in upstreamOf where stage == progress.stage {
            reads = true
            known.promises[topic, default: PromisedWatermark()].add(offset: progress.offsets[topic] ?? 0,
                                                                     watermark: progress.watermark(for: topic))
            settle(&known, topic: topic, task: progress.partition)
        }
        if reads { known.present.insert(progress.stage) }
    }

    /// Moves the progress entries of `topic` whose offsets are fetched into its covered watermark.
    private func settle(_ known: inout UpstreamProgress, topic: String, task: Int32) {
        guard let fetched = queues[TopicPartition(topic, task)]?.nextOffset else { return }
        known.promises[topic]?.settle(fetched: fetched)
    }

    /// Whether the records of `topic` on `task` come from a stage the task waits on (present, or still expected).
    func waitsOnUpstream(task: Int32, topic: String, now: Int64) -> Bool {
        upstreamBound(task: task, topic: topic, now: now) != nil
    }

    /// The event time before which `task` has everything `topic`'s stage will write (`Int64.min`: nothing promised
    /// yet, or the stage is still expected); nil when the task does not wait on that stage.
    func upstreamBound(task: Int32, topic: String, now: Int64) -> Int64? {
        guard let stage = upstreamOf[topic], let known = upstream[task] else { return nil }
        if known.present.contains(stage) { return known.promises[topic]?.covered ?? Int64.min }
        return !known.historyRead || now < known.expectedUntil ? Int64.min : nil
    }

    /// The watermark `task` can promise for outputs the inputs `causes` (nil: all) can cause: the earliest time any
    /// of them may still bring, never before the stream clock `floor` (outputs carry the stream clock), and never
    /// after the next punctuation, whose outputs carry its time.
    /// - Parameter lag: records still to fetch per input partition; a partition missing from it has an unknown lag.
    func watermark(task: Int32, causes: Set<String>?, lag: [TopicPartition: Int64], floor: Int64, nextPunctuation: Int64?, now: Int64) -> Int64 {
        var bound = Int64.max
        var unmoving: Int64?
        for topic in topics where causes?.contains(topic) ?? true {
            let partition = TopicPartition(topic, task)
            guard let queue = queues[partition] else { continue }
            if let head = queue.head {
                if head.order.derived == 0 || upstreamBound(task: task, topic: topic, now: now) != nil {
                    bound = min(bound, head.order.eventTime)
                } else {
                    // Another stage's record, of a stage the task does not wait on, is applied at the stream clock of
                    // its turn: it counts only if it comes before every record that moves the clock (below).
                    unmoving = min(unmoving ?? head.order.eventTime, head.order.eventTime)
                }
            } else if let promised = upstreamBound(task: task, topic: topic, now: now) {
                bound = min(bound, promised)
            } else if lag[partition] != 0 {
                // Lagging, or not known yet: whatever comes is applied at the stream clock at the earliest.
                bound = min(bound, floor)
            }
        }
        // The next punctuation runs only if something still comes at or after it.
        if let nextPunctuation, bound != Int64.max { bound = min(bound, nextPunctuation) }
        if let unmoving, unmoving < bound { return floor }
        return max(floor, bound)
    }

    /// Whether `task` may run the punctuation at `time` before handing out its next record: that record is at
    /// `time` or later, no outside partition may still bring something earlier (nothing buffered and lag, or lag
    /// not known), and every stage the task waits on has promised everything before `time`. The punctuation then
    /// runs where it always would — after everything before `time`, before everything at or after it — without
    /// waiting for a record that may itself wait on what the punctuation causes (monitoring's overdue
    /// transitions, which dunning answers with actions monitoring must apply first).
    func mayPunctuate(task: Int32, at time: Int64, lag: [TopicPartition: Int64], now: Int64, horizon: Int64 = Int64.max) -> Bool {
        if let tableDay, Self.tableTime(afterPunctuation: time, interval: tableDay) > horizon { return false }
        var earliest: Int64?
        for topic in topics {
            let partition = TopicPartition(topic, task)
            guard let queue = queues[partition] else { continue }
            if let head = queue.head {
                // Only a record that moves the clock would run the punctuation.
                if head.order.derived == 0 || upstreamBound(task: task, topic: topic, now: now) != nil {
                    earliest = min(earliest ?? head.order.eventTime, head.order.eventTime)
                }
            } else if upstreamBound(task: task, topic: topic, now: now) == nil, lag[partition] != 0 {
                return false
            }
        }
        guard let earliest, earliest >= time else { return false }
        return !heldBackByUpstream(task: task, before: MergeOrder(eventTime: time, derived: 0, topicIndex: -1, offset: Int64.min), now: now)
    }

    /// Whether a record that moves the clock would read the global tables as of a time they are not complete for.
    private func readsTablesTooEarly(task: Int32, _ order: MergeOrder, best: TopicPartition, horizon: Int64, now: Int64) -> Bool {
        guard let time = tableTime(of: order.eventTime), time > horizon else { return false }
        return order.derived == 0 || upstreamBound(task: task, topic: best.topic, now: now) != nil
    }

    /// The event time of `task`'s earliest buffered record.
    func earliestBuffered(task: Int32) -> Int64? {
        topics.compactMap { queues[TopicPartition($0, task)]?.head?.order.eventTime }.min()
    }

    /// Whether a record at `order` must wait for a stage that may still write something before it to `task`.
    private func heldBackByUpstream(task: Int32, before order: MergeOrder, now: Int64) -> Bool {
        guard !upstreamOf.isEmpty else { return false }
        for (index, topic) in topics.enumerated() where upstreamOf[topic] != nil {
            guard let queue = queues[TopicPartition(topic, task)], queue.head == nil,
                  let bound = upstreamBound(task: task, topic: topic, now: now) else { continue }
            // The earliest the stage's next record can sort: at its watermark, as a derived record of its topic.
            if !(order < MergeOrder(eventTime: bound, derived: 1, topicIndex: index, offset: Int64.min)) { return true }
        }
        return false
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
        if upstreamOf[record.topic] != nil, var known = upstream.removeValue(forKey: partition.partition) {
            queues[partition] = queue
            settle(&known, topic: record.topic, task: partition.partition)
            upstream[partition.partition] = known
        }
        return true
    }

    /// How many records are buffered for an input partition.
    func bufferedCount(_ partition: TopicPartition) -> Int { queues[partition]?.count ?? 0 }

    /// Every input partition with nothing buffered: the ones whose lag a watermark needs.
    var emptyPartitions: [TopicPartition] {
        queues.filter { $0.value.count == 0 }.map(\.key).sorted()
    }

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
    /// - Parameter horizon: the event time before which the global tables hold everything (see `tableDay`).
    mutating func take(limit: Int, lag: [TopicPartition: Int64], now: Int64, horizon: Int64 = Int64.max) -> Taken {
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
                guard let best, let candidate = bestOrder else { break }
                if heldBackByUpstream(task: task, before: candidate, now: now)
                    || readsTablesTooEarly(task: task, candidate, best: best, horizon: horizon, now: now) {
                    // Another stage has not promised everything before this record yet: its progress record ends the
                    // next poll when it comes; a table's is read by another consumer, so look again within 20 ms.
                    taken.waitMilliseconds = min(taken.waitMilliseconds ?? 20, 20)
                    break
                }
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
        return MergeOrder(eventTime: time, derived: isDerived(record) ? 1 : 0, topicIndex: topicIndex, offset: record.offset)
    }

    /// Whether a Credence stage produced the record (its `ce_source` is `credence/<stage>`).
    static func isDerived(_ record: ConsumerRecord) -> Bool {
        record.header(EventCodec.HeaderKey.source)?.value?.starts(with: EventStageIdentity.stageSourcePrefix.utf8) == true
    }
}

/// A FIFO of buffered records that pops from the front without moving the rest.
struct RecordQueue: Sendable {
    private var entries: [EventTimeMerger.Entry] = []
    private var start = 0
    /// The offset of the last record appended, popped or not.
    private(set) var lastOffset: Int64?
    /// The offset the partition resumed at: everything before it counts as fetched.
    var startOffset: Int64 = 0

    init(startOffset: Int64 = 0) {
        self.startOffset = startOffset
    }

    /// The offset after the last record fetched (appended), or the resume offset when none was.
    var nextOffset: Int64 { max(startOffset, (lastOffset ?? -1) + 1) }

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
