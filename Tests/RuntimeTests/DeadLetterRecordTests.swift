import Domain
import Kafka
@testable import Runtime
import Testing

/// A dead letter always fits under the broker's `message.max.bytes`, and still says where the whole record is.
@Suite("Dead-letter records")
struct DeadLetterRecordTests {
    static let rejection = EventRejection(code: .recordTooLarge, field: "", message: "too large")

    func letter(value: [UInt8]?, headers: [KafkaHeader] = []) -> ProducerRecord {
        let input = ConsumerRecord(topic: "erp.invoices", partition: 3, offset: 41, key: Array("B-1".utf8), value: value, headers: headers)
        return DeadLetter.record(for: input, rejection: Self.rejection, attemptCount: 1, stage: "monitoring", topic: "monitoring.dlq")
    }

    func header(_ record: ProducerRecord, _ key: String) -> String? {
        record.headers.last { $0.key == key }?.value.map { String(decoding: $0, as: UTF8.self) }
    }

    @Test func aSmallValueIsCarriedWhole() {
        let record = letter(value: Array("{}".utf8))
        #expect(record.value == Array("{}".utf8))
        #expect(header(record, "dlq.value.truncated") == nil && header(record, "dlq.value.size") == nil)
        #expect(record.partition == 3 && record.key == Array("B-1".utf8))
    }

    @Test func aLargeValueIsCarriedAsABoundedPrefixWithItsSize() {
        let value = (0..<2_000_000).map { UInt8(truncatingIfNeeded: $0) }
        let record = letter(value: value, headers: [KafkaHeader(key: "huge", value: Array(repeating: 65, count: 10_000)),
                                                    KafkaHeader(key: "ce_id", string: "evt-1")])
        #expect(record.value == Array(value.prefix(DeadLetter.maximumValueBytes)))
        #expect(header(record, "dlq.value.truncated") == "true")
        #expect(header(record, "dlq.value.size") == "2000000")
        #expect(header(record, "dlq.headers.truncated") == "true")
        #expect(record.headers.first { $0.key == "huge" }?.value?.count == DeadLetter.maximumHeaderValueBytes)
        #expect(header(record, "ce_id") == "evt-1")
        #expect(header(record, "dlq.source.topic") == "erp.invoices" && header(record, "dlq.source.partition") == "3"
                && header(record, "dlq.source.offset") == "41")
        let size = (record.value?.count ?? 0) + record.headers.reduce(0) { $0 + $1.key.utf8.count + ($1.value?.count ?? 0) }
        #expect(size < 100_000, "far under message.max.bytes")
    }
}
