import Domain
import Foundation
import Kafka
import TestSupport
import Testing

/// What a producer the project did not write may send: every stage that reads it parks it on its dead-letter
/// topic with the code that says what is wrong, and goes on with the good records around it.
@Suite("Hostile input on the stages' input topics", .serialized)
struct HostileInputTests {
    static let stages = ["scoring", "monitoring", "dunning", "claims"]

    static func invoice(_ buyer: String, _ number: Int, amount: Int64 = 1_000, issued: String = "2024-03-01") -> EventEnvelope {
        let issueDate = try! CalendarDate(issued)
        return Given.envelope(.invoiceIssued(InvoiceIssued(
            buyerId: BuyerId(buyer), invoiceId: InvoiceId("\(buyer)-INV-\(number)"), amount: Given.money(amount),
            issueDate: issueDate, dueDate: issueDate.adding(days: 30), termsDays: 30)), id: "\(buyer)-INV-\(number)", on: issued)
    }

    static func payment(_ buyer: String, invoice number: Int, amount: Int64, on date: String) -> EventEnvelope {
        Given.envelope(.paymentApplied(PaymentApplied(
            buyerId: BuyerId(buyer), invoiceId: InvoiceId("\(buyer)-INV-\(number)"), paymentId: "\(buyer)-PAY-\(date)",
            amount: Given.money(amount), paymentDate: try! CalendarDate(date))), id: "\(buyer)-PAY-\(date)", on: date)
    }

    /// The record of `envelope` with its value, headers or key replaced, as a careless producer would send it.
    static func record(_ envelope: EventEnvelope, value: String? = nil, dropping header: String? = nil,
                       key: [UInt8]?? = nil, topic: String? = nil, partition: Int32? = nil) throws -> ProducerRecord {
        var record = try ProducerRecord(envelope)
        if let value { record.value = Array(value.utf8) }
        if let header { record.headers.removeAll { $0.key == header } }
        if let key { record.key = key }
        if let topic { record.topic = topic }
        record.partition = partition
        return record
    }

