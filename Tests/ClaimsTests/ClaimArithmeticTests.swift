import Claims
import Domain
import PropertyBased
import Testing

/// Issue 15: every sum of money in claims is checked. A movement that would overflow is refused with
/// `amount_overflow` and the state stays as it was; nothing traps, nothing wraps.
@Suite struct ClaimArithmeticTests {
    static let bound = Money.inputBoundMinor

    static func debitNote(_ minor: Int64, id: String, invoice: InvoiceId = "INV-1") -> DomainEvent {
        .invoiceAdjusted(InvoiceAdjusted(buyerId: Fixture.buyer, invoiceId: invoice, adjustmentId: id, adjustmentKind: .debitNote,
                                         amount: Money(amountMinor: minor, currency: .usd), date: Fixture.due))
    }

    static func issued(_ id: InvoiceId, minor: Int64) -> DomainEvent {
        .invoiceIssued(InvoiceIssued(buyerId: Fixture.buyer, invoiceId: id, amount: Money(amountMinor: minor, currency: .usd),
                                     issueDate: Fixture.issueDate, dueDate: Fixture.due, termsDays: 30))
    }

    /// The issue's record: a 1.00 USD invoice, then a debit note of 9,223,372,036,854,775,807 minor units.
    @Test func aDebitNoteThatWouldOverflowIsRefusedAndChangesNothing() throws {
        var scenario = ClaimsScenario()
        try scenario.send(Fixture.limit(), Self.issued("INV-1", minor: 100))
        let before = scenario.state
        #expect(throws: EventRejection.amountOverflow("amount")) { try scenario.send(Self.debitNote(Int64.max, id: "ADJ-1")) }
        #expect(scenario.state == before)
        try scenario.send(Self.debitNote(100, id: "ADJ-2"))
        #expect(scenario.state[invoice: "INV-1"]?.openAmount == Fixture.usd(2))
    }

    /// The buyer's open invoices together must fit, in the reporting currency: at a rate of 1,000 USD per EUR,
    /// nine EUR invoices at the bound are 9 × 10^18 USD minor units, a tenth is refused.
    @Test func theInvoiceThatWouldOverflowTheBuyersTotalIsRefused() throws {
        let fx = FXTable(reportingCurrency: .usd, rates: [.eur: try DecimalFactor("1000")])
        let rules = ClaimsRules(policy: Fixture.policy().claims, currency: .usd, fxTable: fx)
        func issuedEUR(_ id: InvoiceId) -> DomainEvent {
            .invoiceIssued(InvoiceIssued(buyerId: Fixture.buyer, invoiceId: id, amount: Money(amountMinor: Self.bound, currency: .eur),
                                         issueDate: Fixture.issueDate, dueDate: Fixture.due, termsDays: 30))
        }
        var state = BuyerClaimsState(buyerId: Fixture.buyer)
        for index in 0..<9 { _ = try state.apply(issuedEUR(InvoiceId("INV-\(index)")), rules: rules, portfolio: nil) }
        let before = state
        #expect(throws: EventRejection.amountOverflow("amount")) { try state.apply(issuedEUR("INV-LAST"), rules: rules, portfolio: nil) }
        #expect(state == before)
        // A debit note on one of them is refused the same way, and changes nothing.
        let debit = DomainEvent.invoiceAdjusted(InvoiceAdjusted(buyerId: Fixture.buyer, invoiceId: "INV-0", adjustmentId: "ADJ-1",
                                                                adjustmentKind: .debitNote, amount: Money(amountMinor: Self.bound, currency: .eur),
                                                                date: Fixture.due))
        #expect(throws: EventRejection.amountOverflow("amount")) { try state.apply(debit, rules: rules, portfolio: nil) }
        #expect(state == before)
        // An insolvency claim over all of them computes without trapping, capped by the policy year's liability.
        _ = try state.apply(.insurerLimitDecision(InsurerLimitDecision(buyerId: Fixture.buyer, decisionId: "LIM-MAX",
                                                                        limit: Money(amountMinor: Self.bound, currency: .usd),
                                                                        effectiveDate: Fixture.day("2023-01-01"))),
                            rules: rules, portfolio: nil)
        let outputs = try state.apply(Fixture.insolvency(on: Fixture.due), rules: rules, portfolio: nil)
        let approved = try #require(outputs.compactMap(\.claimEvent).first { $0.state == .approved })
        #expect(approved.loss?.amountMinor == 9 * Self.bound * 1_000)
        #expect(approved.indemnity == Fixture.usd(10_000_000), "capped by the fixture's 10,000,000 maximum liability")
    }

    /// A movement as the property check draws it: kind 0 payment, 1 credit note, 2…4 debit note; amounts
    /// anywhere in 0…10^15, a third of them at the bound itself.
    struct Movement: Sendable, CustomStringConvertible {
        var kind: Int
        var minor: Int64
        var description: String { "\(kind == 0 ? "payment" : kind == 1 ? "credit" : "debit") \(minor)" }
    }

    static let movements = zip(Gen.int(in: 0...4), Gen.int(in: 0...2), Gen.int64(in: 0...bound))
        .map { kind, extreme, minor in Movement(kind: kind, minor: extreme == 0 ? bound : minor) }
        .array(of: 1...400)

    @Test func randomMovementsNeverTrapAndLeaveTheClampedSum() async {
        await propertyCheck(count: 60, input: Self.movements, Gen.int64(in: 1...Self.bound)) { movements, initial in
            let rules = Fixture.rules()
            var state = BuyerClaimsState(buyerId: Fixture.buyer)
            _ = try? state.apply(Self.issued("INV-1", minor: initial), rules: rules, portfolio: nil)
            var expected = Int128(initial)
            for (index, movement) in movements.enumerated() {
                let event: DomainEvent
                switch movement.kind {
                case 0:
                    event = .paymentApplied(PaymentApplied(buyerId: Fixture.buyer, invoiceId: "INV-1", paymentId: "P-\(index)",
                                                           amount: Money(amountMinor: movement.minor, currency: .usd), paymentDate: Fixture.due))
                case 1:
                    event = .invoiceAdjusted(InvoiceAdjusted(buyerId: Fixture.buyer, invoiceId: "INV-1", adjustmentId: "A-\(index)",
                                                             adjustmentKind: .creditNote,
                                                             amount: Money(amountMinor: movement.minor, currency: .usd), date: Fixture.due))
                default:
                    event = Self.debitNote(movement.minor, id: "A-\(index)")
                }
                let before = state
                let refusal: EventRejection?
                do throws(EventRejection) { _ = try state.apply(event, rules: rules, portfolio: nil); refusal = nil }
                catch { refusal = error }
                if movement.kind >= 2, expected + Int128(movement.minor) > Int128(Int64.max) {
                    #expect(refusal?.code == .amountOverflow)
                    #expect(state == before, "a refused movement changes nothing")
                    continue
                }
                expected = movement.kind >= 2 ? expected + Int128(movement.minor) : max(0, expected - Int128(movement.minor))
                #expect(refusal == nil)
                #expect(state[invoice: "INV-1"].map { Int128($0.openAmount.amountMinor) } == expected)
            }
        }
    }
}
