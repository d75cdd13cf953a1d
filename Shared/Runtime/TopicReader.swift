import Kafka

/// The one "read to the high watermark, then follow" loop of the runtime, behind global tables, topic snapshots and
/// changelog restore: reads partitions of a topic up to the high watermarks they have when reading begins (their
/// end), and — when following — goes on with what is written after, until told to stop.
///
/// Blocking (it polls with `pollBlocking`): run it on a thread of its own or inside another consumer's rebalance
/// hook, never on the cooperative pool. Every reader follows one stall rule (`ReadProgress`).
struct TopicReader: Sendable {
    /// What the reader does at its end.
    enum Mode: Sendable {
        /// Stops at the end, leaving the consumer unassigned: restores and snapshots.
        case toEnd
        /// Goes on reading what is written after the end, until `isRunning` turns false: global tables.
        case follow
    }

    let consumer: KafkaConsumer
    let topic: String
    /// How long the reader may go without progress before its end is reached (`ReadProgress`).
    var stallTimeout: Duration = .seconds(60)
    var maxRecordsPerPoll = 10_000

    /// Reads `partitions` of the topic. Tells `onStart` the low watermark of each partition that holds records, hands each polled batch of the topic's records to `onRecords` — up to the end
    /// only in `.toEnd`, everything in `.follow` — then calls `onPartitionEnd` for each partition the batch brought to
    /// its end, and `onEnd` once when every partition is there (at once when none held records).
    /// Throws the stall (`RuntimeError.Code.readStalled`), a consumer failure, or what a callback throws.
    func read(partitions: [Int32], mode: Mode, isRunning: () -> Bool = { true },
              onStart: ([Int32: Int64]) -> Void = { _ in },
              onRecords: ([ConsumerRecord]) throws -> Void,
              onPartitionEnd: (Int32) throws -> Void = { _ in },
              onEnd: () -> Void = {}) throws {
        var targets: [Int32: Int64] = [:]
        var lows: [Int32: Int64] = [:]
        for partition in partitions {
            let (low, high) = try consumer.watermarksBlocking(TopicPartition(topic, partition))
            if high > low {
                targets[partition] = high
                lows[partition] = low
            }
        }
        onStart(lows)
        var progress = ReadProgress(targets: targets, stallTimeout: stallTimeout, start: .now)
        let start: [TopicPartitionOffset] = switch mode {
        case .toEnd: lows.sorted { $0.key < $1.key }.map { TopicPartitionOffset(topic: topic, partition: $0.key, offset: $0.value) }
        case .follow: partitions.map { TopicPartitionOffset(topic: topic, partition: $0, offset: KafkaOffset.beginning) }
        }
        var ended = progress.isAtEnd
        if ended { onEnd() }
        if ended, mode == .toEnd { return }
        try consumer.assign(start)
        defer { if mode == .toEnd { try? consumer.assign([]) } }
        while isRunning() {
            let records = try consumer.pollBlocking(maxRecords: maxRecordsPerPoll, timeout: .milliseconds(200))
            let now = ContinuousClock.now
            var reached: [Int32] = []
            if records.isEmpty {
                // Compaction or transaction markers can leave no record at the very end: the position counts too.
                if !ended, let positions = try? consumer.positions(progress.unfinishedPartitions.map { TopicPartition(topic, $0) }) {
                    for position in positions where position.offset >= 0
                        && progress.read(partition: position.partition, nextOffset: position.offset, at: now) {
                        reached.append(position.partition)
                    }
                }
            } else {
                let ofTopic = records.filter { $0.topic == topic }
                try onRecords(mode == .follow ? ofTopic : ofTopic.filter { progress.isBeforeTarget(partition: $0.partition, offset: $0.offset) })
                for record in ofTopic where progress.read(partition: record.partition, nextOffset: record.offset + 1, at: now) {
                    reached.append(record.partition)
                }
            }
            for partition in reached { try onPartitionEnd(partition) }
            guard !ended else { continue }
            if progress.isAtEnd {
                ended = true
                onEnd()
                if mode == .toEnd { return }
            } else if let stall = progress.stall(of: topic, at: now) {
                throw stall
            }
        }
    }
}
