import Domain
import Kafka

/// Builds the dead-letter record of an input: the original key, value and headers, plus headers that say
/// where it came from and why it was parked.
///
/// A dead letter always fits under the broker's `message.max.bytes` (1,000,000 by default): a value above
/// ``maximumValueBytes`` is carried as its first ``maximumValueBytes`` bytes with `dlq.value.truncated=true` and
/// `dlq.value.size`, and an original header value above ``maximumHeaderValueBytes`` is cut the same way with
/// `dlq.headers.truncated=true`. The source headers still point at the whole original record.
enum DeadLetter {
    static let sourceTopic = "dlq.source.topic"
    static let sourcePartition = "dlq.source.partition"
    static let sourceOffset = "dlq.source.offset"
    static let attempts = "dlq.attempts"
    static let stage = "dlq.stage"
    static let valueTruncated = "dlq.value.truncated"
    static let valueSize = "dlq.value.size"
    static let headersTruncated = "dlq.headers.truncated"

    /// The most of an input's value a dead letter carries.
    static let maximumValueBytes = 64 * 1024
    /// The most of each original header value a dead letter carries.
    static let maximumHeaderValueBytes = 4 * 1024

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
