import Claims
import Domain
import Testing

/// Payments before payout, the closing of settled cases, and the clock-driven rules: NOA by the stage
/// clock, the response in working days, the waiting period, insolvency at once.
@Suite struct PaymentAndTimingTests {
    /// An insolvency claim on two invoices: INV-OLD (due 2024-02-01) and INV-NEW (due 2024-03-01).
    func insolvencyClaim() throws -> ClaimsScenario {
        var scenario = ClaimsScenario()
        try scenario.send(Fixture.limit(100_000), Fixture.issued("INV-OLD", 40_000),
                          Fixture.issued("INV-NEW", 30_000, issue: Fixture.day("2024-01-31"), due: Fixture.day("2024-03-01")),
                          Fixture.insolvency(on: Fixture.day("2024-03-10")))
        return scenario
    }

    @Test func aPaymentBeforePayoutLowersTheLossOldestInvoiceFirst() throws {
        var scenario = try insolvencyClaim()
        #expect(scenario.events(.approved).first?.indemnity == Fixture.usd(63_000), "90 % of 70,000")
        // The buyer pays 10,000 against the newer invoice: the loss falls on the oldest first.
        try scenario.send(Fixture.payment(10_000, id: "PAY-1", invoice: "INV-NEW", on: Fixture.day("2024-03-15")))
        #expect(scenario.state[invoice: "INV-OLD"]?.openAmount == Fixture.usd(30_000))
        #expect(scenario.state[invoice: "INV-NEW"]?.openAmount == Fixture.usd(30_000))
        scenario.endOfDay(Fixture.day("2024-04-30"))
        let paid = try #require(scenario.events(.paid).first)
        #expect(paid.loss == Fixture.usd(60_000))
        #expect(paid.indemnity == Fixture.usd(54_000))
    }

    @Test func anInsolvencyClaimIsPaidAtOnceAfterTheResponseDay() throws {
        var scenario = try insolvencyClaim()
        let filed = try #require(scenario.events(.filed).first)
        #expect(filed.trigger == .insolvency && filed.waitingPeriodEnds == nil)
        // Filed Sunday 2024-03-10: 15 working days later is Friday 2024-03-29.
        #expect(scenario.events(.approved).first?.date == Fixture.day("2024-03-29"))
        #expect(scenario.endOfDay(Fixture.day("2024-03-28")).isEmpty)
        #expect(scenario.endOfDay(Fixture.day("2024-03-29")).compactMap(\.claimEvent).map(\.state) == [.paid])
        #expect(scenario.endOfDay(Fixture.day("2024-03-30")).isEmpty, "paid once")
    }

    @Test func aProtractedDefaultClaimWaitsForTheWaitingPeriod() throws {
        var scenario = ClaimsScenario()
        try scenario.send(Fixture.limit(), Fixture.issued(), Fixture.creditHold(), Fixture.claimTrigger())
        let ends = Fixture.due.adding(days: 91 + 150)
        #expect(scenario.endOfDay(ends.adding(days: -1)).isEmpty)
        #expect(scenario.endOfDay(ends).compactMap(\.claimEvent).map(\.state) == [.paid])
    }

    @Test func theResponseDayCountsWorkingDaysOnly() {
        let rules = Fixture.rules()
        #expect(rules.responseDate(filedOn: Fixture.day("2024-05-03")) == Fixture.day("2024-05-24"), "Friday + 15 working days")
        #expect(rules.notificationDeadline(dueDate: Fixture.due) == Fixture.day("2024-05-01"))
        #expect(rules.payableDate(filedOn: Fixture.day("2024-05-02"), trigger: .protractedDefault) == Fixture.day("2024-09-29"))
    }

    @Test func aPaymentInFullBeforeFilingClosesTheCase() throws {
        var scenario = ClaimsScenario()
        try scenario.send(Fixture.limit(), Fixture.issued(), Fixture.creditHold())
        let outputs = try scenario.send(Fixture.payment(120_000, id: "PAY-1", on: Fixture.due.adding(days: 70)))
        let closed = try #require(outputs.compactMap(\.claimEvent).first)
        #expect(closed.state == .closed && closed.reason == "paid in full before filing")
        #expect(try scenario.send(Fixture.claimTrigger()).isEmpty, "nothing is left to claim")
    }

    @Test func aPartialPaymentBeforeFilingLowersTheLoss() throws {
        var scenario = ClaimsScenario()
        try scenario.send(Fixture.limit(), Fixture.issued(), Fixture.creditHold(),
                          Fixture.payment(50_000, id: "PAY-1", on: Fixture.due.adding(days: 70)), Fixture.claimTrigger())
        #expect(scenario.events(.filed).first?.loss == Fixture.usd(70_000))
        #expect(scenario.events(.approved).first?.indemnity == Fixture.usd(63_000), "below the limit: 90 % of the loss")
    }

    @Test func aPaymentInFullAfterFilingClosesTheClaimBeforePayout() throws {
        var scenario = try insolvencyClaim()
        let outputs = try scenario.send(Fixture.payment(70_000, id: "PAY-1", invoice: "INV-OLD", on: Fixture.day("2024-03-20")))
        #expect(outputs.compactMap(\.claimEvent).map(\.state) == [.closed])
        #expect(scenario.endOfDay(Fixture.day("2024-04-30")).isEmpty, "nothing is paid")
    }

    @Test func theStageClockNotifiesWhenDunningIsSilent() throws {
        var scenario = ClaimsScenario()
        try scenario.send(Fixture.limit(), Fixture.issued())
        #expect(scenario.endOfDay(Fixture.due.adding(days: 60)).isEmpty, "the MEP has not passed")
        let notified = try #require(scenario.endOfDay(Fixture.due.adding(days: 61)).compactMap(\.claimEvent).first)
        #expect(notified.state == .notified && notified.date == Fixture.due.adding(days: 61))
        #expect(try scenario.send(Fixture.creditHold(at: 62)).isEmpty, "notified once")
    }

    @Test func anInsolvencyMergesTheNotifiedCases() throws {
        var scenario = ClaimsScenario()
        try scenario.send(Fixture.limit(), Fixture.issued(), Fixture.creditHold())
        let outputs = try scenario.send(Fixture.insolvency(on: Fixture.due.adding(days: 70)))
        #expect(outputs.compactMap(\.claimEvent).map(\.state) == [.closed, .filed, .approved])
        #expect(outputs.compactMap(\.claimEvent).first?.reason?.hasPrefix("merged into the insolvency claim") == true)
        #expect(try scenario.send(.creditAssessment(insolventAssessment())).isEmpty, "one insolvency claim per buyer")
    }

    func insolventAssessment() -> CreditAssessment {
        CreditAssessment(buyerId: Fixture.buyer, assessedAt: Timestamp(date: Fixture.due.adding(days: 71)), score: 0, grade: 10,
                         creditClass: .c, creditLimit: .zero(.usd), terms: CreditTerms(openAccountDays: 0, prepaymentShare: 1),
                         reasons: [], modelVersion: "test", policyVersion: 1, components: ScoreComponents(), insolvent: true)
    }
}
