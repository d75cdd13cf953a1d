import Domain
import Foundation
import Kafka
import Logging

/// The pure core of a stage instance: the in-memory state of every assigned partition, the event-time merge of
/// its tasks' inputs, and the planning of what to write. It does no I/O: the runner (`StageRunner`) feeds it the
/// records it polled, the lag it read and the time, and carries out the plans it returns — produce, store
/// positions, pause, resume, commit. Everything here is unit-tested without a broker (`StageStateMachineTests`).
struct StageStateMachine<Processor: StageProcessor>: ~Copyable {
    let processor: Processor
    let configuration: StageConfiguration
    let logger: Logger
    /// Each input topic's partition count, read at start: the modulus of the partitioning rule every input is checked against.
    var partitionCounts: [String: Int] = [:]
    /// Every assigned and restored partition's state, by partition number (task).
    var partitions: [Int32: PartitionState<Processor.State>] = [:]
    /// Polled records not processed yet, merged per task in event-time order.
    var merger: EventTimeMerger
    /// Input partitions assigned since the loop last looked: resumed in case a pause outlived their revocation.
    var newlyAssigned: [TopicPartition] = []
    /// When the open Kafka transaction began; nil when none is open (or without transactions).
    var transactionOpenedAt: ContinuousClock.Instant?
    /// The topic stream-clock progress is read from and published to; nil when the stage neither waits on nor
    /// tells other stages (not the stream clock, or no such topic on the cluster).
    private(set) var progressTopic: String?
    /// The watermark each task last published.
    private var publishedWatermarks: [Int32: TaskWatermark] = [:]
    /// The lag and monotonic time of the last `take`, which the watermarks are computed with.
    private var lastLag: [TopicPartition: Int64] = [:]
    private var lastNow: Int64 = 0
    /// Of the last `take`: the event time before which every global table holds all its stage will write.
    private var lastHorizon: Int64 = Int64.max

    /// A state machine with no partition assigned yet.
    init(processor: Processor, configuration: StageConfiguration, logger: Logger) {
        self.processor = processor
        self.configuration = configuration
        self.logger = logger
        merger = EventTimeMerger(topics: processor.inputTopics, maxIdleMilliseconds: Int64(configuration.maxIdleMilliseconds),
                                 waitsOutLag: configuration.clock == .stream)
    }

    // MARK: Assignment

    /// Takes over a partition with its restored state; its input partitions start unpaused.
    /// - Parameter now: monotonic milliseconds, from which stages not heard from yet are still expected a while.
    mutating func assign(partition number: Int32, restored: PartitionState<Processor.State>, inputs: [TopicPartition], now: Int64 = 0) {
        partitions[number] = restored
        merger.open(task: number, starts: restored.checkpoint.offsets, now: now)
        publishedWatermarks[number] = nil
        newlyAssigned += inputs
    }

    // MARK: Stages side by side

    /// The stages this stage reads outputs of, by the input topic each writes.
    static func upstreamStages(of processor: Processor) -> [String: String] {
        var result: [String: String] = [:]
        for topic in processor.inputTopics {
            if let stage = TopicCatalog.producingStage(of: topic), stage.rawValue != processor.name { result[topic] = stage.rawValue }
        }
        return result
    }

    /// On the stream clock: waits on the progress of the stages this one reads from (those not heard from within
    /// `grace` milliseconds of a task's assignment, once it has read its progress partition to the end, are taken
    /// as not running) and publishes its own on `topic`. Called before any partition is assigned.
    mutating func coordinate(through topic: String, grace: Int64) {
        guard configuration.clock.isStream else { return }
        progressTopic = topic
        merger = EventTimeMerger(topics: processor.inputTopics, maxIdleMilliseconds: Int64(configuration.maxIdleMilliseconds),
                                 waitsOutLag: true, upstreamOf: Self.upstreamStages(of: processor))
        merger.upstreamGrace = grace
        if !processor.globalTables.isEmpty { merger.tableDay = Int64(configuration.punctuationInterval * 1000) }
    }

