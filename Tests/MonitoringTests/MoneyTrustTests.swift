import Domain
import Foundation
import Testing
@testable import Monitoring

/// Issue "Money you can trust": every figure of a buyer survives several currencies, hostile amounts and a
/// withdrawn limit (DOMAIN.md §1, §3, §4).
@Suite struct MoneyTrustTests {
    typealias F = Fixture

    static func money(_ major: Int64, _ currency: Currency) -> Money { Money(amountMinor: major * 100, currency: currency) }

    static func order(_ order: String, _ amount: Int64, _ currency: Currency, on date: String) -> DomainEvent {
        .orderRequested(OrderRequested(buyerId: F.buyer, orderId: OrderId(order), amount: money(amount, currency),
                                       orderDate: F.day(date)))
    }

    // MARK: Several currencies

    /// 50,000 USD and then 100,000 EUR from the same buyer: both count, the EUR one at the policy's 1.08.
    @Test func aBuyerInvoicedInTwoCurrenciesOwesBoth() throws {
        var harness = Harness()
        harness.send(F.assessment(limit: 100_000), on: "2024-03-01")
        harness.send(F.issued("INV-USD", 50_000, issued: "2024-03-01", due: "2024-03-31"), on: "2024-03-01")
        let eur = harness.send(F.issued("INV-EUR", 100_000, issued: "2024-03-01", due: "2024-03-31", currency: .eur),
                               on: "2024-03-01")
        #expect(eur.rejectionCode == nil, "a second currency is not an error")
        let position = try #require(eur.outputs.positions.last)
        #expect(position.exposure == F.usd(158_000))
        #expect(position.openAmount == F.usd(158_000))
        #expect(position.aging.current == F.usd(158_000))
        #expect(position.currencies == [
            CurrencyPosition(openAmount: Self.money(100_000, .eur), overdueAmount: .zero(.eur), approvedOrdersAmount: .zero(.eur)),
            CurrencyPosition(openAmount: F.usd(50_000), overdueAmount: .zero(.usd), approvedOrdersAmount: .zero(.usd)),
        ])

        // A 40,000 USD order against the 100,000 USD limit no longer fits: 158,000 is owed.
        let usdOrder = try #require(harness.send(Self.order("O-USD", 40_000, .usd, on: "2024-03-02"), on: "2024-03-02")
            .outputs.decisions.first)
        #expect(usdOrder.outcome == .held)
        #expect(usdOrder.reason == "limit_exceeded")
        #expect(usdOrder.exposure == F.usd(158_000))

        // EUR orders are decided too, in the reporting currency.
        let eurOrder = try #require(harness.send(Self.order("O-EUR", 1_000, .eur, on: "2024-03-02"), on: "2024-03-02")
            .outputs.decisions.first)
        #expect(eurOrder.outcome == .held)
        #expect(eurOrder.creditLimit == F.usd(100_000))
    }

    @Test func anEURorderThatFitsIsApprovedAndCountsInExposureConverted() throws {
        var harness = Harness()
        harness.send(F.assessment(limit: 100_000), on: "2024-03-01")
        harness.send(F.issued("INV-USD", 50_000, issued: "2024-03-01", due: "2024-03-31"), on: "2024-03-01")
        let decided = harness.send(Self.order("O-EUR", 10_000, .eur, on: "2024-03-02"), on: "2024-03-02")
        #expect(decided.outputs.decisions.first?.outcome == .approved)
        #expect(decided.outputs.decisions.first?.availableAmount == F.usd(50_000))
        let position = try #require(decided.outputs.positions.last)
        #expect(position.approvedOrdersAmount == F.usd(10_800))
        #expect(position.exposure == F.usd(60_800))
        #expect(position.currencies?.first?.approvedOrdersAmount == Self.money(10_000, .eur))
    }

    /// A currency the policy has no rate for is refused, naming it, and never mixed into a total.
    @Test func aCurrencyWithoutARateIsDeadLetteredNamingIt() throws {
        var harness = Harness()
        harness.send(F.issued("INV-1", 1_000, issued: "2024-03-01", due: "2024-03-31"), on: "2024-03-01")
        let before = harness.state
        let refused = harness.send(F.issued("INV-GBP", 1_000, issued: "2024-03-01", due: "2024-03-31", currency: .gbp),
                                   on: "2024-03-01")
        guard case .failure(let rejection) = refused else { Issue.record("a GBP invoice was accepted"); return }
        #expect(rejection.code == .unknownExchangeRate)
        #expect(rejection.message.contains("GBP"))
        #expect(harness.state == before)
        #expect(harness.send(Self.order("O-GBP", 10, .gbp, on: "2024-03-02"), on: "2024-03-02").rejectionCode
            == .unknownExchangeRate)
    }

    // MARK: Hostile sums

    /// A debit note that would take an invoice beyond 64-bit minor units is refused; nothing traps or wraps.
    @Test func aDebitNoteThatWouldOverflowTheInvoiceIsRefusedAndTheStateKept() throws {
        var entry = LedgerEntry(buyerId: F.buyer, invoiceId: "INV-1", amount: Money(amountMinor: 100, currency: .usd),
                                issueDate: F.day("2024-03-01"), dueDate: F.day("2024-03-31"))
        entry.movements.append(LedgerMovement(kind: .debitNote, date: F.day("2024-03-01"),
                                              amount: Money(amountMinor: Int64.max - 100 - 999_999_999_999_999, currency: .usd),
                                              reference: "D-0"))
        var monitor = BuyerMonitor(buyerId: F.buyer)
        monitor.ledger = BuyerLedger(entries: [entry])
        var harness = Harness()
        harness.state = monitor
        let note = { (id: String) in DomainEvent.invoiceAdjusted(InvoiceAdjusted(
            buyerId: F.buyer, invoiceId: "INV-1", adjustmentId: id, adjustmentKind: .debitNote,
            amount: Money(amountMinor: Money.inputBoundMinor, currency: .usd), date: F.day("2024-03-02"))) }
        let before = harness.state
        #expect(harness.send(note("D-1"), on: "2024-03-02").rejectionCode == .amountOverflow)
        #expect(harness.state == before, "a refused input leaves the state as it was")
        // The invoice still takes payments.
        #expect(harness.send(F.paid("INV-1", 1, on: "2024-03-02"), on: "2024-03-02").rejectionCode == nil)
    }

    /// Invoices that each fit but together would not: the one that would overflow the buyer's total is refused
    /// with `amount_overflow`, and the state stays as it was.
    @Test func anInvoiceThatWouldOverflowTheBuyersTotalIsRefused() throws {
        func entry(_ id: InvoiceId, _ minor: Int64) -> LedgerEntry {
            LedgerEntry(buyerId: F.buyer, invoiceId: id, amount: Money(amountMinor: minor, currency: .usd),
                        issueDate: F.day("2024-03-01"), dueDate: F.day("2024-03-31"))
        }
        let first = Int64.max / 2
        var monitor = BuyerMonitor(buyerId: F.buyer)
        monitor.ledger = BuyerLedger(entries: [entry("INV-1", first), entry("INV-2", Int64.max - first - Money.inputBoundMinor + 1)])
        var harness = Harness()
        harness.state = monitor
        let before = harness.state
        let refused = harness.send(.invoiceIssued(InvoiceIssued(
            buyerId: F.buyer, invoiceId: "INV-3", amount: Money(amountMinor: Money.inputBoundMinor, currency: .usd),
            issueDate: F.day("2024-03-01"), dueDate: F.day("2024-03-31"), termsDays: 30)), on: "2024-03-02")
        #expect(refused.rejectionCode == .amountOverflow)
        #expect(harness.state == before)
        let fits = harness.send(.invoiceIssued(InvoiceIssued(
            buyerId: F.buyer, invoiceId: "INV-4", amount: Money(amountMinor: Money.inputBoundMinor - 1, currency: .usd),
            issueDate: F.day("2024-03-01"), dueDate: F.day("2024-03-31"), termsDays: 30)), on: "2024-03-02")
        #expect(fits.rejectionCode == nil)
        #expect(fits.outputs.positions.last?.openAmount.amountMinor == Int64.max)
    }

    // MARK: A withdrawn limit

    /// The insurer withdraws cover (limit 0) on a buyer owing 100,000: `cover.withdrawn` names the uncovered
    /// exposure, and the limit alerts fire instead of falling silent.
    @Test func aWithdrawnLimitRaisesCoverWithdrawnAndTheLimitAlerts() throws {
        var harness = Harness()
        harness.send(F.assessment(limit: 200_000, at: "2024-03-01"), on: "2024-03-01")
        harness.send(F.issued("INV-1", 100_000, issued: "2024-02-01", due: "2024-03-01"), on: "2024-03-01")
        harness.punctuate(at: "2024-03-05")
        let withdrawn = harness.send(F.assessment(limit: 0, grade: 7, at: "2024-03-06"), on: "2024-03-06")
        let cover = try #require(withdrawn.outputs.alerts(.coverWithdrawn).first)
        #expect(cover.amounts?["uncoveredExposure"] == F.usd(100_000))
        #expect(cover.amounts?["previousCreditLimit"] == F.usd(200_000))
        #expect(cover.severity == .critical)
        #expect(withdrawn.outputs.alerts(.creditLimitExceeded).count == 1)
        #expect(withdrawn.outputs.alerts.allSatisfy { $0.figures.values.allSatisfy(\.isFinite) })
        let encoded = try withdrawn.get()
        #expect(!encoded.isEmpty)
    }

    @Test func aBuyerThatNeverHadALimitSkipsLimitAlerts() {
        var harness = Harness()
        harness.send(F.assessment(limit: 0, grade: 6, at: "2024-03-01"), on: "2024-03-01")
        let owing = harness.send(F.issued("INV-1", 100_000, issued: "2024-01-01", due: "2024-01-31"), on: "2024-03-01")
        #expect(owing.outputs.alerts(.creditLimitExceeded).isEmpty)
        #expect(owing.outputs.alerts(.overdueRatio).isEmpty)
        #expect(owing.outputs.alerts(.coverWithdrawn).isEmpty)
    }

    // MARK: Credit holds of written-off invoices

    static func dunning(_ action: DunningActionKind, _ invoice: String, on date: String) -> DomainEvent {
        .dunningAction(DunningAction(buyerId: F.buyer, invoiceId: InvoiceId(invoice), level: 3, action: action,
                                     channel: .internalTask, date: F.day(date), daysPastDue: 70, openAmount: F.usd(0)))
    }

    static func writeOff(_ invoice: String, _ amount: Int64, on date: String) -> DomainEvent {
        .invoiceWrittenOff(InvoiceWrittenOff(buyerId: F.buyer, invoiceId: InvoiceId(invoice), amount: F.usd(amount),
                                             date: F.day(date)))
    }

    @Test func aCollectorsReleaseLiftsTheHoldOfAWrittenOffInvoice() throws {
        var harness = Harness()
        harness.send(F.assessment(limit: 100_000), on: "2024-01-01")
        harness.send(F.issued("INV-1", 5_000, issued: "2024-01-01", due: "2024-01-31"), on: "2024-01-01")
        harness.send(F.creditHold("INV-1", on: "2024-04-01"), on: "2024-04-01")
        harness.send(Self.writeOff("INV-1", 5_000, on: "2024-04-10"), on: "2024-04-10")
        harness.send(Self.dunning(.resolved, "INV-1", on: "2024-04-10"), on: "2024-04-10")
        #expect(harness.state?.onCreditHold == true, "a write-off keeps the hold by default")
        let released = harness.send(Self.dunning(.creditHoldReleased, "INV-1", on: "2024-04-11"), on: "2024-04-11")
        #expect(harness.state?.onCreditHold == false)
        #expect(released.outputs.positions.last?.onCreditHold == false)
        #expect(harness.send(Self.order("O-1", 1_000, .usd, on: "2024-04-12"), on: "2024-04-12").outputs.decisions.first?.outcome
            == .approved)
    }

    @Test func thePolicyMayReleaseTheHoldOnWriteOff() throws {
        var policy = Policy.defaults
        policy.monitoring.creditHold = CreditHoldPolicy(releaseOnWriteOff: true)
        var harness = Harness()
        harness.processor = MonitoringProcessor(policy: policy)
        harness.send(F.issued("INV-1", 5_000, issued: "2024-01-01", due: "2024-01-31"), on: "2024-01-01")
        harness.send(F.creditHold("INV-1", on: "2024-04-01"), on: "2024-04-01")
        #expect(harness.state?.onCreditHold == true)
        harness.send(Self.writeOff("INV-1", 5_000, on: "2024-04-10"), on: "2024-04-10")
        #expect(harness.state?.onCreditHold == false)
    }
}
