import Foundation
import Kafka

/// Kafka transactions, one per commit interval (`--commit-ms`), as Kafka Streams does under exactly-once: the
/// batches of an interval go out pipelined inside one transaction; at its end the changelog of what changed, and
/// the positions it reflects, join it, and it commits. `read_committed` readers see the interval's outputs,
/// changelog and positions all at once or not at all.
extension StageRunner {
    /// Processes a batch inside the open transaction (beginning one if the batch writes anything), and commits the
    /// transaction when its interval is over or the stage stops.
    func processInTransaction(_ records: [ConsumerRecord], final: Bool) async throws {
        let started = ContinuousClock.now
        let openedAt = shared.withLock { $0.transactionOpenedAt }
        let commitDue = openedAt.map { final || started - $0 >= configuration.commitInterval } ?? final
        let plan = buildPlan(records, systemNow: Date(), writeChangelog: commitDue)
        if !plan.isEmpty, openedAt == nil {
            do { try await producer.beginTransaction() } catch {
                throw RuntimeError(.transactionFailed, "a transaction cannot begin: \(error)")
            }
            shared.withLock { $0.transactionOpenedAt = started }
        }
        submit(plan, started: started)
        guard commitDue, shared.withLock({ $0.transactionOpenedAt }) != nil else { return }
        await deliveries.waitUntilQuiescent()
        do {
            try await commitTransaction()
        } catch {
            try await abortTransaction(because: "\(error)")
        }
    }

    /// Sends the positions of the delivered batches to the transaction and commits it; a commit that times out is
    /// tried again.
    private func commitTransaction() async throws(KafkaError) {
        if deliveries.status.hasFailures { throw KafkaError.state("a record of the transaction was not delivered") }
        let plans = deliveries.takeCompleted()
        try await producer.sendOffsetsToTransaction(Self.latestPositions(of: plans), of: consumer)
        var attempt = 0
        while true {
            do {
                try await producer.commitTransaction()
                break
            } catch where error.isRetriable && !error.requiresAbort && attempt < 5 {
                attempt += 1
                logger.warning("transaction commit failed, retrying", metadata: ["attempt": "\(attempt)", "error": "\(error)"])
            }
        }
        shared.withLock { $0.transactionOpenedAt = nil }
        observer.committedTransaction()
        for plan in plans { finish(plan) }
    }

    /// Aborts the open transaction and stops the stage: its in-memory state is ahead of what was committed, and a
    /// restart restores it from the committed changelog.
    func abortTransaction(because reason: String) async throws -> Never {
        await deliveries.waitUntilQuiescent()
        try? await producer.abortTransaction()
        throw RuntimeError(.transactionFailed, "transaction aborted, the stage stops to restart from its last committed state: \(reason)")
    }

    /// Commits the open transaction from a rebalance hook, before partitions move: the changelog of every partition
    /// changed in it and the positions it reflects join it. Returns false (the stage must stop) when it cannot.
    func commitTransactionBlocking() -> Bool {
        guard shared.withLock({ $0.transactionOpenedAt }) != nil else { return true }
        let changelog = shared.withLock { $0.changelogOfChangedPartitions() }
        do {
            guard deliveries.waitUntilQuiescentBlocking(timeout: .seconds(30)), !deliveries.status.hasFailures else {
                throw KafkaError.state("a record of the transaction was not delivered")
            }
            for result in producer.sendEachBlocking(changelog, timeout: .seconds(30)) { _ = try result.get() }
            let plans = deliveries.takeCompleted()
            var positions = Self.latestPositions(of: plans)
            positions += shared.withLock { $0.writtenPositions }
            try producer.sendOffsetsToTransactionBlocking(Self.latest(positions), of: consumer)
            try producer.commitTransactionBlocking()
            shared.withLock { $0.transactionOpenedAt = nil }
            observer.committedTransaction()
            for plan in plans { finish(plan) }
            return true
        } catch {
            logger.critical("the transaction cannot commit before the rebalance", metadata: ["error": "\(error)"])
            try? producer.abortTransactionBlocking()
            membership.withLock { $0.fatal = RuntimeError(.transactionFailed, "transaction aborted at a rebalance, the stage stops to restart from its last committed state: \(error)") }
            return false
        }
    }

    /// The last position of each input partition among the plans' positions.
    static func latestPositions(of plans: [BatchPlan]) -> [TopicPartitionOffset] {
        latest(plans.flatMap(\.positions))
    }

    /// The furthest position of each input partition.
    static func latest(_ positions: [TopicPartitionOffset]) -> [TopicPartitionOffset] {
        var furthest: [TopicPartition: Int64] = [:]
        for position in positions {
            furthest[position.topicPartition] = max(furthest[position.topicPartition] ?? position.offset, position.offset)
        }
        return furthest.map { TopicPartitionOffset($0.key, offset: $0.value) }.sorted { $0.topicPartition < $1.topicPartition }
    }
}

extension DeliveryPipeline.Batch {
    /// The first failure of this batch that a resend cannot mend (fatal, or a record the broker refuses as such).
    var firstFailureThatCannotHeal: KafkaError? {
        (outputs.failed.values.sorted { $0.code < $1.code } + (changelog?.failed.values.sorted { $0.code < $1.code } ?? []))
            .first { !$0.mayHealOnResend }
    }
}
