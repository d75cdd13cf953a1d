import Foundation
import Kafka
import Logging
import Synchronization

/// Runs a `StageProcessor` as a member of the stage's consumer group: restores each assigned partition from
/// the changelog, processes inputs in order, produces outputs, mirrors state to the changelog, commits.
///
/// The effectively-once guarantee: outputs are delivered before the changelog records that say their
/// inputs were applied, and consumer positions are stored only after both. A crash at any point replays
/// inputs whose state was not yet in the changelog; their outputs are emitted again with the same ids
/// (derived from their causes), which a consuming stage skips (`PartitionState.delivery`).
public final class StageRunner<Processor: StageProcessor>: RebalanceListener, Sendable {
    let processor: Processor
    let configuration: StageConfiguration
    let observer: any StageObserver
    let logger: Logger
    let producer: KafkaProducer
    let restorer: ChangelogRestorer<Processor.State>
    private let restoreConsumer: KafkaConsumer
    let tables: [any AnyGlobalTable]
    private let consumerSlot = Mutex<KafkaConsumer?>(nil)
    /// Each input topic's partition count, read at start: the modulus of the partitioning rule every input is checked against.
    private let partitionCountsSlot = Mutex<[String: Int]>([:])
    let shared: Mutex<SharedState>
    private let stopping = Atomic<Bool>(false)
    /// Input partitions paused because their buffer is full; only the loop changes it.
    let pausedForBuffer = Mutex<Set<TopicPartition>>([])

    struct SharedState: ~Copyable {
        var partitions: [Int32: PartitionState<Processor.State>] = [:]
        var assignedPartitions: Set<Int32> = []
        var restoredPartitions: Set<Int32> = []
        var rebalanced = false
        var fatal: RuntimeError?
        /// Polled records not processed yet, merged per task in event-time order.
        var merger: EventTimeMerger
        /// Input partitions assigned since the loop last looked: resumed in case a pause outlived their revocation.
        var newlyAssigned: [TopicPartition] = []
    }

    /// Creates the stage's clients (consumer in the group, producer, restore consumer, global tables); nothing runs until `run()`.
    public init(processor: Processor, configuration: StageConfiguration, observer: any StageObserver, logger: Logger) throws(KafkaError) {
        self.processor = processor
        self.configuration = configuration
        self.observer = observer
        self.logger = logger
        shared = Mutex(SharedState(merger: EventTimeMerger(
            topics: processor.inputTopics, maxIdleMilliseconds: Int64(configuration.maxIdleMilliseconds),
            waitsOutLag: configuration.clock == .stream
        )))
        var producerConfiguration = ProducerConfiguration(configuration.kafka)
        producerConfiguration.transactionalId = configuration.transactionalID
        producer = try KafkaProducer(configuration: producerConfiguration, logger: logger)
        var restoreKafka = configuration.kafka
        restoreKafka.clientId += "-restore"
        restoreConsumer = try KafkaConsumer(configuration: ConsumerConfiguration(restoreKafka, groupId: nil), logger: logger)
        restorer = ChangelogRestorer(consumer: restoreConsumer, topic: configuration.changelogTopic, logger: logger)
        tables = try openGlobalTables(processor.globalTables, kafka: configuration.kafka, logger: logger)
        var consumerConfiguration = ConsumerConfiguration(configuration.kafka, groupId: configuration.groupID)
        consumerConfiguration.autoOffsetReset = .earliest
        let consumer = try KafkaConsumer(configuration: consumerConfiguration, rebalanceListener: self, logger: logger)
        consumerSlot.withLock { $0 = consumer }
    }

    var partitionCounts: [String: Int] { partitionCountsSlot.withLock { $0 } }

    var consumer: KafkaConsumer {
        // Set once at the end of init, before anything can call this.
        consumerSlot.withLock { $0! }
    }

    // MARK: Health

    /// Ready once every global table is loaded, the first assignment is done and every assigned partition is restored.
    public var readiness: (isReady: Bool, detail: String) {
        if let table = tables.first(where: { !$0.isLoaded }) {
            return (false, table.failure.map { "failed: global table \(table.topic): \($0)" } ?? "loading the global table \(table.topic)")
        }
        return shared.withLock { state in
            if let fatal = state.fatal { return (false, "failed: \(fatal)") }
            guard state.rebalanced else { return (false, "waiting for the group to assign partitions") }
            let assigned = state.assignedPartitions.count
            let restored = state.restoredPartitions.intersection(state.assignedPartitions).count
            return (restored == assigned, "assigned \(assigned) partitions, restored \(restored)")
        }
    }

