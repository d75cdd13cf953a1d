import Domain
import Dunning
import Testing

/// Disputes block dunning (aging keeps counting); a promise to pay pauses escalation until its date and,
/// broken, escalates at once with a `promise.broken` alert.
@Suite struct DisputeAndPromiseTests {
    func disputed(at daysPastDue: Int) -> InvoiceDisputed {
        InvoiceDisputed(buyerId: Fixture.buyer, invoiceId: "INV-1", reason: "damaged goods",
                        date: Fixture.due.adding(days: daysPastDue))
    }

    func promise(_ amount: String, by daysPastDue: Int, recordedAt recorded: Int) -> PromiseToPay {
        PromiseToPay(buyerId: Fixture.buyer, invoiceId: "INV-1", promiseId: "PR-1", amount: Fixture.usd(amount),
                     promisedDate: Fixture.due.adding(days: daysPastDue), recordedOn: Fixture.due.adding(days: recorded))
    }

    @Test func aDisputedInvoiceGetsNoActionWhileDisputed() {
        var scenario = InvoiceScenario()
        scenario.run(1...9)
        scenario.record(scenario.machine.disputed(disputed(at: 10)), at: 10)
        let during = scenario.run(10...150)
        #expect(during.isEmpty)
        #expect(scenario.actions.last == Step(10, 1, .blocked, .internalTask))
        #expect(scenario.log.last?.output.action?.note == "rule: dispute blocks dunning until resolved (reason: damaged goods)")
    }

    /// Rejected at 70 days past due, the dispute ends and dunning resumes at once at level 3 — the
    /// level 70 days call for — since aging kept counting.
    @Test func aRejectedDisputeResumesAtTheLevelItsDaysCallFor() throws {
        var scenario = InvoiceScenario()
        scenario.run(1...9)
        scenario.record(scenario.machine.disputed(disputed(at: 10)), at: 10)
        scenario.run(10...69)
        let resumed = try scenario.machine.disputeResolved(outcome: .rejected, creditNote: nil, on: Fixture.due.adding(days: 70),
                                                           fromCollector: false, rules: scenario.rules)
        #expect(resumed.compactMap(\.actionKind) == [.unblocked, .creditHold, .collectionHandover])
        #expect(resumed.compactMap(\.action).allSatisfy { $0.daysPastDue == 70 })
        #expect(resumed.contains { $0.alert?.alertType == .dunningLegal })
    }

    /// Upheld with a credit note of the whole amount, the invoice is settled and resolved.
    @Test func anUpheldDisputeCreditingEverythingResolvesTheCase() throws {
        var scenario = InvoiceScenario()
        _ = scenario.machine.disputed(disputed(at: 5))
        let outputs = try scenario.machine.disputeResolved(outcome: .upheld, creditNote: Fixture.usd("20000.00"),
                                                           on: Fixture.due.adding(days: 20), fromCollector: false,
                                                           rules: scenario.rules)
        #expect(outputs.compactMap(\.actionKind) == [.unblocked, .resolved])
        #expect(scenario.run(20...200).isEmpty)
    }

    /// The collectors' tool reporting the same outcome after the ERP changes nothing (the credit note counts once).
    @Test func aSecondReportOfTheSameOutcomeIsIgnored() throws {
        var scenario = InvoiceScenario()
        _ = scenario.machine.disputed(disputed(at: 5))
        _ = try scenario.machine.disputeResolved(outcome: .upheld, creditNote: Fixture.usd("5000.00"),
                                                 on: Fixture.due.adding(days: 20), fromCollector: false, rules: scenario.rules)
        let second = try scenario.machine.disputeResolved(outcome: .upheld, creditNote: Fixture.usd("5000.00"),
                                                          on: Fixture.due.adding(days: 21), fromCollector: true, rules: scenario.rules)
        #expect(second.isEmpty)
        #expect(scenario.machine.openAmount == Fixture.usd("15000.00"))
    }

