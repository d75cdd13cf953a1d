import Testing
@testable import Domain

@Suite struct EventCodecRoundTripTests {
    @Test func fixturesCoverEveryEventKind() {
        #expect(EventFixtures.minimal.map(\.kind) == EventKind.allCases)
        #expect(EventFixtures.full.map(\.kind) == EventKind.allCases)
    }

    @Test(arguments: EventFixtures.minimal + EventFixtures.full)
    func everyEventSurvivesARoundTrip(event: DomainEvent) throws {
        let envelope = EventFixtures.envelope(event)
        let record = try EventCodec.encode(envelope)
        let decoded = try EventCodec.decode(headers: record.headers, value: record.value)
        #expect(decoded == envelope)
        #expect(record.key == Array(event.buyerId.rawValue.utf8))
        #expect(try EventCodec.encode(decoded) == record, "encoding must be deterministic")
    }

    @Test func headersFollowCloudEventsKafkaBinaryMode() throws {
        let envelope = EventEnvelope(id: "evt-42", source: "erp/sap-eu", time: EventFixtures.instant,
                                     event: EventFixtures.minimal[0])
        let record = try EventCodec.encode(envelope)
        let headers = Dictionary(uniqueKeysWithValues: record.headers.map { ($0.key, String(decoding: $0.value, as: UTF8.self)) })
        #expect(headers == [
            "ce_specversion": "1.0", "ce_id": "evt-42", "ce_source": "erp/sap-eu",
            "ce_type": "credence.invoice.issued.v1", "ce_time": "2024-03-31T17:05:00.250Z",
            "content-type": "application/json",
        ])
        #expect(envelope.topic == "erp.invoices")
    }

    @Test func valuesAreSortedKeyJSONWithCalendarDatesAndMinorUnits() throws {
        let value = String(decoding: try EventCodec.encodeValue(EventFixtures.minimal[0]), as: UTF8.self)
        #expect(value == #"{"amount":{"amountMinor":100000,"currency":"USD"},"buyerId":"BUYER-0042","dueDate":"2024-03-31","#
            + #""invoiceId":"INV-2024-0001","issueDate":"2024-03-01","termsDays":30}"#)
    }

    @Test func unknownFieldsFromANewerWriterAreIgnored() throws {
        let value = #"{"amount":{"amountMinor":1,"currency":"USD","note":"x"},"buyerId":"B","dueDate":"2024-03-31","#
            + #""invoiceId":"I","issueDate":"2024-03-01","termsDays":30,"newOptionalField":true}"#
        let envelope = try EventCodec.decode(headers: EventCodecRejectionTests.headers(), value: Array(value.utf8))
        guard case .invoiceIssued(let issued) = envelope.event else { Issue.record("wrong kind"); return }
        #expect(issued.amount.amountMinor == 1 && issued.invoiceId == "I")
    }

    @Test func attributesCanBeReadWithoutTheValue() throws {
        let record = try EventCodec.encode(EventFixtures.envelope(EventFixtures.full[4], id: "dup-1"))
        let attributes = try EventCodec.decodeAttributes(headers: record.headers)
        #expect(attributes == EventAttributes(id: "dup-1", source: "erp/test", kind: .invoiceDisputed, time: EventFixtures.instant))
    }

    @Test func everyKindHasAVersionedTypeAndATopicOfTheCatalog() {
        let topics = Set(TopicCatalog().topics.map(\.name))
        for kind in EventKind.allCases {
            #expect(kind.ceType == kind.rawValue + ".v1")
            #expect(topics.contains(kind.topic))
            #expect(kind.payloadType.kind == kind)
        }
        #expect(EventKind.kinds(on: TopicCatalog.erpOrders) == [.orderRequested])
        #expect(EventKind.kinds(on: TopicCatalog.changelog(.scoring)).isEmpty)
    }

    @Test func encodingRefusesNumbersJSONCannotCarry() {
        var alert = Alert(buyerId: "B", alertId: "a", alertType: .orderSurge, severity: .info, raisedAt: EventFixtures.instant)
        alert.figures = ["ratio": .nan]
        #expect(throws: EventRejection.self) { try EventCodec.encodeValue(.alert(alert)) }
    }
}
