import Domain
import Foundation
import Kafka

/// One record of `credence.dlq.replays`: a dead letter `credence dlq replay` sent back to its source topic
/// (contracts/asyncapi.json, `deadLetterReplayRecord`). A dead letter logged here is never sent again.
struct ReplayLogEntry: Codable, Sendable, Hashable {
    /// A position on a topic, as the log writes it.
    struct Position: Codable, Sendable, Hashable {
        var topic: String
        var partition: Int32
        var offset: Int64

        init(_ position: TopicPartitionOffset) {
            topic = position.topic
            partition = position.partition
            offset = position.offset
        }

        init(topic: String, partition: Int32, offset: Int64) {
            self.topic = topic
            self.partition = partition
            self.offset = offset
        }

        var text: String { "\(topic)[\(partition)]@\(offset)" }
    }

    var replayId: String
    var stage: String
    var code: String
    var ceId: String?
    /// The dead letter's position on `<stage>.dlq`.
    var deadLetter: Position
    /// Where the original input was read.
    var source: Position
    /// Where the replayed record was stored.
    var replayedTo: Position
    var replayedAt: Timestamp

    /// The log record: keyed like the dead letter, on its partition number.
    func record(key: [UInt8]?) throws -> ProducerRecord {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        return ProducerRecord(topic: TopicCatalog.deadLetterReplays, partition: deadLetter.partition, key: key,
                              value: Array(try encoder.encode(self)))
    }

    /// The entry a log record holds, or nil for a record that is not one.
    static func decode(_ record: ConsumerRecord) -> ReplayLogEntry? {
        guard let value = record.value else { return nil }
        return try? JSONDecoder().decode(ReplayLogEntry.self, from: Data(value))
    }
}
