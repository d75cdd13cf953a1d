import Domain
import Runtime
import Testing
@testable import Claims

/// Issue "Runtime v2, part 1" §1: with inputs merged in event-time order an invoice always precedes what other
/// stages say about it, so a reference still unknown is a real inconsistency (`unknown_reference`), while a late
/// word about an invoice the stage closed and pruned is normal traffic, ignored.
@Suite struct ReferenceTests {
    @Test func anActionAboutAnInvoiceNeverKnownIsAnUnknownReference() {
        var scenario = ClaimsScenario()
        #expect(throws: EventRejection.unknownReference("NO-SUCH", from: TopicCatalog.dunningActions)) {
            try scenario.send(Fixture.claimTrigger(invoice: "NO-SUCH"))
        }
        let transition = DomainEvent.overdueTransition(OverdueTransition(
            buyerId: Fixture.buyer, invoiceId: "NOPE", daysPastDue: 61, dueDate: Fixture.due, asOf: Fixture.due.adding(days: 61),
            openAmount: Fixture.usd(100), disputed: false))
        #expect(throws: EventRejection.self) { try scenario.send(transition) }
    }

    @Test func aLateActionAboutAPrunedInvoiceIsIgnored() throws {
        var scenario = ClaimsScenario()
        try scenario.send(Fixture.limit(), Fixture.issued())
        try scenario.send(Fixture.payment(120_000, id: "P-1", on: Fixture.due))
        scenario.endOfDay(Fixture.due.adding(days: BuyerClaimsState.settledInvoiceRetentionDays + 2))
        #expect(scenario.state.invoices["INV-1"] == nil, "settled and pruned")
        #expect(scenario.state.forgottenInvoices == ["INV-1"])
        let before = scenario.state
        let outputs = try scenario.send(Fixture.dunning(.resolved, level: 1, daysPastDue: 0))
        #expect(outputs.isEmpty)
        #expect(scenario.state == before)
    }
}

/// The processor marks such a late word as ignored, so the runtime counts it (`credence_inputs_ignored_total`).
@Suite struct IgnoredReferenceProcessorTests {
    @Test func theProcessorReportsALateActionAboutAPrunedInvoiceAsIgnored() throws {
        var scenario = ClaimsScenario()
        try scenario.send(Fixture.limit(), Fixture.issued())
        try scenario.send(Fixture.payment(120_000, id: "P-1", on: Fixture.due))
        scenario.endOfDay(Fixture.due.adding(days: BuyerClaimsState.settledInvoiceRetentionDays + 2))
        let processor = ClaimsProcessor(policy: .defaults)
        let late = EventEnvelope(id: "late-1", source: "credence/dunning", time: Timestamp(date: Fixture.due.adding(days: 200)),
                                 event: Fixture.dunning(.resolved, level: 1, daysPastDue: 0))
        let outcome = processor.process(state: scenario.state, input: late, context: ProcessingContext(
            now: late.time.date, key: Fixture.buyer.rawValue, causeID: "late-1", partition: 0))
        #expect(outcome.ignored == "closed_invoice")
        #expect(outcome.rejection == nil)
        #expect(outcome.state == scenario.state)
        #expect(outcome.outputs.isEmpty)
    }
}
