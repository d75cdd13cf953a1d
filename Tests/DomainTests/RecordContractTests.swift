import Testing
@testable import Domain

/// Beyond its value's schema, a record keeps the contract's rules on its topic and key.
@Suite struct RecordContractTests {
    static let invoice = EventEnvelope(
        id: "inv-1", source: "erp/test", time: Timestamp(date: try! CalendarDate("2024-03-01")),
        event: .invoiceIssued(InvoiceIssued(buyerId: "B-01", invoiceId: "I-1", amount: Money(amountMinor: 100_000, currency: .usd),
                                            issueDate: try! CalendarDate("2024-03-01"), dueDate: try! CalendarDate("2024-03-31"), termsDays: 30)))

    func decode(_ envelope: EventEnvelope, topic: String? = nil, key: [UInt8]?? = nil) throws(EventRejection) -> EventEnvelope {
        let encoded = try EventCodec.encode(envelope)
        return try RecordContract.decode(topic: topic ?? envelope.topic, key: key ?? encoded.key, headers: encoded.headers, value: encoded.value)
    }

    @Test func aRecordKeyedByItsBuyerOnItsTopicIsAccepted() throws {
        #expect(try decode(Self.invoice) == Self.invoice)
    }

    @Test func aTypeTheContractDoesNotAllowOnTheTopicIsRefused() {
        #expect(throws: EventRejection(code: .wrongTopic, field: "ce_type",
                                       message: "credence.invoice.issued.v1 belongs on erp.invoices, not on erp.orders")) {
            try decode(Self.invoice, topic: TopicCatalog.erpOrders)
        }
    }

    @Test func theKeyMustBeTheBuyerOfTheValue() {
        #expect(throws: EventRejection(code: .keyMismatch, field: "key", message: "key \"B-02\" is not the buyerId \"B-01\" of the value")) {
            try decode(Self.invoice, key: Array("B-02".utf8))
        }
        #expect(throws: EventRejection(code: .missingKey, field: "key", message: "the record has no key; every record is keyed by its buyerId")) {
            try decode(Self.invoice, key: .some(nil))
        }
        #expect((try? decode(Self.invoice, key: [])) == nil, "an empty key is no key")
    }

    @Test func clockTicksGoToEveryPartitionWhateverTheirKey() throws {
        let tick = EventEnvelope(id: "tick-1", source: "test/clock", time: Self.invoice.time,
                                 event: .clockTick(ClockTick(buyerId: "clock-3", time: Self.invoice.time, partition: 3)))
        #expect(try decode(tick, key: .some(nil)) == tick)
        #expect(try decode(tick, key: Array("clock".utf8)) == tick)
    }
}
