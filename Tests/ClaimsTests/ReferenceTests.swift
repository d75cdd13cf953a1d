import Domain
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