    // MARK: Loop

    /// Processes until `stop()`, then commits, leaves the group and closes its clients.
    /// Throws when the stage cannot go on (fatal Kafka error, unreadable changelog, retries exhausted).
    public func run() async throws {
        // Nothing is decided from a table before it holds what its topic held at the start.
        for table in tables { try await table.waitUntilLoaded() }
        if configuration.transactionalID != nil {
            do { try await producer.initTransactions() } catch {
                throw RuntimeError(.transactionFailed, "transactions cannot start (transactional.id \(configuration.transactionalID ?? "")): \(error)")
            }
        }
        var counts: [String: Int] = [:]
        for topic in processor.inputTopics { counts[topic] = try await consumer.partitionCount(of: topic) }
        partitionCountsSlot.withLock { [counts] in $0 = counts }
        try consumer.subscribe(processor.inputTopics)
        var lastCommit = ContinuousClock.now
        var lastLag = ContinuousClock.now
        var lastChangelog = ContinuousClock.now
        // In a transaction the changelog goes with every batch: the offsets it commits must be the changelog's.
        let changelogEveryBatch = configuration.transactionalID != nil || configuration.changelogInterval == .zero
        var waiting = false
        while !stopping.load(ordering: .acquiring) {
            if let fatal = shared.withLock({ $0.fatal }) { throw fatal }
            if let table = tables.first(where: { $0.failure != nil }), let failure = table.failure {
                throw RuntimeError.globalTable(table.topic, failure)
            }
            let polled = try await consumer.poll(maxRecords: configuration.maxBatch, timeout: waiting ? .milliseconds(5) : .milliseconds(100))
            let taken = takeInEventTimeOrder(polled)
            waiting = taken.waitMilliseconds != nil
            let started = ContinuousClock.now
            let writeChangelog = changelogEveryBatch || started - lastChangelog >= configuration.changelogInterval
            if writeChangelog { lastChangelog = started }
            try await carryOut(buildPlan(taken.records, systemNow: Date(), writeChangelog: writeChangelog), started: started)
            pauseFullBuffers()
            let now = ContinuousClock.now
            if now - lastCommit >= .seconds(1) {
                try? consumer.commitAsync()
                lastCommit = now
            }
            if now - lastLag >= .seconds(1) {
                reportLag()
                lastLag = now
            }
        }
        // What changed since the last changelog write goes out before the final commit.
        try await carryOut(buildPlan([], systemNow: Date(), writeChangelog: true), started: ContinuousClock.now)
        try? await consumer.commit()
        await consumer.close()
        try? await producer.flush(timeout: .seconds(10))
        await producer.close()
        await restoreConsumer.close()
        for table in tables { await table.close() }
    }

    /// Delivers a plan — outputs and dead letters, then the changelog (or all of it in one transaction) — then
    /// stores the positions the changelog now holds.
    private func carryOut(_ plan: BatchPlan, started: ContinuousClock.Instant) async throws {
        guard !plan.isEmpty else { return }
        if configuration.transactionalID != nil {
            try await commitInTransaction(plan)
        } else {
            try await deliver(plan.outputs + plan.deadLetters, pausing: plan.touchedPartitions)
            try await deliver(plan.changelog, pausing: plan.touchedPartitions)
        }
        try? consumer.store(plan.positions)
        report(plan, seconds: (ContinuousClock.now - started).seconds)
    }

    /// Asks the loop to finish its batch and shut down.
    public func stop() {
        stopping.store(true, ordering: .releasing)
    }

    private func report(_ plan: BatchPlan, seconds: Double) {
        for (topic, count) in plan.consumedPerTopic { observer.consumed(topic: topic, count: count) }
        var produced: [String: Int] = [:]
        for record in plan.outputs + plan.deadLetters + plan.changelog { produced[record.topic, default: 0] += 1 }
        for (topic, count) in produced { observer.produced(topic: topic, count: count) }
        for cause in plan.deadLetterCauses { observer.deadLettered(code: cause.code, sourceTopic: cause.sourceTopic) }
        for (topic, count) in plan.skippedPerTopic { observer.skippedRedeliveries(topic: topic, count: count) }
        for (input, count) in plan.ignored { observer.ignoredInputs(topic: input.topic, reason: input.reason, count: count) }
        observer.processed(seconds: seconds)
    }

