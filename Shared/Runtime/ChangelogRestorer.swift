import Foundation
import Kafka
import Logging

/// Rebuilds a partition's state by reading its changelog partition whole, up to the high watermark.
struct ChangelogRestorer<State: Codable & Sendable>: Sendable {
    let consumer: KafkaConsumer
    let topic: String
    let logger: Logger

    /// Blocking: runs inside the main consumer's assignment hook, off the cooperative pool.
    func restore(partition: Int32) throws -> PartitionState<State> {
        var state = PartitionState<State>(partition: partition)
        let topicPartition = TopicPartition(topic, partition)
        let (low, high) = try consumer.watermarksBlocking(topicPartition)
        guard high > low else { return state }
        try consumer.assign([TopicPartitionOffset(topicPartition, offset: low)])
        defer { try? consumer.assign([]) }
        var next = low
        var idlePolls = 0
        while next < high {
            let records = try consumer.pollBlocking(maxRecords: 10_000, timeout: .milliseconds(500))
            if records.isEmpty {
                idlePolls += 1
                if idlePolls > 120 { throw RestoreError(message: "changelog \(topicPartition) stopped at offset \(next) of \(high)") }
                continue
            }
            idlePolls = 0
            for record in records where record.topic == topic && record.partition == partition {
                try apply(record, to: &state)
                next = record.offset + 1
            }
        }
        state.dirtyKeys = []
        state.checkpointDirty = false
        return state
    }

    private func apply(_ record: ConsumerRecord, to state: inout PartitionState<State>) throws {
        guard let key = record.keyString else { return }
        if let stateKey = ChangelogKey.stateKey(key) {
            if let value = record.value {
                state.entries[stateKey] = try ChangelogCoder.decode(KeyEntry<State>.self, from: value)
            } else {
                state.entries[stateKey] = nil
            }
        } else if key == ChangelogKey.offsets(state.partition), let value = record.value {
            state.checkpoint = try ChangelogCoder.decode(PartitionCheckpoint.self, from: value)
        }
    }
}

/// The changelog could not be read back; the stage stops rather than run on partial state.
struct RestoreError: Error, CustomStringConvertible {
    var message: String
    var description: String { message }
}
