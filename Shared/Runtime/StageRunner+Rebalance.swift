import Foundation
import Kafka

extension StageRunner {
    /// Restores the state of every newly assigned partition from the changelog and starts each input
    /// just after the offsets that state reflects.
    public func partitionsAssigning(_ partitions: [TopicPartition]) -> [TopicPartition: Int64] {
        let numbers = Set(partitions.map(\.partition))
        shared.withLock { shared in
            shared.assignedPartitions.formUnion(numbers)
            shared.rebalanced = true
        }
        observer.assigned(count: shared.withLock { $0.assignedPartitions.count })
        var starts: [TopicPartition: Int64] = [:]
        let clock = ContinuousClock()
        let started = clock.now
        let restored: [Int32: PartitionState<Processor.State>]
        do {
            restored = try restorer.restore(partitions: numbers.sorted())
        } catch {
            logger.critical("partitions cannot be restored", metadata: ["partitions": "\(numbers.sorted())", "error": "\(error)"])
            shared.withLock { $0.fatal = "partitions \(numbers.sorted()) cannot be restored from \(configuration.changelogTopic): \(error)" }
            restored = [:]
        }
        for (number, state) in restored.sorted(by: { $0.key < $1.key }) {
            for partition in partitions where partition.partition == number {
                if let offset = state.checkpoint.offsets[partition.topic] { starts[partition] = offset }
            }
            let count = shared.withLock { shared in
                shared.partitions[number] = state
                shared.restoredPartitions.insert(number)
                return shared.restoredPartitions.count
            }
            observer.restoredPartitions(count: count)
            logger.info("partition restored", metadata: ["partition": "\(number)", "keys": "\(state.entries.count)", "offsets": "\(state.checkpoint.offsets)"])
        }
        observer.restored(seconds: (clock.now - started).seconds)
        return starts
    }

    /// Counts the rebalance; the partitions are already restored.
    public func partitionsAssigned(_ partitions: [TopicPartition]) {
        observer.rebalanced()
    }

    /// Commits the positions of partitions about to move (everything processed is already in the changelog),
    /// then lets their state go.
    public func partitionsRevoking(_ partitions: [TopicPartition], lost: Bool) {
        let numbers = Set(partitions.map(\.partition))
        let positions: [TopicPartitionOffset] = shared.withLock { shared in
            var positions: [TopicPartitionOffset] = []
            for number in numbers.sorted() {
                guard let state = shared.partitions[number] else { continue }
                positions += state.checkpoint.offsets.map { TopicPartitionOffset(topic: $0.key, partition: number, offset: $0.value) }
            }
            return positions
        }
        if !lost, !positions.isEmpty {
            do {
                try consumer.commitBlocking(positions)
            } catch {
                logger.warning("commit on revoke failed (the changelog still holds the positions)", metadata: ["error": "\(error)"])
            }
        }
        shared.withLock { shared in
            for number in numbers {
                shared.partitions[number] = nil
                shared.assignedPartitions.remove(number)
                shared.restoredPartitions.remove(number)
            }
        }
        observer.assigned(count: shared.withLock { $0.assignedPartitions.count })
        logger.info("partitions revoked", metadata: ["partitions": "\(numbers.sorted())", "lost": "\(lost)"])
    }
}
