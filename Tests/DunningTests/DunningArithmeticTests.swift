import Domain
import Dunning
import PropertyBased
import TestSupport
import Testing

/// Issue 15: every sum of money in dunning is checked. A movement that would overflow is refused with
/// `amount_overflow` and the state stays as it was; nothing traps, nothing wraps.
@Suite struct DunningArithmeticTests {
    static let bound = Money.inputBoundMinor

    static func debitNote(_ minor: Int64, id: String, invoice: InvoiceId = "INV-1") -> DomainEvent {
        .invoiceAdjusted(InvoiceAdjusted(buyerId: Fixture.buyer, invoiceId: invoice, adjustmentId: id, adjustmentKind: .debitNote,
                                         amount: Money(amountMinor: minor, currency: .usd), date: Fixture.due))
    }

    /// The issue's record: a 1.00 USD invoice, then a debit note of 9,223,372,036,854,775,807 minor units.
    @Test func aDebitNoteThatWouldOverflowIsRefusedAndChangesNothing() throws {
        var harness = ProcessorHarness()
        _ = harness.send(.invoiceIssued(Fixture.issued(amount: Fixture.usd("1.00"))), at: Timestamp(date: Fixture.issueDay))
        let before = harness.state
        let rejection = try #require(harness.send(Self.debitNote(Int64.max, id: "ADJ-1"), at: Timestamp(date: Fixture.due)).error)
        #expect(rejection.code == .amountOverflow && rejection.field == "amount")
        #expect(harness.state == before)
        // The invoice goes on: a good debit note after it is applied.
        #expect(harness.send(Self.debitNote(100, id: "ADJ-2"), at: Timestamp(date: Fixture.due)).error == nil)
        #expect(harness.state?[invoice: "INV-1"]?.openAmount == Fixture.usd("2.00"))
    }

    @Test func aPaymentPlanWhoseInstalmentsOverflowIsRefused() throws {
        var machine = DunningStateMachine(issued: Fixture.issued())
        let huge = Money(amountMinor: Int64.max / 2 + 1, currency: .usd)
        let plan = PaymentPlan(buyerId: Fixture.buyer, invoiceId: "INV-1", planId: "PLAN-1", agreedOn: Fixture.due,
                               instalments: [Instalment(dueDate: Fixture.due.adding(days: 30), amount: huge),
                                             Instalment(dueDate: Fixture.due.adding(days: 60), amount: huge)])
        #expect(throws: EventRejection.amountOverflow("instalments[1].amount")) { try machine.planAgreed(plan) }
        #expect(machine.plan == nil)
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
        await propertyCheck(count: 60, input: Self.movements, Gen.int64(in: 0...Self.bound)) { movements, initial in
            var state = BuyerDunningState()
            let issued = Fixture.issued(amount: Money(amountMinor: initial, currency: .usd))
            _ = try? state.apply(.invoiceIssued(issued), policy: Fixture.policy.dunning, fxTable: Fixture.policy.fxTable)
            // The model: the clamped sum in 128 bits; closed once it reaches zero; a debit beyond 64 bits refused.
            var expected = Int128(initial), closed = initial == 0
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
                do throws(EventRejection) { _ = try state.apply(event, policy: Fixture.policy.dunning, fxTable: Fixture.policy.fxTable); refusal = nil }
                catch { refusal = error }
                if closed { #expect(refusal == nil); continue }
                if movement.kind >= 2 {
                    let sum = expected + Int128(movement.minor)
                    if sum > Int128(Int64.max) {
                        #expect(refusal?.code == .amountOverflow)
                        #expect(state == before, "a refused movement changes nothing")
                        continue
                    }
                    expected = sum
                } else {
                    expected = max(0, expected - Int128(movement.minor))
                    if expected == 0 { closed = true }
                }
                #expect(refusal == nil)
                #expect(state[invoice: "INV-1"].map { Int128($0.openAmount.amountMinor) } == expected)
                #expect(state[invoice: "INV-1"]?.isClosed == closed)
            }
            #expect((state[invoice: "INV-1"]?.openAmount.amountMinor ?? -1) >= 0, "nothing wraps below zero")
        }
    }

    /// Many debit notes at the bound: the open amount climbs to the largest sum that fits, then every further one is refused.
    @Test func debitNotesAtTheBoundStopAtTheLargestSumThatFits() async throws {
        try await onOwnThreads {
            var state = BuyerDunningState()
            _ = try state.apply(.invoiceIssued(Fixture.issued(amount: Fixture.usd("1.00"))), policy: Fixture.policy.dunning,
                                fxTable: Fixture.policy.fxTable)
            var refused = 0
            for index in 0..<9_300 {
                do throws(EventRejection) { _ = try state.apply(Self.debitNote(Self.bound, id: "D-\(index)"), policy: Fixture.policy.dunning, fxTable: Fixture.policy.fxTable) }
                catch { #expect(error.code == .amountOverflow); refused += 1 }
            }
            #expect(refused == 9_300 - 9_223)
            #expect(state[invoice: "INV-1"]?.openAmount.amountMinor == 100 + 9_223 * Self.bound)
        }
    }
}

extension Fixture {
    /// The issue date of ``issued(_:amount:due:contractRate:)``'s invoices.
    static var issueDay: CalendarDate { due.adding(days: -30) }
}
