import Domain
import Kafka
import Runtime

/// One record of a `<stage>.dlq` topic, read back: where it was parked, where the original came from, why, and
/// the original record as far as the dead letter carries it (docs/runtime.md, "Poison input").
struct ParkedRecord: Sendable, Hashable {
    /// The stage that parked it (`dlq.stage`, else the topic's name).
    var stage: String
    /// Its own position on `<stage>.dlq`: the identity the replay log records.
    var position: TopicPartitionOffset
    /// The original input's position (`dlq.source.*`); nil when the headers do not say.
    var source: TopicPartitionOffset?
    var code: String
    var field: String
    var message: String
    var attempts: Int
    var key: [UInt8]?
    /// The value as parked: the original's first ``DeadLetter/maximumValueBytes`` bytes when ``valueTruncated``.
    var value: [UInt8]?
    /// The original record's headers, without any `dlq.*` header.
    var originalHeaders: [KafkaHeader]
    /// Every header of the dead letter, as stored.
    var headers: [KafkaHeader]
    var valueTruncated: Bool
    /// The original value's size in bytes when it was truncated.
    var originalValueSize: Int?
    var headersTruncated: Bool
    /// The id of the replay that sent the original back, when this dead letter is a re-park of a replayed record.
    var replayId: String?
    /// When it was parked (the dead letter's Kafka timestamp).
    var parkedAt: Timestamp?

    /// Reads a dead letter from `record`, a record of `<stage>.dlq`.
    init(_ record: ConsumerRecord) {
        func text(_ key: String) -> String? { record.header(key)?.stringValue }
        stage = text(DeadLetter.stage) ?? String(record.topic.dropLast(".dlq".count))
        position = TopicPartitionOffset(record.topicPartition, offset: record.offset)
        if let topic = text(DeadLetter.sourceTopic), let partition = text(DeadLetter.sourcePartition).flatMap({ Int32($0) }),
           let offset = text(DeadLetter.sourceOffset).flatMap({ Int64($0) }) {
            source = TopicPartitionOffset(topic: topic, partition: partition, offset: offset)
        }
        code = text(EventRejection.HeaderKey.code) ?? "unknown"
        field = text(EventRejection.HeaderKey.field) ?? ""
        message = text(EventRejection.HeaderKey.message) ?? ""
        attempts = text(DeadLetter.attempts).flatMap { Int($0) } ?? 1
        key = record.key
        value = record.value
        headers = record.headers
        originalHeaders = record.headers.filter { !$0.key.hasPrefix(DeadLetter.headerPrefix) }
        valueTruncated = text(DeadLetter.valueTruncated) == "true"
        originalValueSize = text(DeadLetter.valueSize).flatMap { Int($0) }
        headersTruncated = text(DeadLetter.headersTruncated) == "true"
        replayId = text(DeadLetter.replayed)
        parkedAt = record.timestamp.map { Timestamp(millisecondsSinceEpoch: $0) }
    }

    var keyText: String? { key.flatMap { String(validating: $0, as: UTF8.self) } }
    /// The original's `ce_id`, unchanged by a replay.
    var eventId: String? { originalHeaders.last { $0.key == EventCodec.HeaderKey.id }?.stringValue }
    var eventType: String? { originalHeaders.last { $0.key == EventCodec.HeaderKey.type }?.stringValue }
    /// A re-park: a replayed record that its stage parked again.
    var isRepark: Bool { replayId != nil }
    /// The UTC day it was parked, `YYYY-MM-DD`.
    var day: String { parkedAt.map { $0.calendarDate.description } ?? "unknown" }

    /// Why it cannot be sent back as it is, or nil: a dead letter carries only part of a value over 64 KiB or of a
    /// header over 4 KiB, and without its source position there is nowhere to send it.
    var notReplayableReason: String? {
        if valueTruncated {
            return "value truncated when parked (\(originalValueSize.map { "\($0) bytes, " } ?? "")\(value?.count ?? 0) kept)"
        }
        if headersTruncated { return "a header truncated when parked" }
        if source == nil { return "no dlq.source.* headers" }
        return nil
    }
}