    @Test func contractBreachesAreDeadLetteredWithTheirCodesWhileTheGoodRecordsAroundThemAreProcessed() async throws {
        let pipeline = try PipelineFixture()
        var processes: [ChildProcess] = []
        for stage in Self.stages { processes.append(try await pipeline.start(stage, ["--clock", "stream"])) }

        let issued = Self.invoice("H-1", 1)
        var conflicting = Self.invoice("H-1", 1, amount: 2_000)
        conflicting.id = issued.id
        let order = Given.envelope(.orderRequested(OrderRequested(buyerId: "H-7", orderId: "H-7-ORD-1", amount: Given.money(500),
                                                                  orderDate: try CalendarDate("2024-03-02"))), id: "H-7-ORD-1", on: "2024-03-02")
        let misplaced = Self.invoice("H-8", 1)
        let rightPartition = KeyPartitioner.partition(of: misplaced.buyerId, partitions: PipelineFixture.partitions)
        let wrongPartition = (rightPartition + 1) % Int32(PipelineFixture.partitions)
        let records = [
            try Self.record(issued),
            try Self.record(issued),                                          // the same bytes again: skipped and counted
            try Self.record(conflicting),                                     // conflicting_duplicate
            try Self.record(Self.payment("H-1", invoice: 1, amount: 500, on: "2024-02-01")), // date_before_issue
            try Self.record(Self.invoice("H-2", 1), value: "this is not json {{{"),         // malformed_json
            try Self.record(Self.invoice("H-2", 2), value: "123.45"),                       // not_an_object
            try Self.record(Self.invoice("H-2", 3), value: "[1]"),                          // not_an_object
            try Self.record(Self.invoice("H-2", 4), value: #"{"buyerId":"H-2","invoiceId":"#), // truncated_json
            try Self.record(order, topic: TopicCatalog.erpInvoices),          // wrong_topic
            try Self.record(Self.invoice("H-3", 1), dropping: EventCodec.HeaderKey.contentType), // missing_header
            try Self.record(Self.invoice("H-4", 1), key: Array("H-5".utf8)),  // key_mismatch
            try Self.record(Self.invoice("H-6", 1), key: .some(nil)),         // missing_key
            try Self.record(misplaced, partition: wrongPartition),            // wrong_partition
            try Self.record(Self.payment("H-1", invoice: 1, amount: 400, on: "2024-03-10")),
            try Self.record(Self.invoice("H-9", 1, issued: "2024-03-11")),
        ]
        let producer = try pipeline.test.producer()
        _ = try await producer.send(records)
        await producer.close()

        let expected = ["conflicting_duplicate", "date_before_issue", "key_mismatch", "malformed_json", "missing_header", "missing_key",
                        "not_an_object", "not_an_object", "truncated_json", "wrong_partition", "wrong_topic"]
        for stage in Self.stages {
            let letters = try await pipeline.deadLetters(stage, count: expected.count)
            #expect(letters.compactMap { $0.header("dlq.error.code")?.stringValue }.sorted() == expected, "\(stage)")
            func message(_ code: String) -> String {
                letters.first { $0.header("dlq.error.code")?.stringValue == code }?.header("dlq.error.message")?.stringValue ?? ""
            }
            #expect(message("malformed_json") == "value is not JSON: 'h' at byte 1, expected \"true\"", "\(stage)")
            #expect(message("truncated_json").hasSuffix("(at byte 29)"), "\(stage)")
            #expect(message("wrong_partition").contains("belongs on partition \(rightPartition) of \(PipelineFixture.partitions)"), "\(stage)")
            #expect(message("missing_header").isEmpty == false)
            #expect(letters.allSatisfy { $0.header("dlq.source.topic")?.stringValue == TopicCatalog.erpInvoices }, "\(stage)")
        }
        // The good records around them: the payment after the refused ones applies once, and the next buyer is scored.
        let positions = try await pipeline.read(TopicCatalog.receivablesPositions) { events in
            events.contains { $0.position?.buyerId == "H-1" && $0.position?.openAmount == Given.money(600) }
                && events.contains { $0.position?.buyerId == "H-9" }
        }
        #expect(positions.contains { $0.position?.buyerId == "H-1" && $0.position?.openAmount == Given.money(600) })
        #expect(!positions.contains { $0.position?.buyerId == "H-1" && $0.position?.openAmount == Given.money(500) },
                "the payment dated before its invoice was never applied")
        #expect(!positions.contains { ["H-5", "H-6", "H-7", "H-8"].contains($0.position?.buyerId.rawValue ?? "") }, "no ghost positions")
        let assessments = try await pipeline.read(TopicCatalog.creditAssessments) { events in events.contains { $0.assessment?.buyerId == "H-9" } }
        #expect(assessments.contains { $0.assessment?.buyerId == "H-9" })
        await pipeline.stop(processes)
    }

    /// Each input topic of each stage, with a good event to send after the large records.
    static func goodEvent(on topic: String, buyer: String) -> EventEnvelope {
        switch topic {
        case TopicCatalog.erpInvoices: return invoice(buyer, 1)
        case TopicCatalog.buyerSignals:
            return Given.envelope(.buyerProfile(BuyerProfile(buyerId: BuyerId(buyer), name: buyer, country: "DE", industryCode: "C")),
                                  id: "\(buyer)-profile", on: "2024-03-01", source: "provider/test")
        default:
            return Given.envelope(.orderRequested(OrderRequested(buyerId: BuyerId(buyer), orderId: OrderId("\(buyer)-ORD"),
                                                                 amount: Given.money(100), orderDate: try! CalendarDate("2024-03-01"))),
                                  id: "\(buyer)-ORD", on: "2024-03-01")
        }
    }

