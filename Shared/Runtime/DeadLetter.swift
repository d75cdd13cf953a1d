import Domain
import Kafka

/// Builds the dead-letter record of an input: the original key, value and headers, plus headers that say
/// where it came from and why it was parked.
enum DeadLetter {
    static let sourceTopic = "dlq.source.topic"
    static let sourcePartition = "dlq.source.partition"
    static let sourceOffset = "dlq.source.offset"
    static let attempts = "dlq.attempts"
    static let stage = "dlq.stage"

    static func record(for input: ConsumerRecord, rejection: EventRejection, attemptCount: Int, stage: String, topic: String) -> ProducerRecord {
        var headers = input.headers
        headers += [
            KafkaHeader(key: sourceTopic, string: input.topic),
            KafkaHeader(key: sourcePartition, string: String(input.partition)),
            KafkaHeader(key: sourceOffset, string: String(input.offset)),
            KafkaHeader(key: attempts, string: String(attemptCount)),
            KafkaHeader(key: Self.stage, string: stage),
        ]
        // dlq.error.code, dlq.error.field (empty for the value as a whole) and dlq.error.message.
        headers += rejection.deadLetterHeaders.map { KafkaHeader(key: $0.key, value: $0.value) }
        // Same partition number as the input, so a replay tool can put it back where it was.
        return ProducerRecord(topic: topic, partition: input.partition, key: input.key, value: input.value, headers: headers)
    }
}
