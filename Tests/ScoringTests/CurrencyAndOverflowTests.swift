import Domain
import Foundation
import Runtime
import Testing
@testable import Scoring

/// Issue "Money you can trust", scoring's part: equity, caps and insurer limits in any currency the policy has a
/// rate for count in the reporting currency; a currency without a rate and a sum beyond 64 bits are refused.
@Suite struct CurrencyAndOverflowTests {
    static let fx = Policy.defaults.fxTable
    static func eur(_ major: Int64) -> Money { Money(amountMinor: major * 100, currency: .eur) }

    func limit(equity: Money?, grade: Int, insurer: Money? = nil, unrated: Money? = nil) -> Money {
        var policy = Policy.defaults.scoring.limit
        if let unrated { policy.unratedLimit = unrated }
        return CreditLimitRule.limit(bookEquity: equity, grade: grade,
                                     creditClass: Policy.defaults.scoring.creditClass(forGrade: grade), insolvent: false,
                                     insurerLimit: insurer, policy: policy, fx: Self.fx)
    }

    /// 1,000,000 EUR of book equity at grade 3: 1,000,000 × 1.08 × 10 % × 1.15 = 124,200 USD (it was 0).
    @Test func bookEquityInEuroCountsAtThePolicysRate() {
        #expect(limit(equity: Self.eur(1_000_000), grade: 3) == Fixtures.usd(124_200))
    }

    /// A EUR insurer limit caps the USD recommendation: 50,000 EUR = 54,000 USD < 115,000.
    @Test func anInsurerLimitInEuroCapsTheLimit() {
        #expect(limit(equity: Fixtures.usd(1_000_000), grade: 3, insurer: Self.eur(50_000)) == Fixtures.usd(54_000))
        #expect(limit(equity: Fixtures.usd(1_000_000), grade: 3, insurer: Self.eur(500_000)) == Fixtures.usd(115_000))
    }

    /// With an unrated limit above zero, the insurer's limit still caps it.
    @Test func theInsurerCapsTheUnratedLimitToo() {
        #expect(limit(equity: nil, grade: 5, insurer: Fixtures.usd(20_000), unrated: Fixtures.usd(100_000)) == Fixtures.usd(20_000))
        #expect(limit(equity: nil, grade: 5, insurer: nil, unrated: Fixtures.usd(100_000)) == Fixtures.usd(100_000))
    }

    @Test func aStatementInACurrencyWithoutARateIsRefusedNamingIt() throws {
        let processor = ScoringProcessor(policy: .defaults)
        let gbp = { (major: Int64) in Money(amountMinor: major * 100, currency: .gbp) }
        let statement = DomainEvent.financialStatement(FinancialStatement(
            buyerId: Fixtures.buyer, periodEnd: Fixtures.date("2023-12-31"), totalAssets: gbp(10_000_000),
            totalLiabilities: gbp(6_000_000), currentAssets: gbp(5_000_000), shortTermLiabilities: gbp(2_500_000),
            workingCapital: gbp(2_500_000), retainedEarnings: gbp(2_000_000), ebit: gbp(1_500_000), bookEquity: gbp(4_000_000),
            sales: gbp(15_000_000), netProfit: gbp(1_000_000)))
        let envelope = Fixtures.envelope("S-1", statement, on: "2024-03-01")
        let outcome = processor.process(state: nil, input: envelope, context: Fixtures.context(for: envelope))
        #expect(outcome.rejection?.code == .unknownExchangeRate)
        #expect(outcome.rejection?.message.contains("GBP") == true)
        #expect(outcome.state == nil)
    }

    /// A debit note that would take a tracked invoice beyond 64 bits is refused; the state is unchanged.
    @Test func aDebitNoteThatWouldOverflowIsRefused() throws {
        let processor = ScoringProcessor(policy: .defaults)
        var state = ScoringState()
        state.invoices["INV-1"] = TrackedInvoice(
            invoiceId: "INV-1", amount: Money(amountMinor: Int64.max - 10, currency: .usd),
            openAmount: Money(amountMinor: Int64.max - 10, currency: .usd),
            issueDate: Fixtures.date("2024-01-01"), dueDate: Fixtures.date("2024-01-31"))
        let note = Fixtures.envelope("A-1", .invoiceAdjusted(InvoiceAdjusted(
            buyerId: Fixtures.buyer, invoiceId: "INV-1", adjustmentId: "D-1", adjustmentKind: .debitNote,
            amount: Money(amountMinor: Money.inputBoundMinor, currency: .usd), date: Fixtures.date("2024-01-05"))), on: "2024-01-05")
        let outcome = processor.process(state: state, input: note, context: Fixtures.context(for: note))
        #expect(outcome.rejection?.code == .amountOverflow)
        #expect(outcome.state == state)
    }
}