    /// The earliest time a task may still read the global tables as of: the earliest last punctuation, or the
    /// earliest buffered record of a task that has none yet; nil when some task has neither (nothing may be pruned).
    var oldestTableTime: Int64? {
        guard configuration.clock.isStream, !partitions.isEmpty else { return nil }
        let interval = Int64(configuration.punctuationInterval * 1000)
        var oldest = Int64.max
        for (number, partition) in partitions {
            let punctuated = partition.checkpoint.lastPunctuation.map { EventTimeMerger.tableTime(afterPunctuation: $0, interval: interval) }
            guard let time = punctuated ?? merger.earliestBuffered(task: number).flatMap({ merger.tableTime(of: $0) }) else { return nil }
            oldest = min(oldest, time)
        }
        return oldest
    }

    /// The time a step reads the global tables as of on the stream clock, after the punctuation at `punctuation`:
    /// the start of the interval before (see `EventTimeMerger.tableDay`).
    func tableTime(afterPunctuation punctuation: Int64) -> Int64 {
        EventTimeMerger.tableTime(afterPunctuation: punctuation, interval: Int64(configuration.punctuationInterval * 1000))
    }

    /// Makes every task publish its watermark with the next plan, moved or not (after batches were finished
    /// without their progress records).
    mutating func republishWatermarks() {
        publishedWatermarks = [:]
    }

    /// The watermarks `task` can promise now (see `EventTimeMerger.watermark`).
    func watermark(of task: Int32) -> TaskWatermark? {
        guard let partition = partitions[task] else { return nil }
        let floor = partition.checkpoint.streamTime ?? Int64.min
        let interval = Int64(configuration.punctuationInterval * 1000)
        let next = partition.checkpoint.lastPunctuation.map { $0 + interval }
        var result = TaskWatermark(all: merger.watermark(task: task, causes: nil, lag: lastLag, floor: floor, nextPunctuation: next, now: lastNow))
        for (topic, causes) in processor.outputCauses.sorted(by: { $0.key < $1.key }) {
            let own = merger.watermark(task: task, causes: causes, lag: lastLag, floor: floor, nextPunctuation: next, now: lastNow)
            if own != result.all { result.topics[topic] = own }
        }
        return result
    }

    /// What a revocation writes: the changelog of what the partitions changed since their last write, the positions
    /// that write makes committable, and the positions of the previous write (committed if the write fails).
    struct RevocationWrite {
        var changelog: [ProducerRecord] = []
        var positions: [TopicPartitionOffset] = []
        var previousPositions: [TopicPartitionOffset] = []
    }

    /// Plans the write of partitions about to move (`writing` false when they are lost: nothing may be written).
    mutating func prepareRevocation(of numbers: Set<Int32>, writing: Bool) -> RevocationWrite {
        var write = RevocationWrite()
        for number in numbers.sorted() {
            guard var state = partitions.removeValue(forKey: number) else { continue }
            write.previousPositions += Self.positions(state.writtenOffsets, partition: number)
            if writing, state.hasUnwrittenChanges { write.changelog += changelogRecords(&state) }
            write.positions += Self.positions(state.writtenOffsets, partition: number)
            partitions[number] = state
        }
        return write
    }

    /// Lets the state and buffered records of partitions that moved go.
    mutating func release(_ numbers: Set<Int32>) {
        for number in numbers {
            partitions[number] = nil
            merger.close(task: number)
        }
    }

    /// Plans the changelog of every partition changed since its last write (for a transaction's commit).
    mutating func changelogOfChangedPartitions() -> [ProducerRecord] {
        var records: [ProducerRecord] = []
        for number in partitions.keys.sorted() where partitions[number]?.hasUnwrittenChanges == true {
            guard var partition = partitions.removeValue(forKey: number) else { continue }
            records += changelogRecords(&partition)
            partitions[number] = partition
        }
        return records
    }

    /// The positions every partition's last changelog write makes committable.
    var writtenPositions: [TopicPartitionOffset] {
        partitions.keys.sorted().flatMap { Self.positions(partitions[$0]?.writtenOffsets ?? [:], partition: $0) }
    }

