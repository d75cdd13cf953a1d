import Domain
import Kafka

/// Why one input was parked, as the DLQ metric labels it.
struct DeadLetterCause: Sendable, Hashable {
    /// The rejection code (`EventRejection.Code`).
    var code: String
    /// The topic the input was read from.
    var sourceTopic: String
}

/// Builds the dead-letter record of an input: the original key, value and headers, plus headers that say
/// where it came from and why it was parked.
///
/// A dead letter always fits under the broker's `message.max.bytes` (1,000,000 by default): a value above
/// ``maximumValueBytes`` is carried as its first ``maximumValueBytes`` bytes with `dlq.value.truncated=true` and
/// `dlq.value.size`, and an original header value above ``maximumHeaderValueBytes`` is cut the same way with
/// `dlq.headers.truncated=true`. The source headers still point at the whole original record.
public enum DeadLetter {
    public static let sourceTopic = "dlq.source.topic"
    public static let sourcePartition = "dlq.source.partition"
    public static let sourceOffset = "dlq.source.offset"
    public static let attempts = "dlq.attempts"
    public static let stage = "dlq.stage"
    public static let valueTruncated = "dlq.value.truncated"
    public static let valueSize = "dlq.value.size"
    public static let headersTruncated = "dlq.headers.truncated"
    /// On a record `credence dlq replay` sent back to its source topic: the replay's id. A replayed record parked
    /// again keeps it, which is how `credence dlq summary` tells a re-park.
    public static let replayed = "dlq.replayed"
    /// On a replayed record: the stage whose dead letter it is. Only that stage processes it; the other stages
    /// reading the source topic applied (or parked) the original already, so they pass it by.
    public static let replayedStage = "dlq.replayed.stage"
    /// Every header the dead-letter topics and replays add starts with this; none belongs to the original record.
    public static let headerPrefix = "dlq."

    /// The most of an input's value a dead letter carries.
    public static let maximumValueBytes = 64 * 1024
    /// The most of each original header value a dead letter carries.
    public static let maximumHeaderValueBytes = 4 * 1024

    /// Whether `input` is a replay of another stage's dead letter, which `stage` passes by.
    static func isReplay(_ input: ConsumerRecord, forAnotherStageThan stage: String) -> Bool {
        guard let target = input.header(replayedStage)?.stringValue else { return false }
        return target != stage
    }

    static func record(for input: ConsumerRecord, rejection: EventRejection, attemptCount: Int, stage: String, topic: String) -> ProducerRecord {
        var headersCut = false
        var headers = input.headers.map { header -> KafkaHeader in
            guard let value = header.value, value.count > maximumHeaderValueBytes else { return header }
            headersCut = true
            return KafkaHeader(key: header.key, value: Array(value.prefix(maximumHeaderValueBytes)))
        }
        headers += [
            KafkaHeader(key: sourceTopic, string: input.topic),
            KafkaHeader(key: sourcePartition, string: String(input.partition)),
            KafkaHeader(key: sourceOffset, string: String(input.offset)),
            KafkaHeader(key: attempts, string: String(attemptCount)),
            KafkaHeader(key: Self.stage, string: stage),
        ]
        // dlq.error.code, dlq.error.field (empty for the value as a whole) and dlq.error.message.
        headers += rejection.deadLetterHeaders.map { KafkaHeader(key: $0.key, value: $0.value) }
        if headersCut { headers.append(KafkaHeader(key: headersTruncated, string: "true")) }
        var value = input.value
        if let whole = input.value, whole.count > maximumValueBytes {
            value = Array(whole.prefix(maximumValueBytes))
            headers += [KafkaHeader(key: valueTruncated, string: "true"), KafkaHeader(key: valueSize, string: String(whole.count))]
        }
        // Same partition number as the input, so a replay tool can put it back where it was.
        return ProducerRecord(topic: topic, partition: input.partition, key: input.key, value: value, headers: headers)
    }
}