    @Test func recordsTooLargeToProcessAreParkedAsABoundedPrefixAndNothingStops() async throws {
        let pipeline = try PipelineFixture()
        var processes: [ChildProcess] = []
        for stage in Self.stages { processes.append(try await pipeline.start(stage, ["--clock", "stream"])) }
        // A producer may send what the broker takes: raise the client's own limit past 2 MB.
        let producer = try pipeline.test.producer { $0.common.properties["message.max.bytes"] = "3000000" }
        let sizes = [999_700, 2_000_000]
        let topics = [TopicCatalog.erpInvoices, TopicCatalog.buyerSignals, TopicCatalog.erpOrders]
        for (index, topic) in topics.enumerated() {
            for size in sizes {
                // Malformed: a JSON-looking prefix that never ends, with the headers of a good event.
                var record = try ProducerRecord(Self.invoice("L-\(index)", size))
                record.topic = topic
                record.value = Array(("{\"buyerId\":\"L-\(index)\",\"note\":\"" + String(repeating: "x", count: size)).utf8.prefix(size))
                _ = try await producer.send(record)
            }
            _ = try await producer.send(try ProducerRecord(Self.goodEvent(on: topic, buyer: "L-\(index)")))
        }
        await producer.close()

        // Readers: scoring erp.invoices + buyer.signals; monitoring erp.invoices + erp.orders + buyer.signals (profiles
        // for buyer groups); dunning erp.invoices; claims erp.invoices + buyer.signals.
        let expectedCount = ["scoring": 4, "monitoring": 6, "dunning": 2, "claims": 4]
        func checkDeadLetters() async throws {
            for stage in Self.stages {
                let letters = try await pipeline.deadLetters(stage, count: expectedCount[stage]!)
                #expect(letters.count == expectedCount[stage]!, "\(stage): \(letters.count) dead letters")
                for letter in letters {
                    let size = try #require(Int(letter.header("dlq.value.size")?.stringValue ?? ""))
                    #expect(sizes.contains(size))
                    #expect(letter.header("dlq.error.code")?.stringValue == "record_too_large")
                    #expect(letter.header("dlq.value.truncated")?.stringValue == "true")
                    #expect(letter.value?.count == 64 * 1024, "a bounded prefix")
                    #expect(letter.header("dlq.source.offset")?.stringValue != nil && letter.header("dlq.source.topic") != nil)
                }
            }
        }
        try await checkDeadLetters()
        // The good records after them are processed: the invoice, the profile and the order each have their output.
        let positions = try await pipeline.read(TopicCatalog.receivablesPositions) { events in events.contains { $0.position?.buyerId == "L-0" } }
        #expect(positions.contains { $0.position?.buyerId == "L-0" })
        let assessments = try await pipeline.read(TopicCatalog.creditAssessments) { events in events.contains { $0.assessment?.buyerId == "L-1" } }
        #expect(assessments.contains { $0.assessment?.buyerId == "L-1" })
        let decisions = try await pipeline.read(TopicCatalog.creditDecisions) { events in events.contains { $0.decision?.buyerId == "L-2" } }
        #expect(decisions.contains { $0.decision?.buyerId == "L-2" })

        // Restarted, every stage resumes after them: ready, and nothing parked twice.
        for process in processes { process.signal(SIGTERM) }
        for process in processes { #expect(await process.exitStatus() == 0, "clean exit: \(process.standardError.suffix(2_000))") }
        processes = []
        for stage in Self.stages { processes.append(try await pipeline.start(stage, ["--clock", "stream"])) }
        let again = try await pipeline.test.producer()
        _ = try await again.send(try ProducerRecord(Self.invoice("L-9", 1)))
        await again.close()
        _ = try await pipeline.read(TopicCatalog.receivablesPositions) { events in events.contains { $0.position?.buyerId == "L-9" } }
        try await checkDeadLetters()
        await pipeline.stop(processes)
    }
}