    static func positions(_ offsets: [String: Int64], partition: Int32) -> [TopicPartitionOffset] {
        offsets.sorted { $0.key < $1.key }.map { TopicPartitionOffset(topic: $0.key, partition: partition, offset: $0.value) }
    }

    // MARK: The event-time merge

    /// Buffers polled records per input partition; records already reflected in their partition's state (before
    /// its checkpoint) or of partitions not held are dropped.
    mutating func buffer(_ polled: [ConsumerRecord]) {
        for record in polled {
            if record.topic == progressTopic {
                if let progress = record.value.flatMap(StageProgress.decode), progress.partition == record.partition {
                    merger.note(progress)
                }
                continue
            }
            guard let partition = partitions[record.partition] else { continue }
            if let next = partition.checkpoint.offsets[record.topic], record.offset < next { continue }
            merger.add(record)
        }
    }

    /// The input partitions of busy tasks with nothing buffered, with the offset each resumes at: the partitions
    /// whose lag the runner must read before `take`.
    var partitionsToCheckForLag: [TopicPartition: Int64?] {
        var result: [TopicPartition: Int64?] = [:]
        // Watermarks need the lag of every empty input, busy task or not.
        for partition in progressTopic == nil ? merger.emptyPartitionsOfBusyTasks : merger.emptyPartitions {
            result[partition] = partitions[partition.partition]?.checkpoint.offsets[partition.topic]
        }
        // And a task must know when it has read its partition of the progress topic to the end.
        if let progressTopic {
            for task in merger.tasksReadingProgressHistory { result[TopicPartition(progressTopic, task)] = .some(nil) }
        }
        return result
    }

    /// The next records to process, in event-time order per task (see `EventTimeMerger.take`).
    /// - Parameter horizon: the event time before which every global table holds all its stage will write; a
    ///   record whose day starts after it waits (the stream clock reads tables as of the start of the day).
    mutating func take(limit: Int, lag: [TopicPartition: Int64], now: Int64, horizon: Int64 = Int64.max) -> EventTimeMerger.Taken {
        lastLag = lag
        lastNow = now
        lastHorizon = horizon
        if let progressTopic {
            for task in merger.tasksReadingProgressHistory where lag[TopicPartition(progressTopic, task)] == 0 {
                merger.progressHistoryRead(task: task)
            }
        }
        return merger.take(limit: limit, lag: lag, now: now, horizon: horizon)
    }

    /// The input partitions assigned since the last call.
    mutating func takeNewlyAssigned() -> [TopicPartition] {
        defer { newlyAssigned = [] }
        return newlyAssigned
    }

    // MARK: Planning

    /// Decodes and processes records in order against the in-memory state, runs the wall clock's punctuation,
    /// and plans what to write.
    /// - Parameter writeChangelog: whether the changelog records (and the positions they make committable) of
    ///   every partition changed since the last write go with this plan; otherwise changes accumulate, and a key
    ///   changed by several batches is written once.
    mutating func plan(_ records: [ConsumerRecord], tables: GlobalTableValues, systemNow: Date, writeChangelog: Bool) -> BatchPlan {
        plan(records, tablesAsOf: { _ in tables }, systemNow: systemNow, writeChangelog: writeChangelog)
    }

    /// The global tables a step sees, given the time they are read as of (nil: their latest values).
    typealias TableView = (Int64?) -> GlobalTableValues

