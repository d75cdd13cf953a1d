import Domain
import Foundation
import Kafka

extension StageRunner {
    /// Restores the state of every newly assigned partition from the changelog and starts each input
    /// just after the offsets that state reflects.
    public func partitionsAssigning(_ partitions: [TopicPartition]) -> [TopicPartition: Int64] {
        let numbers = Set(partitions.map(\.partition))
        let assigned = membership.withLock { membership in
            membership.assignedPartitions.formUnion(numbers)
            membership.rebalanced = true
            return membership.assignedPartitions.count
        }
        observer.assigned(count: assigned)
        var starts: [TopicPartition: Int64] = [:]
        let clock = ContinuousClock()
        let started = clock.now
        let restored: [Int32: PartitionState<Processor.State>]
        do {
            restored = try restorer.restore(partitions: numbers.sorted())
        } catch {
            logger.critical("partitions cannot be restored", metadata: ["partitions": "\(numbers.sorted())", "error": "\(error)"])
            let cause = error as? RuntimeError
            let failure = RuntimeError(cause?.code ?? .restoreFailed,
                                       "partitions \(numbers.sorted()) cannot be restored from \(configuration.changelogTopic): \(error)",
                                       topic: configuration.changelogTopic, partition: cause?.partition, offset: cause?.offset)
            membership.withLock { $0.fatal = failure }
            restored = [:]
        }
        let progressTopic = shared.withLock { $0.progressTopic }
        for (number, state) in restored.sorted(by: { $0.key < $1.key }) {
            for partition in partitions where partition.partition == number {
                if let offset = state.checkpoint.offsets[partition.topic] { starts[partition] = offset }
                // Progress is read from the start of what the broker keeps: the latest word of every stage counts.
                if partition.topic == progressTopic { starts[partition] = 0 }
            }
            let now = monotonicMilliseconds()
            shared.withLock { $0.assign(partition: number, restored: state, inputs: partitions.filter { $0.partition == number }, now: now) }
            let count = membership.withLock { membership in
                membership.restoredPartitions.insert(number)
                return membership.restoredPartitions.count
            }
            observer.restoredPartitions(count: count)
            logger.info("partition restored", metadata: ["partition": "\(number)", "keys": "\(state.entries.count)", "offsets": "\(state.checkpoint.offsets)"])
        }
        // With transactions a topic's end lies past a commit marker no reader sees: the ends come from delivery
        // reports alone there.
        if progressTopic != nil, configuration.transactionalID == nil { seedWrittenEnds(of: Set(restored.keys)) }
        observer.restored(seconds: (clock.now - started).seconds)
        return starts
    }

    /// Records, for the watermarks the newly assigned partitions will publish, where this stage's outputs that
    /// other stages read end now: a previous owner may have written there, and a watermark must cover that too.
    private func seedWrittenEnds(of numbers: Set<Int32>) {
        var ends: [TopicPartition: Int64] = [:]
        for topic in TopicCatalog(partitions: 1).topics.map(\.name) where TopicCatalog.producingStage(of: topic)?.rawValue == processor.name {
            for number in numbers {
                let partition = TopicPartition(topic, number)
                do {
                    ends[partition] = try restoreConsumer.watermarksBlocking(partition).high
                } catch {
                    logger.warning("the end of an output partition cannot be read; the partition's first watermarks cover only what this instance writes",
                                   metadata: ["topic": "\(topic)", "partition": "\(number)", "error": "\(error)"])
                }
            }
        }
        deliveries.noteWritten(ends)
    }

    /// Counts the rebalance; the partitions are already restored.
    public func partitionsAssigned(_ partitions: [TopicPartition]) {
        observer.rebalanced()
    }

    /// Writes to the changelog what changed in the partitions about to move since their last write (their
    /// outputs are already delivered), commits the positions the changelog then holds, and lets their state go.
    /// When the write fails, the positions of the previous write are committed: the next owner replays the rest.
    /// Records still in flight are answered first (and the open transaction committed), so the changelog written
    /// here follows every output; if that fails, nothing is written or committed and the stage stops.
    public func partitionsRevoking(_ partitions: [TopicPartition], lost: Bool) {
        let numbers = Set(partitions.map(\.partition))
        let drained = configuration.transactionalID != nil ? commitTransactionBlocking() : drainDeliveriesBlocking()
        guard drained else {
            release(partitions, lost: lost)
            return
        }
        let write = shared.withLock { $0.prepareRevocation(of: numbers, writing: !lost) }
        let failures = write.changelog.isEmpty ? [] : producer.sendEachBlocking(write.changelog, timeout: .seconds(10)).compactMap { result -> KafkaError? in
            if case .failure(let error) = result { return error }
            return nil
        }
        if let failure = failures.first {
            logger.warning("changelog write on revoke failed; committing the previous write's positions", metadata: ["error": "\(failure)"])
        }
        let positions = failures.isEmpty ? write.positions : write.previousPositions
        if !lost, !positions.isEmpty {
            do {
                try consumer.commitBlocking(positions)
            } catch {
                logger.warning("commit on revoke failed (the changelog still holds the positions)", metadata: ["error": "\(error)"])
            }
        }
        release(partitions, lost: lost)
    }

    /// Lets the state of partitions that move go.
    private func release(_ partitions: [TopicPartition], lost: Bool) {
        let numbers = Set(partitions.map(\.partition))
        shared.withLock { $0.release(numbers) }
        let assigned = membership.withLock { membership in
            membership.assignedPartitions.subtract(numbers)
            membership.restoredPartitions.subtract(numbers)
            return membership.assignedPartitions.count
        }
        observer.assigned(count: assigned)
        for partition in partitions { observer.lagRemoved(topic: partition.topic, partition: partition.partition) }
        logger.info("partitions revoked", metadata: ["partitions": "\(numbers.sorted())", "lost": "\(lost)"])
    }

    /// Waits until every record in flight is answered and resends, once, what failed, in batch order, producing the
    /// changelogs held back behind it. Returns false, with the stage marked failed, when something stays undelivered.
    func drainDeliveriesBlocking() -> Bool {
        var failure: String?
        if !deliveries.waitUntilQuiescentBlocking(timeout: .seconds(30)) {
            failure = "records were still in flight after 30 s"
        } else if deliveries.status.hasFailures {
            for plan in deliveries.takeCompleted() { finish(plan) }
            resend: for batch in deliveries.takeAllWhenQuiescent() ?? [] {
                let outputs = batch.outputs.failed.keys.sorted().map { batch.outputRecords[$0] }
                let changelog = batch.changelog.map { progress in progress.failed.keys.sorted().map { batch.changelogRecords[$0] } } ?? batch.plan.changelog
                for records in [outputs, changelog] {
                    let results = producer.sendEachBlocking(records, timeout: .seconds(10))
                    deliveries.noteDelivered(results)
                    for case .failure(let error) in results {
                        failure = "\(error)"
                        break resend
                    }
                }
                finish(batch.plan)
            }
            shared.withLock { $0.republishWatermarks() }
        }
        guard let failure else { return true }
        logger.critical("records undelivered when partitions were being revoked", metadata: ["error": "\(failure)"])
        membership.withLock { $0.fatal = RuntimeError(.deliveryFailed, "delivery failed while partitions were being revoked; the stage stops to restart from its changelog: \(failure)") }
        return false
    }
}
