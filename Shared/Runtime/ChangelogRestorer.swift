import Foundation
import Kafka
import Logging

/// Rebuilds partitions' state by reading their changelog partitions whole, up to the high watermarks of the
/// moment, all in one assignment: the cost of a restore is the records read, not a round of fetch waits per
/// partition.
struct ChangelogRestorer<State: Codable & Sendable>: Sendable {
    let consumer: KafkaConsumer
    let topic: String
    let logger: Logger

    /// What one partition's changelog holds while it is read: the newest raw record of each key (a nil value
    /// is a tombstone) and of the checkpoint. Without compaction (the embedded broker) a key's state appears
    /// once per change; only its last record counts, so each key is decoded once, at the end.
    private struct Collected {
        /// The partition's low watermark when reading began (0 for a partition that held nothing).
        var low: Int64 = 0
        var latest: [String: [UInt8]?] = [:]
        var checkpoint: [UInt8]?
        /// Keys whose newest record read so far holds a state (not a tombstone).
        var liveKeys = 0
        /// `liveKeys` when the newest checkpoint so far was read: what that checkpoint's `keys` must equal.
        var liveKeysAtCheckpoint = 0
    }

    /// The restored state of each of `partitions`. Blocking: runs inside the main consumer's assignment hook,
    /// off the cooperative pool.
    func restore(partitions: [Int32]) throws -> [Int32: PartitionState<State>] {
        var collected: [Int32: Collected] = [:]
        var states: [Int32: PartitionState<State>] = [:]
        try TopicReader(consumer: consumer, topic: topic).read(
            partitions: partitions, mode: .toEnd,
            onStart: { lows in
                for (number, low) in lows { collected[number] = Collected(low: low) }
            },
            onRecords: { records in
                for record in records { Self.collect(record, into: &collected[record.partition, default: Collected()]) }
            },
            // A partition read to its end is decoded at once, so its raw records do not wait for the others.
            onPartitionEnd: { number in
                states[number] = try decode(collected.removeValue(forKey: number) ?? Collected(), partition: number)
            }
        )
        for number in partitions where states[number] == nil {
            states[number] = try decode(collected.removeValue(forKey: number) ?? Collected(), partition: number)
        }
        return states
    }

    /// A partition's state from the newest record of each key.
    /// Refuses a partition whose changelog lost records: the broker's window (the embedded broker keeps a partition's
    /// last 100,000 records or 5 MiB and does not compact) dropped the newest record of a key the partition still
    /// held — fewer live keys up to the newest checkpoint than it counted — or every checkpoint.
    private func decode(_ partition: Collected, partition number: Int32) throws -> PartitionState<State> {
        let name = "\(topic)[\(number)]"
        if partition.low > 0, partition.checkpoint == nil {
            throw RuntimeError(.changelogTruncated, "changelog partition \(name) is truncated: it starts at offset \(partition.low) and no checkpoint is left; "
                + "its state cannot be restored whole (use more partitions on the embedded broker, or a compacted topic)",
                topic: topic, partition: number, offset: partition.low)
        }
        let state = try Self.decode(partition, partition: number)
        if let keys = state.checkpoint.keys, partition.liveKeysAtCheckpoint < keys {
            throw RuntimeError(.changelogTruncated, "changelog partition \(name) is truncated: it starts at offset \(partition.low), and of the \(keys) keys "
                + "its last checkpoint counted only \(partition.liveKeysAtCheckpoint) are left; its state cannot be restored whole "
                + "(use more partitions on the embedded broker, or a compacted topic)",
                topic: topic, partition: number, offset: partition.low)
        }
        return state
    }

    private static func decode(_ partition: Collected, partition number: Int32) throws -> PartitionState<State> {
        var state = PartitionState<State>(partition: number)
        state.entries.reserveCapacity(partition.latest.count)
        for (key, value) in partition.latest {
            guard let value else { continue }
            state.entries[key] = try ChangelogCoder.decode(KeyEntry<State>.self, from: value)
        }
        if let checkpoint = partition.checkpoint {
            state.checkpoint = try ChangelogCoder.decode(PartitionCheckpoint.self, from: checkpoint)
        }
        state.dirtyKeys = []
        state.checkpointDirty = false
        state.writtenOffsets = state.checkpoint.offsets
        return state
    }

    /// Keeps a record if it is the newest so far of its key: a state (nil value: a tombstone) or the checkpoint.
    private static func collect(_ record: ConsumerRecord, into partition: inout Collected) {
        guard let key = record.keyString else { return }
        if let stateKey = ChangelogKey.stateKey(key) {
            let wasLive = partition.latest[stateKey].map { $0 != nil } ?? false
            partition.latest[stateKey] = .some(record.value)
            partition.liveKeys += (record.value != nil ? 1 : 0) - (wasLive ? 1 : 0)
        } else if key == ChangelogKey.offsets(record.partition), let value = record.value {
            partition.checkpoint = value
            partition.liveKeysAtCheckpoint = partition.liveKeys
        }
    }
}

