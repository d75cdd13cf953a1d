import Kafka

/// The bookkeeping of pipelined delivery, free of I/O: which batches are in flight, what may be produced next,
/// and which batches are done so their positions may be stored.
///
/// The loop hands over each batch's plan and goes on processing; it never waits for delivery reports. The rules
/// that keep the effectively-once guarantee:
/// - a batch's outputs (and dead letters) are produced at once;
/// - a batch's changelog records are produced only once the outputs of that batch and of every earlier batch are
///   acknowledged, because the changelog says those inputs were applied;
/// - a batch is complete once its outputs and its changelog are acknowledged, and batches complete in order, so
///   the positions a completed batch carries are storable;
/// - a failed record stops the progress of its batch and of every later one: nothing is stored past it until the
///   runner has resent what failed.
struct DeliveryPipeline: Sendable {
    /// What a record belongs to: outputs and dead letters first, then the changelog.
    enum Phase: Sendable, Equatable {
        case outputs
        case changelog
    }

    /// Records the runner must produce now, in this order, for a batch's phase.
    struct ProduceOrder: Sendable {
        var batch: UInt64
        var phase: Phase
        var records: [ProducerRecord]
    }

    /// One batch in flight.
    struct Batch: Sendable {
        let id: UInt64
        let plan: BatchPlan
        /// The outputs and then the dead letters, as produced.
        let outputRecords: [ProducerRecord]
        var outputs: Progress
        /// Nil until the changelog is produced.
        var changelog: Progress?
        /// The changelog records and then the progress records, as produced; empty until they are.
        var changelogRecords: [ProducerRecord] = []

        /// The records of a phase, in the order they were produced.
        func records(_ phase: Phase) -> [ProducerRecord] {
            phase == .outputs ? outputRecords : changelogRecords
        }

        var isComplete: Bool {
            outputs.isAcknowledged && (changelog?.isAcknowledged ?? false)
        }

        var hasFailures: Bool {
            !outputs.failed.isEmpty || !(changelog?.failed.isEmpty ?? true)
        }
    }

    /// How far a phase's records got: how many are still awaited, and which failed (by index) with what error.
    struct Progress: Sendable {
        var pending: Int
        /// The bytes of the phase's records, counted in flight until the last of them is answered.
        var bytes: Int
        var failed: [Int: KafkaError] = [:]

        init(_ records: [ProducerRecord]) {
            pending = records.count
            bytes = records.reduce(0) { $0 + ($1.key?.count ?? 0) + ($1.value?.count ?? 0) }
        }

        var isAcknowledged: Bool { pending == 0 && failed.isEmpty }
    }

    private(set) var batches: [Batch] = []
    private var nextID: UInt64 = 0
    /// Records produced and not yet acknowledged or failed.
    private(set) var inFlightRecords = 0
    /// Bytes (keys and values) of the records in flight.
    private(set) var inFlightBytes = 0
    /// Where progress records go and whose they are; nil when the stage publishes none (see `StageProgress`).
    var progressTarget: (stage: String, topic: String)?
    /// Per topic and partition, the offset after the last record acknowledged: what a progress record covers.
    private(set) var acknowledgedEnds: [TopicPartition: Int64] = [:]

    /// Whether any record is awaited.
    var isQuiescent: Bool { inFlightRecords == 0 }

    /// Whether some record failed and waits for the runner to resend it.
    var hasFailures: Bool { batches.contains(where: \.hasFailures) }

    /// Whether nothing is in the pipeline at all.
    var isEmpty: Bool { batches.isEmpty }

    /// Takes a batch in: returns what to produce now (its outputs, and its changelog too if everything before it
    /// is acknowledged already).
    mutating func submit(_ plan: BatchPlan) -> [ProduceOrder] {
        let id = nextID
        nextID += 1
        let outputs = plan.outputs + plan.deadLetters
        let progress = Progress(outputs)
        batches.append(Batch(id: id, plan: plan, outputRecords: outputs, outputs: progress))
        var orders: [ProduceOrder] = []
        if !outputs.isEmpty {
            track(progress)
            orders.append(ProduceOrder(batch: id, phase: .outputs, records: outputs))
        }
        return orders + releasableChangelogs()
    }