    /// `plan`, with the tables as of a time: on the stream clock a rule reads each global table as it stood at the
    /// start of the day before the clock's (one interval before the last punctuation), so what it sees depends on
    /// the stream time alone.
    mutating func plan(_ records: [ConsumerRecord], tablesAsOf tables: TableView, systemNow: Date, writeChangelog: Bool) -> BatchPlan {
        var plan = BatchPlan()
        // Each partition's state is taken out of the table while it is worked on and put back after: mutating a
        // copy still referenced by the table would copy its whole key table (every buyer) per record.
        for record in records {
            guard var partition = partitions.removeValue(forKey: record.partition) else { continue }
            plan.consumedPerTopic[record.topic, default: 0] += 1
            process(record, in: &partition, plan: &plan, tables: tables, systemNow: systemNow)
            partition.advance(topic: record.topic, past: record.offset)
            plan.touchedPartitions.insert(record.partition)
            partitions[record.partition] = partition
        }
        if !configuration.clock.isStream {
            for number in partitions.keys.sorted() {
                guard var partition = partitions.removeValue(forKey: number) else { continue }
                if punctuateByWallClock(&partition, plan: &plan, tables: tables, systemNow: systemNow) {
                    plan.touchedPartitions.insert(number)
                }
                partitions[number] = partition
            }
        }
        if progressTopic != nil {
            for number in partitions.keys.sorted() {
                guard var partition = partitions.removeValue(forKey: number) else { continue }
                if punctuateAhead(&partition, plan: &plan, tables: tables) { plan.touchedPartitions.insert(number) }
                partitions[number] = partition
            }
            for number in partitions.keys.sorted() {
                guard let watermark = watermark(of: number), watermark != publishedWatermarks[number] else { continue }
                publishedWatermarks[number] = watermark
                plan.progress[number] = watermark
            }
        }
        if writeChangelog {
            for number in partitions.keys.sorted() where partitions[number]?.hasUnwrittenChanges == true {
                guard var partition = partitions.removeValue(forKey: number) else { continue }
                plan.changelog += changelogRecords(&partition)
                plan.positions += Self.positions(partition.checkpoint.offsets, partition: number)
                plan.touchedPartitions.insert(number)
                partitions[number] = partition
            }
        }
        return plan
    }

    private func process(
        _ record: ConsumerRecord,
        in partition: inout PartitionState<Processor.State>,
        plan: inout BatchPlan,
        tables: TableView,
        systemNow: Date
    ) {
        if DeadLetter.isReplay(record, forAnotherStageThan: configuration.stage) { return }
        if let size = record.value?.count, size > configuration.maximumRecordBytes {
            deadLetter(record, EventRejection(code: .recordTooLarge, field: "",
                                              message: "value of \(size) bytes is larger than the \(configuration.maximumRecordBytes) bytes a stage reads"),
                       plan: &plan)
            return
        }
        // The edge: the processor sees the runtime's record, never Kafka's.
        let inputRecord = InputRecord(record)
        switch processor.decode(inputRecord) {
        case .rejected(let rejection):
            deadLetter(record, rejection, plan: &plan)
        case .tick(let time):
            if configuration.clock.isStream {
                punctuateByStreamClock(&partition, upTo: time, plan: &plan, tables: tables)
                partition.observe(eventTime: time)
            }
        case .input(let key, let id, let eventTime, let input):
            if let partitions = partitionCounts[record.topic] {
                do {
                    try RecordContract.requirePartition(key: key.utf8, partition: record.partition, partitions: partitions)
                } catch {
                    deadLetter(record, error, plan: &plan)
                    return
                }
            }
            // A record another stage derived moves the clock only when the merge waited for that stage: then it comes
            // in event-time order with everything else, however fast the stages ran.
            let derived = merger.upstreamOf[record.topic] != nil || EventTimeMerger.isDerived(record)
            if configuration.clock.isStream, let eventTime,
               !derived || merger.waitsOnUpstream(task: record.partition, topic: record.topic, now: lastNow) {
                punctuateByStreamClock(&partition, upTo: eventTime, plan: &plan, tables: tables)
                partition.observe(eventTime: eventTime)
            }
            let content = processor.contentFingerprint(inputRecord)
            switch partition.delivery(key: key, topic: record.topic, offset: record.offset, id: id, content: content) {
            case .new:
                break
            case .redelivery:
                plan.skippedPerTopic[record.topic, default: 0] += 1
                return
            case .conflictingDuplicate:
                deadLetter(record, EventRejection(code: .conflictingDuplicate, field: "ce_id",
                                                  message: "event \"\(id)\" was already applied with other content"), plan: &plan)
                return
            }
            let state = partition.entries[key]?.state
            if let rejection = processor.admit(state: state, input: input) {
                deadLetter(record, rejection, plan: &plan)
                return
            }
            let context = ProcessingContext(
                now: configuration.clock.now(streamTime: partition.streamTime, systemNow: systemNow),
                key: key,
                causeID: id,
                partition: record.partition,
                tables: tables(configuration.clock.isStream ? tableTime(afterPunctuation: partition.checkpoint.lastPunctuation ?? Int64.min) : nil)
            )
            let outcome = processor.process(state: state, input: input, context: context)
            if let rejection = outcome.rejection {
                deadLetter(record, rejection, plan: &plan)
                return
            }
            if let reason = outcome.ignored { plan.ignored[IgnoredInput(topic: record.topic, reason: reason), default: 0] += 1 }
            partition.apply(key: key, state: outcome.state, topic: record.topic, offset: record.offset, id: id, content: content,
                            rememberedIDs: configuration.rememberedIDs)
            plan.outputs += outcome.outputs.map(Self.producerRecord)
        }
    }

