import Domain
import Dunning
import Foundation
import Testing

/// Issue 15: the minimum-amount and cost-of-collection rules judge the buyer's overdue invoices together;
/// an invoice's currency needs an exchange rate; a credit hold caused by a written-off invoice is released
/// by a collector's `releaseHold` or, when the policy says so, by the write-off itself.
@Suite struct BuyerAmountAndHoldTests {
    static func at(_ day: CalendarDate) -> Timestamp { Timestamp(date: day) }

    /// Thirty 400.00 USD invoices of one buyer, all due 2024-03-01: 12,000.00 USD overdue together, above the
    /// 10,000.00 minimum and the 500.00 cost of collection, so each escalates to the credit hold on day 61.
    @Test func manySmallInvoicesOfOneBuyerStillEscalateToCreditHold() throws {
        var harness = ProcessorHarness()
        for index in 1...30 {
            let issued = Fixture.issued(InvoiceId("INV-\(index)"), amount: Fixture.usd("400.00"))
            #expect(harness.send(.invoiceIssued(issued), at: Self.at(Fixture.due.adding(days: -30))).error == nil)
        }
        let outputs = harness.punctuateDaily(from: Fixture.due.adding(days: 1), through: Fixture.due.adding(days: 62))
        let actions = outputs.compactMap(\.dunningAction)
        #expect(actions.filter { $0.action == .writeOffProposal }.isEmpty, "12,000.00 USD overdue costs less than it brings")
        #expect(actions.filter { $0.action == .creditHold }.count == 30)
        #expect(actions.filter { $0.action == .phoneCall }.count == 30, "not below the 10,000.00 minimum together")
        let hold = try #require(actions.first { $0.action == .creditHold })
        #expect(hold.daysPastDue == 61)
    }

    /// One 400.00 USD invoice alone still costs more to collect than it brings.
    @Test func oneSmallInvoiceAloneStillProposesAWriteOff() {
        var harness = ProcessorHarness()
        _ = harness.send(.invoiceIssued(Fixture.issued(amount: Fixture.usd("400.00"))), at: Self.at(Fixture.due.adding(days: -30)))
        let actions = harness.punctuateDaily(from: Fixture.due.adding(days: 1), through: Fixture.due.adding(days: 62)).compactMap(\.dunningAction)
        #expect(actions.map(\.action).contains(.writeOffProposal))
        #expect(!actions.map(\.action).contains(.creditHold))
        #expect(actions.first { $0.action == .writeOffProposal }?.note?.contains("the buyer's overdue total 400.00 USD") == true)
    }

    /// Invoices in several currencies are judged together in the reporting currency: 6,000.00 USD and
    /// 4,000.00 EUR (4,320.00 USD at 1.08) are 10,320.00 USD overdue, not below the minimum.
    @Test func theBuyersInvoicesAreJudgedTogetherInTheReportingCurrency() throws {
        var harness = ProcessorHarness()
        _ = harness.send(.invoiceIssued(Fixture.issued("INV-USD", amount: Fixture.usd("6000.00"))), at: Self.at(Fixture.due.adding(days: -30)))
        _ = harness.send(.invoiceIssued(Fixture.issued("INV-EUR", amount: Fixture.eur("4000.00"))), at: Self.at(Fixture.due.adding(days: -30)))
        let state = try #require(harness.state)
        #expect(state.overdueTotal(on: Fixture.due.adding(days: 31), fxTable: Fixture.policy.fxTable) == Fixture.usd("10320.00"))
        let actions = harness.punctuateDaily(from: Fixture.due.adding(days: 1), through: Fixture.due.adding(days: 32)).compactMap(\.dunningAction)
        #expect(actions.filter { $0.action == .phoneCall }.count == 2, "the phone call is not replaced by a reminder")
    }

