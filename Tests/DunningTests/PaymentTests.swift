import Domain
import Dunning
import Testing

/// Payments, adjustments, write-offs, cancellations and payment plans.
@Suite struct PaymentTests {
    func payment(_ id: String, _ amount: String, at daysPastDue: Int) -> PaymentApplied {
        PaymentApplied(buyerId: Fixture.buyer, invoiceId: "INV-1", paymentId: id, amount: Fixture.usd(amount),
                       paymentDate: Fixture.due.adding(days: daysPastDue))
    }

    /// Paid 8,000.00 of 20,000.00 at 40 days past due: level 2 stays, and level 3 on day 61 is about the 12,000.00 left.
    @Test func aPartialPaymentLowersTheAmountAndKeepsTheLevel() throws {
        var scenario = InvoiceScenario()
        scenario.run(1...39)
        let outputs = try scenario.machine.paymentApplied(payment("P1", "8000.00", at: 40))
        #expect(outputs.isEmpty)
        #expect(scenario.machine.level == 2)
        #expect(scenario.machine.openAmount == Fixture.usd("12000.00"))
        let later = scenario.run(40...61)
        #expect(later.compactMap(\.action).map(\.openAmount) == [Fixture.usd("12000.00"), Fixture.usd("12000.00")])
        #expect(later.compactMap(\.action).map(\.level) == [3, 3])
    }

    /// Paid in full, the case is resolved once and nothing is ever emitted for it again.
    @Test func paymentInFullResolvesTheCaseForGood() throws {
        var scenario = InvoiceScenario()
        scenario.run(1...35)
        _ = try scenario.machine.paymentApplied(payment("P1", "15000.00", at: 36))
        let resolved = try scenario.machine.paymentApplied(payment("P2", "5000.00", at: 37))
        #expect(resolved.compactMap(\.action).map(\.action) == [.resolved])
        #expect(resolved.first?.action?.openAmount.isZero == true)
        #expect(scenario.run(37...400).isEmpty)
        let override = DunningOverride(buyerId: Fixture.buyer, invoiceId: "INV-1", action: .setLevel, level: 3,
                                       date: Fixture.due.adding(days: 50))
        #expect(scenario.machine.collectorOverride(override, rules: scenario.rules).isEmpty)
        #expect(scenario.machine.disputed(InvoiceDisputed(buyerId: Fixture.buyer, invoiceId: "INV-1", reason: "late",
                                                          date: Fixture.due.adding(days: 50))).isEmpty)
    }

    @Test func theSamePaymentTwiceIsRefused() throws {
        var scenario = InvoiceScenario()
        _ = try scenario.machine.paymentApplied(payment("P1", "1000.00", at: 3))
        #expect(throws: EventRejection.self) { try scenario.machine.paymentApplied(payment("P1", "1000.00", at: 3)) }
        #expect(scenario.machine.openAmount == Fixture.usd("19000.00"))
    }

    @Test func aPaymentInAnotherCurrencyIsRefused() {
        var scenario = InvoiceScenario()
        let euros = PaymentApplied(buyerId: Fixture.buyer, invoiceId: "INV-1", paymentId: "P1", amount: Fixture.eur("10.00"),
                                   paymentDate: Fixture.due)
        #expect { try scenario.machine.paymentApplied(euros) } throws: { ($0 as? EventRejection)?.code == .mixedCurrency }
    }

    @Test func writeOffAndCancellationCloseTheCase() throws {
        var writtenOff = InvoiceScenario()
        let closed = try writtenOff.machine.writtenOff(InvoiceWrittenOff(buyerId: Fixture.buyer, invoiceId: "INV-1",
                                                                         amount: Fixture.usd("20000.00"), date: Fixture.due.adding(days: 100)))
        #expect(closed.compactMap(\.actionKind) == [.resolved])
        #expect(writtenOff.run(0...200).isEmpty)

        var cancelled = InvoiceScenario()
        let gone = cancelled.machine.cancelled(InvoiceCancelled(buyerId: Fixture.buyer, invoiceId: "INV-1", date: Fixture.due))
        #expect(gone.first?.action?.note == "rule: invoice cancelled — case closed")
        #expect(cancelled.run(-5...200).isEmpty)
    }

    @Test func aCreditNoteLowersTheAmountAndADebitNoteRaisesIt() throws {
        var scenario = InvoiceScenario()
        _ = try scenario.machine.adjusted(InvoiceAdjusted(buyerId: Fixture.buyer, invoiceId: "INV-1", adjustmentId: "CN-1",
                                                          adjustmentKind: .creditNote, amount: Fixture.usd("2000.00"), date: Fixture.due))
        _ = try scenario.machine.adjusted(InvoiceAdjusted(buyerId: Fixture.buyer, invoiceId: "INV-1", adjustmentId: "DN-1",
                                                          adjustmentKind: .debitNote, amount: Fixture.usd("500.00"), date: Fixture.due))
        #expect(scenario.machine.openAmount == Fixture.usd("18500.00"))
        let settled = try scenario.machine.adjusted(InvoiceAdjusted(buyerId: Fixture.buyer, invoiceId: "INV-1", adjustmentId: "CN-2",
                                                                    adjustmentKind: .creditNote, amount: Fixture.usd("18500.00"), date: Fixture.due))
        #expect(settled.compactMap(\.actionKind) == [.resolved])
    }

    /// Agreed at 20 days past due: 10,000.00 due 2024-04-15 and 10,000.00 due 2024-05-15 replace the due date.
    /// The table restarts on each instalment: pre-due reminder on 04-12; paid, the next instalment's on 05-12;
    /// missed, its reminder on 05-16.
    @Test func aPaymentPlanReplacesTheDueDates() throws {
        var scenario = InvoiceScenario()
        scenario.run(1...19)
        let plan = PaymentPlan(buyerId: Fixture.buyer, invoiceId: "INV-1", planId: "PL-1", agreedOn: Fixture.due.adding(days: 20),
                               instalments: [Instalment(dueDate: Fixture.day("2024-04-15"), amount: Fixture.usd("10000.00")),
                                             Instalment(dueDate: Fixture.day("2024-05-15"), amount: Fixture.usd("10000.00"))])
        let agreed = try scenario.machine.planAgreed(plan)
        #expect(agreed.compactMap(\.actionKind) == [.escalationPaused])
        #expect(scenario.machine.cycle.dueDate == Fixture.day("2024-04-15"))

        var produced: [DunningAction] = []
        func judge(_ first: String, _ last: String) {
            var day = Fixture.day(first)
            while day <= Fixture.day(last) {
                produced += scenario.machine.evaluate(on: day, rules: scenario.rules).compactMap(\.action)
                day = day.adding(days: 1)
            }
        }
        judge("2024-03-21", "2024-04-14")
        _ = try scenario.machine.paymentApplied(PaymentApplied(buyerId: Fixture.buyer, invoiceId: "INV-1", paymentId: "P1",
                                                              amount: Fixture.usd("10000.00"), paymentDate: Fixture.day("2024-04-14")))
        #expect(scenario.machine.cycle.dueDate == Fixture.day("2024-05-15"))
        judge("2024-04-15", "2024-05-16")
        #expect(produced.map { "\($0.date) \($0.action.rawValue) \($0.daysPastDue)" } == [
            "2024-04-12 preDueReminder -3",
            "2024-05-12 preDueReminder -3",
            "2024-05-16 reminder 1",
        ])
        #expect(produced.last?.openAmount == Fixture.usd("10000.00"))
    }
}