    private func deadLetter(_ record: ConsumerRecord, _ rejection: EventRejection, plan: inout BatchPlan) {
        logger.warning("input parked on the dead-letter topic", metadata: [
            "partition": "\(record.partition)", "offset": "\(record.offset)", "topic": "\(record.topic)",
            "error": "\(rejection.code.rawValue)", "field": "\(rejection.field)", "reason": "\(rejection.message)",
        ])
        plan.deadLetters.append(DeadLetter.record(for: record, rejection: rejection, attemptCount: 1, stage: configuration.stage, topic: configuration.deadLetterTopic))
        plan.deadLetterCauses.append(DeadLetterCause(code: rejection.code.rawValue, sourceTopic: record.topic))
    }

    private static func producerRecord(_ output: OutputRecord) -> ProducerRecord {
        ProducerRecord(topic: output.topic, key: Array(output.key.utf8), value: output.value, headers: output.headers.map(KafkaHeader.init))
    }

    // MARK: Punctuation

    /// Stream clock: runs every punctuation time that falls at or before `time`, in order, before the
    /// event at `time` is applied — the same outputs however the input is batched.
    private func punctuateByStreamClock(
        _ partition: inout PartitionState<Processor.State>,
        upTo time: Date,
        plan: inout BatchPlan,
        tables: TableView
    ) {
        let interval = Int64(configuration.punctuationInterval * 1000)
        let target = Int64((time.timeIntervalSince1970 * 1000).rounded(.down))
        guard let last = partition.checkpoint.lastPunctuation else {
            partition.checkpoint.lastPunctuation = target - ((target % interval) + interval) % interval
            partition.checkpointDirty = true
            return
        }
        var next = last + interval
        while next <= target {
            punctuateAll(&partition, at: Date(timeIntervalSince1970: Double(next) / 1000), plan: &plan, tables: tables)
            partition.checkpoint.lastPunctuation = next
            partition.checkpointDirty = true
            next += interval
        }
    }

    /// Stream clock, stages side by side: runs each punctuation the task's next record is at or past as soon as
    /// nothing before it can still come (`EventTimeMerger.mayPunctuate`), rather than when that record is handed
    /// out — the same place in the merged order, so the same outputs.
    private func punctuateAhead(
        _ partition: inout PartitionState<Processor.State>,
        plan: inout BatchPlan,
        tables: TableView
    ) -> Bool {
        let interval = Int64(configuration.punctuationInterval * 1000)
        var punctuated = false
        while let last = partition.checkpoint.lastPunctuation,
              merger.mayPunctuate(task: partition.partition, at: last + interval, lag: lastLag, now: lastNow, horizon: lastHorizon) {
            let time = Date(timeIntervalSince1970: Double(last + interval) / 1000)
            punctuateAll(&partition, at: time, plan: &plan, tables: tables)
            partition.checkpoint.lastPunctuation = last + interval
            partition.observe(eventTime: time)
            partition.checkpointDirty = true
            punctuated = true
        }
        return punctuated
    }