    @Test func anInvoiceInACurrencyWithoutARateIsRefusedNamingIt() throws {
        var harness = ProcessorHarness()
        let issued = Fixture.issued(amount: try Money(decimal: "1000.00", currency: .gbp))
        let rejection = try #require(harness.send(.invoiceIssued(issued), at: Self.at(Fixture.due.adding(days: -30))).error)
        #expect(rejection.code == .unknownExchangeRate)
        #expect(rejection.field == "amount.currency")
        #expect(rejection.message.contains("GBP"))
        #expect(harness.state == nil)
    }

    /// A 20,000.00 USD invoice on credit hold since day 61, written off on day 75.
    func heldAndWrittenOff(releaseOnWriteOff: Bool = false) -> (harness: ProcessorHarness, writeOff: [EventEnvelope]) {
        var policy = Fixture.policy
        policy.monitoring.creditHold = CreditHoldPolicy(releaseOnWriteOff: releaseOnWriteOff)
        var harness = ProcessorHarness(processor: DunningProcessor(policy: policy))
        _ = harness.send(.invoiceIssued(Fixture.issued()), at: Self.at(Fixture.due.adding(days: -30)))
        let held = harness.punctuateDaily(from: Fixture.due.adding(days: 1), through: Fixture.due.adding(days: 62))
        #expect(held.compactMap(\.dunningAction).contains { $0.action == .creditHold })
        let writeOff = InvoiceWrittenOff(buyerId: Fixture.buyer, invoiceId: "INV-1", amount: Fixture.usd("20000.00"),
                                         date: Fixture.due.adding(days: 75))
        let outputs = harness.send(.invoiceWrittenOff(writeOff), at: Self.at(Fixture.due.adding(days: 75))).value ?? []
        return (harness, outputs)
    }

    func releaseHold(invoice: InvoiceId?) -> DomainEvent {
        .dunningOverride(DunningOverride(buyerId: Fixture.buyer, invoiceId: invoice, action: .releaseHold,
                                         date: Fixture.due.adding(days: 80), collector: "ana", reason: "written off"))
    }

    @Test func aWriteOffKeepsTheHoldByDefault() {
        let (_, outputs) = heldAndWrittenOff()
        #expect(outputs.compactMap(\.dunningAction).map(\.action) == [.resolved])
    }

    @Test func aCollectorReleasesTheHoldOfAWrittenOffInvoice() throws {
        var (harness, _) = heldAndWrittenOff()
        let released = try #require(harness.send(releaseHold(invoice: "INV-1"), at: Self.at(Fixture.due.adding(days: 80)),
                                                 source: "collections/test").value)
        let audit = try #require(released.compactMap(\.dunningAction).first)
        #expect(released.count == 1)
        #expect(audit.action == .creditHoldReleased && audit.invoiceId == "INV-1")
        #expect(audit.note?.contains("held since 2024-05-01") == true)
        #expect(audit.note?.contains("by ana") == true)
        #expect(harness.state?[invoice: "INV-1"]?.creditHoldOn == nil)
    }

    @Test func aBuyerWideReleaseReachesEveryHeldInvoiceClosedOrNot() throws {
        var (harness, _) = heldAndWrittenOff()
        _ = harness.send(.invoiceIssued(Fixture.issued("INV-2", amount: Fixture.usd("50.00"), due: Fixture.due.adding(days: 70))),
                         at: Self.at(Fixture.due.adding(days: 76)))
        let released = try #require(harness.send(releaseHold(invoice: nil), at: Self.at(Fixture.due.adding(days: 80)),
                                                 source: "collections/test").value)
        #expect(released.compactMap(\.dunningAction).map(\.action) == [.creditHoldReleased], "only the invoice that held the buyer")
        #expect(released.compactMap(\.dunningAction).first?.invoiceId == "INV-1")
    }

    @Test func thePolicyCanReleaseTheHoldOnWriteOff() throws {
        let (harness, outputs) = heldAndWrittenOff(releaseOnWriteOff: true)
        let actions = outputs.compactMap(\.dunningAction)
        #expect(actions.map(\.action) == [.resolved, .creditHoldReleased])
        #expect(actions.last?.note?.contains("releaseOnWriteOff") == true)
        #expect(harness.state?[invoice: "INV-1"]?.creditHoldOn == nil)
    }
}