    /// Promised at 20 days past due for day 40, escalation waits: no level-2 action on day 31.
    @Test func aPromisePausesEscalationUntilItsDate() throws {
        var scenario = InvoiceScenario()
        scenario.run(1...19)
        let paused = try scenario.machine.promised(promise("20000.00", by: 40, recordedAt: 20))
        #expect(paused.compactMap(\.actionKind) == [.escalationPaused])
        #expect(scenario.run(20...40).isEmpty)
    }

    /// Kept (5,000.00 promised and paid on day 39), the pause still lasts until the promised day 40; then
    /// the promise ends quietly and the table takes over again on the 15,000.00 left.
    @Test func aKeptPromiseResumesTheTableAfterItsDateWithoutAlert() throws {
        var scenario = InvoiceScenario()
        scenario.run(1...19)
        _ = try scenario.machine.promised(promise("5000.00", by: 40, recordedAt: 20))
        #expect(scenario.run(20...38).isEmpty)
        _ = try scenario.machine.paymentApplied(PaymentApplied(buyerId: Fixture.buyer, invoiceId: "INV-1", paymentId: "P1",
                                                              amount: Fixture.usd("5000.00"), paymentDate: Fixture.due.adding(days: 39)))
        #expect(scenario.run(39...40).isEmpty)
        let after = scenario.run(41...41)
        #expect(after.compactMap(\.actionKind) == [.phoneCall, .formalNotice])
        #expect(after.compactMap(\.action).allSatisfy { $0.openAmount == Fixture.usd("15000.00") })
        #expect(after.allSatisfy { $0.alert == nil })
    }

    /// Broken (day 40 ended unpaid), the promise raises `promise.broken` and escalates at once past the level
    /// reached (2 by days) to level 3 on day 41, instead of waiting for day 61.
    @Test func aBrokenPromiseEscalatesAtOnceAndAlerts() throws {
        var scenario = InvoiceScenario()
        scenario.run(1...19)
        _ = try scenario.machine.promised(promise("20000.00", by: 40, recordedAt: 20))
        scenario.run(20...40)
        let broken = scenario.run(41...41)
        #expect(broken.compactMap(\.actionKind) == [.promiseBroken, .creditHold, .collectionHandover])
        let alert = broken.compactMap(\.alert).first
        #expect(alert?.alertType == .promiseBroken)
        #expect(alert?.amounts["promisedAmount"] == Fixture.usd("20000.00"))
        #expect(alert?.figures["daysPastDue"] == 41)
        #expect(broken.compactMap(\.alert).map(\.alertType) == [.promiseBroken, .dunningLegal])
        // The claim trigger still waits for its days: day 91.
        let later = scenario.run(42...100)
        #expect(later.compactMap(\.action).map { ($0.daysPastDue, $0.action) }.elementsEqual([(91, .claimTrigger)]) { $0 == $1 })
    }

    /// A promise that expires while the invoice is disputed sends nothing: no `promise.broken`, no alert, until
    /// the dispute ends; rejected on day 70, the promise is judged then, broken, and dunning resumes at level 3.
    @Test func aPromiseExpiringDuringADisputeIsJudgedOnlyWhenTheDisputeEnds() throws {
        var scenario = InvoiceScenario()
        scenario.run(1...19)
        _ = try scenario.machine.promised(promise("20000.00", by: 40, recordedAt: 20))
        scenario.run(20...29)
        scenario.record(scenario.machine.disputed(disputed(at: 30)), at: 30)
        let during = scenario.run(30...69)
        #expect(during.isEmpty, "never an action or an alert for a disputed invoice")
        let resumed = try scenario.machine.disputeResolved(outcome: .rejected, creditNote: nil, on: Fixture.due.adding(days: 70),
                                                           fromCollector: false, rules: scenario.rules)
        #expect(resumed.compactMap(\.actionKind) == [.unblocked, .promiseBroken, .creditHold, .collectionHandover])
        #expect(resumed.compactMap(\.alert).map(\.alertType) == [.promiseBroken, .dunningLegal])
    }
}
