import Domain
import Dunning
import Testing

/// Issue 17 for dunning: one source of truth for a dispute's credit note, an adopted invoice's earlier payments
/// applied once, invoices that reopen at the level reached, payment reversals, cancel and reissue, and interest
/// that keeps accruing after the formal notice.
@Suite struct LedgerEventsTests {
    let fx = FXTable(reportingCurrency: .usd)
    let policy = Fixture.policy.dunning

    func payment(_ amount: String, id: String, on day: CalendarDate, invoice: InvoiceId = "INV-1") -> DomainEvent {
        .paymentApplied(PaymentApplied(buyerId: Fixture.buyer, invoiceId: invoice, paymentId: id,
                                       amount: Fixture.usd(amount), paymentDate: day))
    }

    func reversal(_ amount: String, id: String, on day: CalendarDate) -> DomainEvent {
        .paymentReversed(PaymentReversed(buyerId: Fixture.buyer, invoiceId: "INV-1", paymentId: id,
                                         amount: Fixture.usd(amount), date: day, reason: "charge-back"))
    }

    func apply(_ event: DomainEvent, to state: inout BuyerDunningState) throws -> [DunningOutput] {
        try state.apply(event, policy: policy, fxTable: fx)
    }

    @Test func theCollectorsUpheldOutcomeEndsTheDisputeButOnlyTheERPsCreditNoteLowersTheAmount() throws {
        var state = BuyerDunningState()
        _ = try apply(.invoiceIssued(Fixture.issued()), to: &state)
        _ = try apply(.invoiceDisputed(InvoiceDisputed(buyerId: Fixture.buyer, invoiceId: "INV-1", reason: "damaged",
                                                       date: Fixture.due.adding(days: 5))), to: &state)
        let outcome = try apply(.disputeOutcome(DisputeOutcomeRecorded(
            buyerId: Fixture.buyer, invoiceId: "INV-1", outcome: .upheld, date: Fixture.due.adding(days: 10),
            creditNoteAmount: Fixture.usd("5000.00"), note: "upheld 5,000")), to: &state)
        #expect(outcome.compactMap(\.actionKind) == [.unblocked])
        #expect(state[invoice: "INV-1"]?.disputedSince == nil)
        _ = try apply(.invoiceAdjusted(InvoiceAdjusted(buyerId: Fixture.buyer, invoiceId: "INV-1", adjustmentId: "CN-1",
                                                       adjustmentKind: .creditNote, amount: Fixture.usd("5000.00"),
                                                       date: Fixture.due.adding(days: 11))), to: &state)
        #expect(state[invoice: "INV-1"]?.openAmount == Fixture.usd("15000.00"))
    }

    @Test func anAdoptedInvoiceAppliesOnlyWhatTheAdoptedFigureDoesNotContain() throws {
        var state = BuyerDunningState()
        // Monitoring's transition arrives first: 20,000 issued, 5,000 paid before the due date, 15,000 open.
        let transition = OverdueTransition(buyerId: Fixture.buyer, invoiceId: "INV-1", daysPastDue: 1, dueDate: Fixture.due,
                                           asOf: Fixture.due.adding(days: 1), openAmount: Fixture.usd("15000.00"), disputed: false)
        _ = try apply(.overdueTransition(transition), to: &state)
        // Then the ERP's own events catch up: the issue, and the 5,000 payment the figure already holds.
        _ = try apply(.invoiceIssued(Fixture.issued()), to: &state)
        _ = try apply(payment("5000.00", id: "PAY-1", on: Fixture.due.adding(days: -10)), to: &state)
        #expect(state[invoice: "INV-1"]?.openAmount == Fixture.usd("15000.00"))
        // A later 10,000 leaves 5,000 owed: the case stays open.
        let later = try apply(payment("10000.00", id: "PAY-2", on: Fixture.due.adding(days: 9)), to: &state)
        #expect(state[invoice: "INV-1"]?.openAmount == Fixture.usd("5000.00"))
        #expect(state[invoice: "INV-1"]?.isClosed == false)
        #expect(later.isEmpty)
        // The recorded payment is still a payment of this invoice: re-sent, it is a duplicate.
        #expect(throws: EventRejection.self) { try apply(payment("5000.00", id: "PAY-1", on: Fixture.due.adding(days: -10)), to: &state) }
    }