    /// Wall and accelerated clocks: punctuates when an interval has passed since the last time.
    private func punctuateByWallClock(
        _ partition: inout PartitionState<Processor.State>,
        plan: inout BatchPlan,
        tables: TableView,
        systemNow: Date
    ) -> Bool {
        let now = configuration.clock.now(streamTime: partition.streamTime, systemNow: systemNow)
        let millis = Int64((now.timeIntervalSince1970 * 1000).rounded(.down))
        guard let last = partition.checkpoint.lastPunctuation else {
            partition.checkpoint.lastPunctuation = millis
            partition.checkpointDirty = true
            return true
        }
        guard Double(millis - last) >= configuration.punctuationInterval * 1000 else { return false }
        punctuateAll(&partition, at: now, plan: &plan, tables: tables)
        partition.checkpoint.lastPunctuation = millis
        partition.checkpointDirty = true
        return true
    }

    private func punctuateAll(
        _ partition: inout PartitionState<Processor.State>,
        at time: Date,
        plan: inout BatchPlan,
        tables: TableView
    ) {
        let stamp = Int64((time.timeIntervalSince1970 * 1000).rounded(.down))
        for key in partition.entries.keys.sorted() {
            guard let state = partition.entries[key]?.state, !processor.isDormant(state) else { continue }
            let context = ProcessingContext(now: time, key: key, causeID: "\(key)@\(stamp)", partition: partition.partition,
                                            tables: tables(configuration.clock.isStream ? tableTime(afterPunctuation: stamp) : nil))
            let outcome = processor.punctuate(state: state, key: key, context: context)
            if let rejection = outcome.rejection {
                logger.error("punctuation refused", metadata: ["key": "\(key)", "partition": "\(partition.partition)", "error": "\(rejection)"])
                continue
            }
            partition.replace(key: key, state: outcome.state)
            plan.outputs += outcome.outputs.map(Self.producerRecord)
        }
    }

    // MARK: Changelog

    /// The changelog records of what changed in a partition: state of each dirty key, then its checkpoint.
    func changelogRecords(_ partition: inout PartitionState<Processor.State>) -> [ProducerRecord] {
        var records: [ProducerRecord] = []
        let topic = configuration.changelogTopic
        if let window = configuration.changelogWindowBytes, partition.refreshRecordsLeaving(window: Int64(window)) > partition.entries.count / 2,
           partition.entries.count > 1 {
            logger.warning("the changelog partition's live state is near the broker's window; records are rewritten before they leave it",
                           metadata: ["partition": "\(partition.partition)", "keys": "\(partition.entries.count)", "windowBytes": "\(window)"])
        }
        for key in partition.dirtyKeys.sorted() {
            let value: [UInt8]?
            if let entry = partition.entries[key] {
                guard let encoded = try? ChangelogCoder.encode(entry) else {
                    logger.error("state cannot be encoded; kept in memory only", metadata: ["key": "\(key)"])
                    continue
                }
                value = encoded
            } else {
                value = nil
            }
            let record = ProducerRecord(topic: topic, partition: partition.partition, key: Array(ChangelogKey.state(key).utf8), value: value)
            partition.noteWritten(key: key, size: (record.key?.count ?? 0) + (value?.count ?? 0), removed: value == nil)
            records.append(record)
        }
        // Every write ends with the checkpoint and the number of keys it leaves, so a restore can tell a changelog
        // that lost records (the embedded broker's window) from a whole one.
        if !partition.dirtyKeys.isEmpty { partition.checkpointDirty = true }
        partition.dirtyKeys.removeAll(keepingCapacity: true)
        partition.checkpoint.keys = partition.entries.count
        if partition.checkpointDirty, let checkpoint = try? ChangelogCoder.encode(partition.checkpoint) {
            records.append(ProducerRecord(topic: topic, partition: partition.partition, key: Array(ChangelogKey.offsets(partition.partition).utf8), value: checkpoint))
            partition.noteWritten(key: nil, size: checkpoint.count + 16, removed: false)
            partition.checkpointDirty = false
        }
        partition.writtenOffsets = partition.checkpoint.offsets
        return records
    }
}