    /// Records the outcome of one record (by its index within its batch's phase); returns the changelogs that
    /// this acknowledgement releases.
    mutating func acknowledged(batch id: UInt64, phase: Phase, index: Int, error: KafkaError?, report: DeliveryReport? = nil) -> [ProduceOrder] {
        guard let position = batches.firstIndex(where: { $0.id == id }) else { return [] }
        inFlightRecords -= 1
        if let report, progressTarget != nil {
            let partition = TopicPartition(report.topic, report.partition)
            acknowledgedEnds[partition] = max(acknowledgedEnds[partition] ?? 0, report.offset + 1)
        }
        var progress: Progress
        switch phase {
        case .outputs: progress = batches[position].outputs
        case .changelog: progress = batches[position].changelog ?? Progress([])
        }
        progress.pending -= 1
        if let error { progress.failed[index] = error }
        if progress.pending == 0 { inFlightBytes -= progress.bytes }
        switch phase {
        case .outputs: batches[position].outputs = progress
        case .changelog: batches[position].changelog = progress
        }
        return error == nil && progress.pending == 0 ? releasableChangelogs() : []
    }

    /// The completed batches at the head, in order, taken out: their positions may be stored.
    mutating func takeCompleted() -> [BatchPlan] {
        let count = batches.prefix(while: \.isComplete).count
        let done = batches.prefix(count).map(\.plan)
        batches.removeFirst(count)
        return done
    }

    /// Every batch, taken out once nothing is in flight, for the runner to finish them by resending what failed
    /// and producing the changelogs not produced yet; none while a record is still awaited.
    mutating func takeAll() -> [Batch] {
        guard isQuiescent else { return [] }
        defer { batches = [] }
        return batches
    }

    /// The changelogs not produced yet whose outputs, and all outputs before them, are acknowledged; marked
    /// produced. A failed record anywhere before holds every later changelog back.
    private mutating func releasableChangelogs() -> [ProduceOrder] {
        var orders: [ProduceOrder] = []
        for position in batches.indices {
            let batch = batches[position]
            guard batch.outputs.isAcknowledged, batch.changelog?.failed.isEmpty ?? true else { break }
            guard batch.changelog == nil else { continue }
            // Every output before this point is acknowledged: the batch's watermarks may be published.
            let records = batch.plan.changelog + progressRecords(batch.plan.progress)
            let progress = Progress(records)
            batches[position].changelog = progress
            batches[position].changelogRecords = records
            if !records.isEmpty {
                track(progress)
                orders.append(ProduceOrder(batch: batch.id, phase: .changelog, records: records))
            }
        }
        return orders
    }

    /// Counts records written to `partition` up to `end` (exclusive) in what progress records cover.
    mutating func noteWritten(_ partition: TopicPartition, end: Int64) {
        guard progressTarget != nil else { return }
        acknowledgedEnds[partition] = max(acknowledgedEnds[partition] ?? 0, end)
    }

    /// The progress records of a batch's watermarks, with the end offsets acknowledged so far on each partition.
    private func progressRecords(_ watermarks: [Int32: TaskWatermark]) -> [ProducerRecord] {
        guard let progressTarget, !watermarks.isEmpty else { return [] }
        return watermarks.sorted { $0.key < $1.key }.map { partition, watermark in
            var offsets: [String: Int64] = [:]
            for (written, end) in acknowledgedEnds where written.partition == partition && written.topic != progressTarget.topic {
                offsets[written.topic] = end
            }
            return StageProgress(stage: progressTarget.stage, partition: partition, watermark: watermark.all,
                                 topics: watermark.topics, offsets: offsets).record(topic: progressTarget.topic)
        }
    }

    private mutating func track(_ progress: Progress) {
        inFlightRecords += progress.pending
        inFlightBytes += progress.bytes
    }
}
