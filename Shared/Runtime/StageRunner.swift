import Domain
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
    /// The records produced and not yet all acknowledged, batch by batch.
    let deliveries: DeliveryTracker
    let restoreConsumer: KafkaConsumer
    let tables: [any AnyGlobalTable]
    private let consumerSlot = Mutex<KafkaConsumer?>(nil)
    /// The pure core: every partition's state, the event-time merge, the planning. The loop and the rebalance
    /// hooks reach it under this lock only.
    let shared: Mutex<StageStateMachine<Processor>>
    /// What readiness is computed from, under its own lock so `/readyz` never waits behind a batch.
    let membership = Mutex<Membership>(Membership())

    /// The partitions this instance holds and how far their restore got, and why the stage cannot go on if it cannot.
    struct Membership {
        var assignedPartitions: Set<Int32> = []
        var restoredPartitions: Set<Int32> = []
        var rebalanced = false
        var fatal: RuntimeError?
    }
    private let stopping = Atomic<Bool>(false)
    /// Input partitions paused because their buffer is full; only the loop changes it.
    let pausedForBuffer = Mutex<Set<TopicPartition>>([])

    /// Creates the stage's clients (consumer in the group, producer, restore consumer, global tables); nothing runs until `run()`.
    public init(processor: Processor, configuration: StageConfiguration, observer: any StageObserver, logger: Logger) throws(KafkaError) {
        self.processor = processor
        self.configuration = configuration
        self.observer = observer
        self.logger = logger
        shared = Mutex(StageStateMachine(processor: processor, configuration: configuration, logger: logger))
        var producerConfiguration = ProducerConfiguration(configuration.kafka)
        producerConfiguration.transactionalId = configuration.transactionalID
        producer = try KafkaProducer(configuration: producerConfiguration, logger: logger)
        deliveries = DeliveryTracker(producer: producer)
        var restoreKafka = configuration.kafka
        restoreKafka.clientId += "-restore"
        restoreConsumer = try KafkaConsumer(configuration: ConsumerConfiguration(restoreKafka, groupId: nil), logger: logger)
        restorer = ChangelogRestorer(consumer: restoreConsumer, topic: configuration.changelogTopic, logger: logger)
        tables = try openGlobalTables(processor.globalTables, kafka: configuration.kafka, logger: logger, versioned: configuration.clock.isStream)
        var consumerConfiguration = ConsumerConfiguration(configuration.kafka, groupId: configuration.groupID)
        consumerConfiguration.autoOffsetReset = .earliest
        let consumer = try KafkaConsumer(configuration: consumerConfiguration, rebalanceListener: self, logger: logger)
        consumerSlot.withLock { $0 = consumer }
    }

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
        return membership.withLock { state in
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
    ///
    /// Delivery is pipelined: each batch's records are handed to `deliveries` and the loop goes on with the next
    /// batch; positions are stored as batches complete, in order. Consumption pauses while the records or bytes in
    /// flight are at their bound.
    public func run() async throws {
        let progressTopic = try await startCoordinating()
        // Nothing is decided from a table before it holds what its topic held at the start.
        for table in tables { try await table.waitUntilLoaded() }
        if configuration.transactionalID != nil {
            do { try await producer.initTransactions() } catch {
                throw RuntimeError(.transactionFailed, "transactions cannot start (transactional.id \(configuration.transactionalID ?? "")): \(error)")
            }
        }
        var counts: [String: Int] = [:]
        for topic in processor.inputTopics { counts[topic] = try await consumer.partitionCount(of: topic) }
        shared.withLock { [counts] in $0.partitionCounts = counts }
        // The first output to each topic goes out at once, not after a metadata request.
        await producer.prepare(topics: TopicCatalog(partitions: 1).topics.map(\.name) + [configuration.changelogTopic, configuration.deadLetterTopic])
        try consumer.subscribe(processor.inputTopics + (progressTopic.map { [$0] } ?? []))
        var lastCommit = ContinuousClock.now
        var lastLag = ContinuousClock.now
        var lastChangelog = ContinuousClock.now
        // How long the merge may hold records back before it looks again; nil when it holds none back.
        var holding: Int64?
        while !stopping.load(ordering: .acquiring) {
            // A drain past the grace period is cancelled: no final write, the changelog's checkpoint governs.
            try Task.checkCancellation()
            if let fatal = membership.withLock({ $0.fatal }) { throw fatal }
            if let table = tables.first(where: { $0.failure != nil }), let failure = table.failure {
                throw RuntimeError.globalTable(table.topic, failure)
            }
            try await settleDeliveries()
            let generation = deliveries.generation
            let inFlight = deliveries.status
            if inFlight.records >= inFlightRecordsBound || inFlight.bytes >= inFlightBytesBound {
                await deliveries.waitForAnswer(after: generation)
                continue
            }
            let polled = try await consumer.poll(maxRecords: configuration.maxBatch,
                                                 timeout: Self.pollTimeout(holding: holding, inFlight: !inFlight.isEmpty))
            let taken = takeInEventTimeOrder(polled)
            holding = taken.waitMilliseconds
            let started = ContinuousClock.now
            if configuration.transactionalID != nil {
                try await processInTransaction(taken.records, final: false)
            } else {
                let writeChangelog = configuration.changelogInterval == .zero || started - lastChangelog >= configuration.changelogInterval
                if writeChangelog { lastChangelog = started }
                submit(buildPlan(taken.records, systemNow: Date(), writeChangelog: writeChangelog), started: started)
            }
            pauseFullBuffers()
            let now = ContinuousClock.now
            if now - lastCommit >= .seconds(1) {
                try? consumer.commitAsync()
                lastCommit = now
            }
            if now - lastLag >= .seconds(1) {
                reportLag()
                lastLag = now
                // Table values no task can read any more go.
                if let oldest = shared.withLock({ $0.oldestTableTime }) { for table in tables { table.prune(before: oldest) } }
            }
        }
        // What changed since the last changelog write goes out, and everything in flight is delivered, before the
        // final commit.
        if configuration.transactionalID != nil {
            try await processInTransaction([], final: true)
        } else {
            submit(buildPlan([], systemNow: Date(), writeChangelog: true), started: ContinuousClock.now)
        }
        await deliveries.waitUntilQuiescent()
        try await settleDeliveries()
        try? await consumer.commit()
        await consumer.close()
        try? await producer.flush(timeout: .seconds(10))
        await producer.close()
        await restoreConsumer.close()
        for table in tables { await table.close() }
    }

    /// On the stream clock, announces the stage on every partition of `credence.progress` and makes the state
    /// machine wait on the progress of the stages it reads from and publish its own (docs/runtime.md, "Stages side
    /// by side"). Returns the topic, or nil on other clocks or when the topic is missing or not co-partitioned with
    /// the inputs — then the stage runs as before, and says so.
    func startCoordinating() async throws -> String? {
        guard configuration.clock.isStream else { return nil }
        let topic = TopicCatalog.progress
        let inputs = try? await consumer.partitionCount(of: processor.inputTopics[0])
        let count = try? await consumer.partitionCount(of: topic)
        guard let count, let inputs, count == inputs else {
            logger.warning("stream clock: \(topic) is missing or not partitioned like the inputs, so this stage neither waits for the stages it reads from nor tells them how far it got; stages run side by side may then see their inputs in another order from run to run — create the topic with `credence topics create`",
                           metadata: ["topic": "\(topic)", "partitions": "\(count.map(String.init) ?? "none")", "inputPartitions": "\(inputs.map(String.init) ?? "unknown")"])
            return nil
        }
        let grace = max(Int64(configuration.maxIdleMilliseconds), 5_000)
        let graceUntil = monotonicMilliseconds() + grace
        shared.withLock { $0.coordinate(through: topic, grace: grace) }
        // A table is read as of the stream clock once the stage writing it has promised everything before that time.
        for table in tables {
            guard let stage = TopicCatalog.producingStage(of: table.topic) else { continue }
            do {
                try table.followProgress(on: topic, of: stage.rawValue, graceUntil: graceUntil, kafka: configuration.kafka)
            } catch {
                throw RuntimeError.globalTable(table.topic, "the progress of \(stage.rawValue) cannot be read: \(error)")
            }
        }
        deliveries.publishProgress(of: processor.name, on: topic)
        // The stage announces itself before anything else, so stages started together wait for one another. A
        // transactional producer writes only inside a transaction: there the first watermarks, in the first
        // transaction, announce it.
        if configuration.transactionalID == nil {
            let announcements = (0..<Int32(count)).map { StageProgress(stage: processor.name, partition: $0, watermark: Int64.min).record(topic: topic) }
            for case .failure(let error) in await producer.sendEach(announcements) {
                throw RuntimeError(.deliveryFailed, "the stage cannot announce itself on \(topic): \(error)", topic: topic)
            }
        }
        return topic
    }

    /// How long a poll may wait: 5 ms while records are in flight (their answers are settled between polls), else
    /// until the merge looks again at what it holds back (5 … 100 ms), else 100 ms. A record that arrives — an
    /// input, or another stage's progress — ends the poll at once, so a held task does not spin.
    static func pollTimeout(holding: Int64?, inFlight: Bool) -> Duration {
        if inFlight { return .milliseconds(5) }
        guard let holding else { return .milliseconds(100) }
        return .milliseconds(min(max(holding, 5), 100))
    }

    /// Records in flight at which consumption pauses until deliveries catch up.
    var inFlightRecordsBound: Int { max(20 * configuration.maxBatch, 10_000) }
    /// Bytes in flight at which consumption pauses until deliveries catch up.
    var inFlightBytesBound: Int { 64 << 20 }

    /// Processes records against the state machine, with the global tables (their latest values on the wall clock,
    /// as they stood at the start of the stream clock's day on the stream clock), and returns its plan.
    func buildPlan(_ records: [ConsumerRecord], systemNow: Date, writeChangelog: Bool) -> BatchPlan {
        let views = TableViews(tables: tables)
        return shared.withLock { $0.plan(records, tablesAsOf: views.asOf, systemNow: systemNow, writeChangelog: writeChangelog) }
    }

    /// Hands a plan to the delivery pipeline without waiting for it.
    func submit(_ plan: BatchPlan, started: ContinuousClock.Instant) {
        guard !plan.isEmpty else { return }
        deliveries.submit(plan)
        observer.processed(seconds: (ContinuousClock.now - started).seconds)
    }

    /// Finishes the batches whose records are all acknowledged: stores their positions and counts them. When a
    /// record failed, waits until nothing is in flight and then finishes every batch in order, resending only
    /// what failed (`deliver`) and producing the changelogs held back behind it.
    func settleDeliveries() async throws {
        if deliveries.status.hasFailures {
            // In a transaction a failed record dooms the transaction: it is aborted, and a restart resumes from the
            // last committed one.
            if configuration.transactionalID != nil { try await abortTransaction(because: "a record of the transaction was not delivered") }
            await deliveries.waitUntilQuiescent()
            for plan in deliveries.takeCompleted() { finish(plan) }
            let batches = deliveries.takeAllWhenQuiescent() ?? []
            if let failure = batches.lazy.compactMap(\.firstFailureThatCannotHeal).first {
                throw RuntimeError(.deliveryFailed, "delivery failed and cannot succeed on a resend: \(failure)")
            }
            for batch in batches {
                try await deliver(batch.outputs.failed.keys.sorted().map { batch.outputRecords[$0] }, pausing: batch.plan.touchedPartitions)
                let changelog = batch.changelog.map { progress in progress.failed.keys.sorted().map { batch.changelogRecords[$0] } }
                try await deliver(changelog ?? batch.plan.changelog, pausing: batch.plan.touchedPartitions)
                finish(batch.plan)
            }
            // A batch finished here may not have published its watermarks: every task publishes its own again.
            shared.withLock { $0.republishWatermarks() }
        }
        for plan in deliveries.takeCompleted() { finish(plan) }
    }

    /// A delivered batch: its positions (of partitions still assigned) become storable, and it is counted.
    func finish(_ plan: BatchPlan) {
        if !plan.positions.isEmpty {
            let assigned = membership.withLock { $0.assignedPartitions }
            try? consumer.store(plan.positions.filter { assigned.contains($0.partition) })
        }
        report(plan)
    }

    /// Asks the loop to finish its batch and shut down.
    public func stop() {
        stopping.store(true, ordering: .releasing)
    }

    private func report(_ plan: BatchPlan) {
        for (topic, count) in plan.consumedPerTopic { observer.consumed(topic: topic, count: count) }
        var produced: [String: Int] = [:]
        for record in plan.outputs + plan.deadLetters + plan.changelog { produced[record.topic, default: 0] += 1 }
        for (topic, count) in produced { observer.produced(topic: topic, count: count) }
        for cause in plan.deadLetterCauses { observer.deadLettered(code: cause.code, sourceTopic: cause.sourceTopic) }
        for (topic, count) in plan.skippedPerTopic { observer.skippedRedeliveries(topic: topic, count: count) }
        for (input, count) in plan.ignored { observer.ignoredInputs(topic: input.topic, reason: input.reason, count: count) }
    }

    /// Reports each owned input partition's lag: high watermark minus the next offset to process — the consumer's
    /// position once it has read from the partition, before that the offset its restored checkpoint resumes at
    /// (so a restarted instance with nothing to read reports 0, not the whole partition).
    private func reportLag() {
        guard let assignment = (try? consumer.assignment())?.filter({ processor.inputTopics.contains($0.topic) }) else { return }
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
    func deliver(_ records: [ProducerRecord], pausing partitions: Set<Int32>) async throws {
        guard !records.isEmpty else { return }
        var attempt = 0
        var pending = records
        var paused: [TopicPartition] = []
        defer { if !paused.isEmpty { try? consumer.resume(paused) } }
        while true {
            let results = await producer.sendEach(pending)
            deliveries.noteDelivered(results)
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

extension Duration {
    var seconds: Double {
        Double(components.seconds) + Double(components.attoseconds) / 1e18
    }
}

/// The global tables of one plan, built once per time they are read as of.
final class TableViews {
    private let tables: [any AnyGlobalTable]
    private var built: [Int64?: GlobalTableValues] = [:]

    init(tables: [any AnyGlobalTable]) {
        self.tables = tables
    }

    /// The tables as they stood before `time` (versioned tables), or their latest values (nil, or not versioned).
    func asOf(_ time: Int64?) -> GlobalTableValues {
        if let values = built[time] { return values }
        var values = GlobalTableValues()
        for table in tables { table.addSnapshot(to: &values, before: time) }
        built[time] = values
        return values
    }
}
