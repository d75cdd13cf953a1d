import Foundation
import Kafka
import Synchronization

/// Carries out `DeliveryPipeline`'s orders on a producer: produces a batch's outputs at once and its changelog as
/// soon as the pipeline releases it (from the delivery thread, the moment the last output before it is
/// acknowledged), and wakes the loop when something it waits for happened.
///
/// Every produce happens under the lock, so records reach librdkafka's queues in the pipeline's order; a
/// produce never waits for a delivery report, so holding the lock is short.
final class DeliveryTracker: Sendable {
    private let producer: KafkaProducer
    private let state = Mutex<State>(State())

    private struct State: ~Copyable {
        var pipeline = DeliveryPipeline()
        /// Bumped on every answer; a waiter sleeps until it moves.
        var generation: UInt64 = 0
        var waiters: [CheckedContinuation<Void, Never>] = []
    }

    init(producer: KafkaProducer) {
        self.producer = producer
    }

    /// Counts records delivered outside the pipeline (resends) in the ends a progress record covers.
    func noteDelivered(_ results: [Result<DeliveryReport, KafkaError>]) {
        var ends: [TopicPartition: Int64] = [:]
        for case .success(let report) in results {
            let partition = TopicPartition(report.topic, report.partition)
            ends[partition] = max(ends[partition] ?? 0, report.offset + 1)
        }
        noteWritten(ends)
    }

    /// Counts `ends` (offsets after records already written) in the ends a progress record covers.
    func noteWritten(_ ends: [TopicPartition: Int64]) {
        guard !ends.isEmpty else { return }
        state.withLock { state in
            for (partition, end) in ends { state.pipeline.noteWritten(partition, end: end) }
        }
    }

    /// Makes every batch's watermarks go out as progress records of `stage` on `topic` (see `StageProgress`).
    func publishProgress(of stage: String, on topic: String) {
        state.withLock { $0.pipeline.progressTarget = (stage, topic) }
    }

    /// Hands a batch over; returns at once.
    func submit(_ plan: BatchPlan) {
        state.withLock { state in
            let orders = state.pipeline.submit(plan)
            execute(orders, in: &state)
        }
    }

    /// The completed batches, in order, taken out.
    func takeCompleted() -> [BatchPlan] {
        state.withLock { $0.pipeline.takeCompleted() }
    }

    /// Every batch once nothing is in flight (see `DeliveryPipeline.takeAll`); nil while records are in flight.
    func takeAllWhenQuiescent() -> [DeliveryPipeline.Batch]? {
        state.withLock { state in state.pipeline.isQuiescent ? state.pipeline.takeAll() : nil }
    }

    /// Records and bytes in flight, whether a record failed, and whether the pipeline holds any batch.
    var status: (records: Int, bytes: Int, hasFailures: Bool, isEmpty: Bool) {
        state.withLock { ($0.pipeline.inFlightRecords, $0.pipeline.inFlightBytes, $0.pipeline.hasFailures, $0.pipeline.isEmpty) }
    }

    /// Suspends until the next delivery report arrives (at once if one arrived since `generation` was read).
    func waitForAnswer(after generation: UInt64) async {
        await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
            let ready = state.withLock { state in
                if state.generation != generation || state.pipeline.isQuiescent { return true }
                state.waiters.append(continuation)
                return false
            }
            if ready { continuation.resume() }
        }
    }

    /// The number of answers so far, to pass to `waitForAnswer(after:)`.
    var generation: UInt64 { state.withLock { $0.generation } }

    /// Suspends until no record is in flight.
    func waitUntilQuiescent() async {
        while true {
            let (quiescent, generation) = state.withLock { ($0.pipeline.isQuiescent, $0.generation) }
            if quiescent { return }
            await waitForAnswer(after: generation)
        }
    }

    /// The blocking form of `waitUntilQuiescent`, for rebalance hooks: returns false if records are still in
    /// flight after `timeout`.
    func waitUntilQuiescentBlocking(timeout: Duration) -> Bool {
        let deadline = ContinuousClock.now + timeout
        while !state.withLock({ $0.pipeline.isQuiescent }) {
            guard ContinuousClock.now < deadline else { return false }
            Thread.sleep(forTimeInterval: 0.001)
        }
        return true
    }

    private func execute(_ orders: [DeliveryPipeline.ProduceOrder], in state: inout State) {
        var pending = orders
        while !pending.isEmpty {
            let order = pending.removeFirst()
            for (index, record) in order.records.enumerated() {
                do {
                    try producer.produce(record) { [self] result in
                        answered(batch: order.batch, phase: order.phase, index: index, result: result)
                    }
                } catch {
                    // Not even enqueued (queue full, producer failed): a failure like any other, resent by the loop.
                    pending += state.pipeline.acknowledged(batch: order.batch, phase: order.phase, index: index, error: error)
                }
            }
        }
    }

    private func answered(batch: UInt64, phase: DeliveryPipeline.Phase, index: Int, result: Result<DeliveryReport, KafkaError>) {
        let waiters = state.withLock { state in
            var error: KafkaError?
            var report: DeliveryReport?
            switch result {
            case .failure(let failure): error = failure
            case .success(let delivered): report = delivered
            }
            let orders = state.pipeline.acknowledged(batch: batch, phase: phase, index: index, error: error, report: report)
            execute(orders, in: &state)
            state.generation &+= 1
            defer { state.waiters = [] }
            return state.waiters
        }
        for waiter in waiters { waiter.resume() }
    }
}