    @Test func aDebitNoteAfterPaymentInFullReopensTheCaseAtTheLevelReached() throws {
        var scenario = InvoiceScenario()
        scenario.run(0...35)
        #expect(scenario.machine.level == 2)
        _ = try scenario.machine.paymentApplied(PaymentApplied(buyerId: Fixture.buyer, invoiceId: "INV-1", paymentId: "PAY-1",
                                                               amount: Fixture.usd("20000.00"), paymentDate: scenario.day(36)))
        #expect(scenario.machine.isClosed)
        let reopened = try scenario.machine.adjusted(InvoiceAdjusted(
            buyerId: Fixture.buyer, invoiceId: "INV-1", adjustmentId: "DN-1", adjustmentKind: .debitNote,
            amount: Fixture.usd("300.00"), date: scenario.day(40)))
        #expect(!scenario.machine.isClosed)
        #expect(scenario.machine.openAmount == Fixture.usd("300.00"))
        #expect(reopened.compactMap(\.action).map(\.level) == [2])
        // It goes on from level 2 (for 300, the cost of collection proposes a write-off rather than escalating):
        // never back to the level-1 reminders, and the level-2 steps already sent are not sent again.
        let next = scenario.run(41...61).compactMap(\.action)
        #expect(!next.isEmpty)
        #expect(next.allSatisfy { $0.level >= 2 }, "\(next.map { "\($0.level) \($0.action)" })")
        #expect(!next.contains { $0.action == .formalNotice || $0.action == .reminder })
    }

    @Test func aReversedPaymentReopensTheCaseAndBadReversalsAreRefused() throws {
        var state = BuyerDunningState()
        _ = try apply(.invoiceIssued(Fixture.issued()), to: &state)
        _ = try apply(payment("20000.00", id: "PAY-1", on: Fixture.due), to: &state)
        #expect(state[invoice: "INV-1"]?.isClosed == true)
        let unknown = #expect(throws: EventRejection.self) { try apply(reversal("100.00", id: "PAY-9", on: Fixture.due.adding(days: 3)), to: &state) }
        #expect(unknown?.code == .unknownPayment)
        let tooMuch = #expect(throws: EventRejection.self) { try apply(reversal("20000.01", id: "PAY-1", on: Fixture.due.adding(days: 3)), to: &state) }
        #expect(tooMuch?.code == .invalidValue)
        _ = try apply(reversal("20000.00", id: "PAY-1", on: Fixture.due.adding(days: 3)), to: &state)
        #expect(state[invoice: "INV-1"]?.isClosed == false)
        #expect(state[invoice: "INV-1"]?.openAmount == Fixture.usd("20000.00"))
    }

    @Test func aCancelledInvoiceReissuedUnderItsIdStartsAFreshCase() throws {
        var state = BuyerDunningState()
        _ = try apply(.invoiceIssued(Fixture.issued()), to: &state)
        _ = try apply(.invoiceCancelled(InvoiceCancelled(buyerId: Fixture.buyer, invoiceId: "INV-1", date: Fixture.due.adding(days: -20))), to: &state)
        _ = try apply(.invoiceIssued(Fixture.issued(amount: Fixture.usd("18000.00"))), to: &state)
        #expect(state[invoice: "INV-1"]?.isClosed == false)
        #expect(state[invoice: "INV-1"]?.openAmount == Fixture.usd("18000.00"))
        // Issued again while not cancelled: a duplicate.
        #expect(throws: EventRejection.self) { try apply(.invoiceIssued(Fixture.issued()), to: &state) }
    }

    @Test func interestKeepsAccruingAfterTheFormalNotice() throws {
        var scenario = InvoiceScenario()
        scenario.run(0...70)
        let actions = scenario.log.compactMap { $0.output.action }
        let notice = try #require(actions.first { $0.action == .formalNotice })
        let later = actions.filter { $0.daysPastDue > notice.daysPastDue }
        #expect(!later.isEmpty)
        // Every later action shows interest to its own day, more than the notice's.
        for action in later {
            let interest = try #require(action.interest, "\(action.action) at \(action.daysPastDue) dpd shows no interest")
            #expect(interest.amountMinor > (notice.interest?.amountMinor ?? 0))
        }
        // Before the notice, no action carries interest.
        #expect(actions.filter { $0.daysPastDue < notice.daysPastDue }.allSatisfy { $0.interest == nil })
    }
}
