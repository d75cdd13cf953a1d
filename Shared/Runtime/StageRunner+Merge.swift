import Kafka

extension StageRunner {
    /// How many records an input partition may have buffered before it is paused; it resumes at half of it.
    var bufferedRecordsBound: Int { max(4 * configuration.maxBatch, 2_000) }

    /// Buffers polled records per input partition and takes the next batch in event-time order per task.
    /// Records already reflected in their partition's state (before its checkpoint) are dropped.
    func takeInEventTimeOrder(_ polled: [ConsumerRecord]) -> EventTimeMerger.Taken {
        let (toCheck, newlyAssigned) = shared.withLock { machine in
            machine.buffer(polled)
            return (machine.partitionsToCheckForLag, machine.takeNewlyAssigned())
        }
        let empty = Array(toCheck.keys)
        let resumeOffsets = toCheck.compactMapValues { $0 }
        if !newlyAssigned.isEmpty {
            // A pause is the application's and may outlive a revocation; a newly assigned partition starts unpaused.
            pausedForBuffer.withLock { $0.subtract(newlyAssigned) }
            try? consumer.resume(newlyAssigned)
        }
        let lag = empty.isEmpty ? [:] : consumer.lag(empty, resumingAt: resumeOffsets)
        let now = monotonicMilliseconds()
        // Every partition counts, the task's own too: even what it wrote itself reaches the table only through the broker.
        let horizon = tables.map { $0.completeThrough(now: now) }.min() ?? Int64.max
        return shared.withLock { $0.take(limit: configuration.maxBatch, lag: lag, now: now, horizon: horizon) }
    }

    /// Pauses input partitions whose buffer reached `bufferedRecordsBound` and resumes those drained to half of
    /// it, so a partition far ahead in event time cannot fill memory while its task waits for the others.
    func pauseFullBuffers() {
        let bound = bufferedRecordsBound
        let (toPause, toResume): ([TopicPartition], [TopicPartition]) = shared.withLock { shared in
            let paused = pausedForBuffer.withLock { $0 }
            var toPause: [TopicPartition] = []
            var toResume: [TopicPartition] = []
            for task in shared.merger.tasks {
                for topic in processor.inputTopics {
                    let partition = TopicPartition(topic, task)
                    let count = shared.merger.bufferedCount(partition)
                    if count >= bound, !paused.contains(partition) { toPause.append(partition) }
                    if count <= bound / 2, paused.contains(partition) { toResume.append(partition) }
                }
            }
            // Partitions no longer assigned are forgotten (revoked with their buffers).
            let open = Set(shared.merger.tasks)
            pausedForBuffer.withLock { $0 = $0.filter { open.contains($0.partition) } }
            return (toPause, toResume)
        }
        if !toPause.isEmpty, (try? consumer.pause(toPause)) != nil {
            pausedForBuffer.withLock { $0.formUnion(toPause) }
        }
        if !toResume.isEmpty, (try? consumer.resume(toResume)) != nil {
            pausedForBuffer.withLock { $0.subtract(toResume) }
        }
    }
}

/// The origin of the monotonic milliseconds the merge measures waiting with.
private let processStart = ContinuousClock.now

/// Milliseconds since the process started, on the monotonic clock: what the merge measures waiting with.
func monotonicMilliseconds() -> Int64 {
    Int64((ContinuousClock.now - processStart).seconds * 1000)
}