    /// Reports each owned input partition's lag: high watermark minus the next offset to process — the consumer's
    /// position once it has read from the partition, before that the offset its restored checkpoint resumes at
    /// (so a restarted instance with nothing to read reports 0, not the whole partition).
    private func reportLag() {
        guard let assignment = try? consumer.assignment() else { return }
        let resumeOffsets: [TopicPartition: Int64] = shared.withLock { shared in
            var offsets: [TopicPartition: Int64] = [:]
            for partition in assignment {
                if let offset = shared.partitions[partition.partition]?.checkpoint.offsets[partition.topic] { offsets[partition] = offset }
            }
            return offsets
        }
        let lags = consumer.lag(assignment, resumingAt: resumeOffsets)
        // Records polled but still buffered for the merge are not processed yet: they are lag too.
        let buffered = shared.withLock { shared in lags.keys.map { shared.merger.bufferedCount($0) } }
        for ((partition, lag), count) in zip(lags, buffered) {
            observer.lag(topic: partition.topic, partition: partition.partition, value: lag + Int64(count))
        }
    }

    /// Produces records and waits for every delivery; the records whose delivery failed transiently are sent
    /// again (those delivered are not) with exponential backoff while the partitions concerned are paused, so
    /// nothing is committed past an undelivered output. A failure no retry can mend (fatal, or a record the
    /// broker refuses as such) stops the stage at once, naming it.
    private func deliver(_ records: [ProducerRecord], pausing partitions: Set<Int32>) async throws {
        guard !records.isEmpty else { return }
        var attempt = 0
        var pending = records
        var paused: [TopicPartition] = []
        defer { if !paused.isEmpty { try? consumer.resume(paused) } }
        while true {
            let results = await producer.sendEach(pending)
            var failed: [ProducerRecord] = []
            var firstError: KafkaError?
            for (record, result) in zip(pending, results) {
                guard case .failure(let error) = result else { continue }
                failed.append(record)
                if firstError == nil || !error.mayHealOnResend { firstError = error }
            }
            guard let error = firstError else { return }
            do {
                attempt += 1
                guard error.mayHealOnResend, attempt < 8 else {
                    throw RuntimeError(.deliveryFailed, "delivery of \(failed.count) of \(pending.count) records failed after \(attempt) attempts: \(error)")
                }
                pending = failed
                if paused.isEmpty {
                    let pausedAlready = pausedForBuffer.withLock { $0 }
                    paused = processor.inputTopics.flatMap { topic in partitions.map { TopicPartition(topic, $0) } }
                        .filter { !pausedAlready.contains($0) }
                    try? consumer.pause(paused)
                }
                let backoff = Duration.milliseconds(100 * (1 << min(attempt, 7)))
                logger.warning("delivery failed, retrying", metadata: ["attempt": "\(attempt)", "backoff": "\(backoff)", "error": "\(error)"])
                try await Task.sleep(for: backoff)
            }
        }
    }
}

extension StageRunner {
    /// Writes a batch in one Kafka transaction: its outputs, dead letters and changelog records, and the input
    /// positions they reflect, visible to `read_committed` readers all at once or not at all. A commit that
    /// times out is tried again; any other failure aborts the transaction and stops the stage: its in-memory
    /// state is ahead of what was committed, and a restart restores it from the committed changelog.
    func commitInTransaction(_ plan: BatchPlan) async throws {
        do {
            try await producer.beginTransaction()
            // Outputs acknowledged before the changelog says their inputs were applied, as without transactions:
            // a reader that does not honour read_committed (the embedded broker) still never sees state ahead of outputs.
            _ = try await producer.send(plan.outputs + plan.deadLetters)
            _ = try await producer.send(plan.changelog)
            try await producer.sendOffsetsToTransaction(plan.positions, of: consumer)
            var attempt = 0
            while true {
                do {
                    try await producer.commitTransaction()
                    observer.committedTransaction()
                    return
                } catch where error.isRetriable && !error.requiresAbort && attempt < 5 {
                    attempt += 1
                    logger.warning("transaction commit failed, retrying", metadata: ["attempt": "\(attempt)", "error": "\(error)"])
                }
            }
        } catch {
            if !error.isFatal { try? await producer.abortTransaction() }
            throw RuntimeError(.transactionFailed, "transaction aborted, the stage stops to restart from its last committed state: \(error)")
        }
    }
}

extension Duration {
    var seconds: Double {
        Double(components.seconds) + Double(components.attoseconds) / 1e18
    }
}
