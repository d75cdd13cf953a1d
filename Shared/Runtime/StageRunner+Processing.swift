import Domain
import Foundation
import Kafka

extension StageRunner {
    /// Decodes and processes a batch in partition order against the in-memory state, and plans what to write.
    /// - Parameter writeChangelog: whether the changelog records (and the positions they make committable) of
    ///   every partition changed since the last write go with this batch; otherwise changes accumulate, and a
    ///   key changed by several batches is written once.
    func buildPlan(_ records: [ConsumerRecord], systemNow: Date, writeChangelog: Bool) -> BatchPlan {
        var tableSnapshots = GlobalTableValues()
        for table in tables { table.addSnapshot(to: &tableSnapshots) }
        return shared.withLock { shared in
            var plan = BatchPlan()
            // Each partition's state is taken out of the table while it is worked on and put back after: mutating
            // a copy still referenced by the table would copy its whole key table (every buyer) per record.
            for record in records {
                guard var partition = shared.partitions.removeValue(forKey: record.partition) else { continue }
                plan.consumedPerTopic[record.topic, default: 0] += 1
                process(record, in: &partition, plan: &plan, tables: tableSnapshots, systemNow: systemNow)
                partition.advance(topic: record.topic, past: record.offset)
                plan.touchedPartitions.insert(record.partition)
                shared.partitions[record.partition] = partition
            }
            if !configuration.clock.isStream {
                for number in shared.partitions.keys.sorted() {
                    guard var partition = shared.partitions.removeValue(forKey: number) else { continue }
                    if punctuateByWallClock(&partition, plan: &plan, tables: tableSnapshots, systemNow: systemNow) {
                        plan.touchedPartitions.insert(number)
                    }
                    shared.partitions[number] = partition
                }
            }
            if writeChangelog {
                for number in shared.partitions.keys.sorted() where shared.partitions[number]?.hasUnwrittenChanges == true {
                    guard var partition = shared.partitions.removeValue(forKey: number) else { continue }
                    plan.changelog += changelogRecords(&partition)
                    plan.positions += partition.checkpoint.offsets.sorted { $0.key < $1.key }.map {
                        TopicPartitionOffset(topic: $0.key, partition: number, offset: $0.value)
                    }
                    plan.touchedPartitions.insert(number)
                    shared.partitions[number] = partition
                }
            }
            return plan
        }
    }

    private func process(
        _ record: ConsumerRecord,
        in partition: inout PartitionState<Processor.State>,
        plan: inout BatchPlan,
        tables: GlobalTableValues,
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
            if configuration.clock.isStream, let eventTime {
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
                tables: tables
            )
            let outcome = processor.process(state: state, input: input, context: context)
            if let rejection = outcome.rejection {
                deadLetter(record, rejection, plan: &plan)
                return
            }
            if let reason = outcome.ignored { plan.ignored[IgnoredInput(topic: record.topic, reason: reason), default: 0] += 1 }
            partition.apply(key: key, state: outcome.state, topic: record.topic, offset: record.offset, id: id, content: content,
                            rememberedIDs: configuration.rememberedIDs)
            plan.outputs += outcome.outputs.map(producerRecord)
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

    private func producerRecord(_ output: OutputRecord) -> ProducerRecord {
        ProducerRecord(topic: output.topic, key: Array(output.key.utf8), value: output.value, headers: output.headers.map(KafkaHeader.init))
    }

    // MARK: Punctuation

    /// Stream clock: runs every punctuation time that falls at or before `time`, in order, before the
    /// event at `time` is applied — the same outputs however the input is batched.
    private func punctuateByStreamClock(
        _ partition: inout PartitionState<Processor.State>,
        upTo time: Date,
        plan: inout BatchPlan,
        tables: GlobalTableValues
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

    /// Wall and accelerated clocks: punctuates when an interval has passed since the last time.
    private func punctuateByWallClock(
        _ partition: inout PartitionState<Processor.State>,
        plan: inout BatchPlan,
        tables: GlobalTableValues,
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
        tables: GlobalTableValues
    ) {
        let stamp = Int64((time.timeIntervalSince1970 * 1000).rounded(.down))
        for key in partition.entries.keys.sorted() {
            guard let state = partition.entries[key]?.state else { continue }
            let context = ProcessingContext(now: time, key: key, causeID: "\(key)@\(stamp)", partition: partition.partition, tables: tables)
            let outcome = processor.punctuate(state: state, key: key, context: context)
            if let rejection = outcome.rejection {
                logger.error("punctuation refused", metadata: ["key": "\(key)", "partition": "\(partition.partition)", "error": "\(rejection)"])
                continue
            }
            partition.replace(key: key, state: outcome.state)
            plan.outputs += outcome.outputs.map(producerRecord)
        }
    }

    // MARK: Changelog

    /// The changelog records of what changed in a partition: state of each dirty key, then its checkpoint.
    func changelogRecords(_ partition: inout PartitionState<Processor.State>) -> [ProducerRecord] {
        var records: [ProducerRecord] = []
        let topic = configuration.changelogTopic
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
            records.append(ProducerRecord(topic: topic, partition: partition.partition, key: Array(ChangelogKey.state(key).utf8), value: value))
        }
        // Every write ends with the checkpoint and the number of keys it leaves, so a restore can tell a changelog
        // that lost records (the embedded broker's window) from a whole one.
        if !partition.dirtyKeys.isEmpty { partition.checkpointDirty = true }
        partition.dirtyKeys.removeAll(keepingCapacity: true)
        partition.checkpoint.keys = partition.entries.count
        if partition.checkpointDirty, let checkpoint = try? ChangelogCoder.encode(partition.checkpoint) {
            records.append(ProducerRecord(topic: topic, partition: partition.partition, key: Array(ChangelogKey.offsets(partition.partition).utf8), value: checkpoint))
            partition.checkpointDirty = false
        }
        partition.writtenOffsets = partition.checkpoint.offsets
        return records
    }
}
