import Claims
import Domain
import Testing

/// Each reason a claim is rejected (DOMAIN.md §6), with the reason named on the event and the alert.
@Suite struct RejectionTests {
    /// The rejected event of a scenario, after checking nothing was approved.
    func rejection(_ scenario: ClaimsScenario) throws -> ClaimEvent {
        #expect(scenario.events(.approved).isEmpty)
        #expect(scenario.events(.filed).count == 1, "a rejected claim was filed first")
        let rejected = try #require(scenario.events(.rejected).first)
        #expect(scenario.alerts(.claimRejected).first?.message.contains(rejected.reason ?? "?") == true)
        return rejected
    }

    @Test func aDisputedInvoiceIsRejected() throws {
        var scenario = ClaimsScenario()
        try scenario.send(Fixture.limit(), Fixture.issued(), Fixture.creditHold(),
                          .invoiceDisputed(InvoiceDisputed(buyerId: Fixture.buyer, invoiceId: "INV-1", reason: "damaged goods",
                                                           date: Fixture.due.adding(days: 70))),
                          Fixture.claimTrigger())
        let rejected = try rejection(scenario)
        #expect(rejected.reason?.hasPrefix("disputed invoice") == true)
        #expect(rejected.date == Fixture.rules().responseDate(filedOn: Fixture.due.adding(days: 91)))
    }

    @Test func anInvoiceIssuedWithoutAnInsuredLimitIsRejected() throws {
        var scenario = ClaimsScenario()
        // The limit starts a day after the goods were invoiced.
        try scenario.send(Fixture.limit(effective: Fixture.issueDate.adding(days: 1)), Fixture.issued(),
                          Fixture.creditHold(), Fixture.claimTrigger())
        #expect(try rejection(scenario).reason?.hasPrefix("no insured limit") == true)
    }

    @Test func aWithdrawnOrExpiredLimitIsNoLimit() throws {
        var withdrawn = ClaimsScenario()
        try withdrawn.send(Fixture.limit(), Fixture.limit(0, id: "LIM-2", effective: Fixture.day("2023-12-20")),
                           Fixture.issued(), Fixture.creditHold(), Fixture.claimTrigger())
        #expect(try rejection(withdrawn).reason?.hasPrefix("no insured limit") == true)
        var expired = ClaimsScenario()
        try expired.send(Fixture.limit(expiry: Fixture.day("2023-12-31")), Fixture.issued(), Fixture.creditHold(), Fixture.claimTrigger())
        #expect(try rejection(expired).reason?.hasPrefix("no insured limit") == true)
    }

    @Test func theLimitInForceWhenInvoicedCountsNotTheLaterOne() throws {
        var scenario = ClaimsScenario()
        // Cover withdrawn after the goods were invoiced: the claim is still covered by the earlier limit.
        try scenario.send(Fixture.limit(100_000), Fixture.issued(), Fixture.limit(0, id: "LIM-2", effective: Fixture.due),
                          Fixture.creditHold(), Fixture.claimTrigger())
        #expect(scenario.events(.approved).first?.indemnity == Fixture.usd(90_000))
    }

    @Test func aNotificationCalledForAfterTheDeadlineIsLate() throws {
        var scenario = ClaimsScenario()
        // The level-3 action comes at day 95, past the NOA deadline of day 90: nothing is notified.
        try scenario.send(Fixture.limit(), Fixture.issued(), Fixture.creditHold(at: 95))
        #expect(scenario.events(.notified).isEmpty)
        try scenario.send(Fixture.claimTrigger(at: 96))
        let reason = try rejection(scenario).reason ?? ""
        #expect(reason.hasPrefix("late notification"))
        #expect(reason.contains("2024-05-01"), "names the deadline")
    }

    @Test func aClaimWithoutAnyNotificationPastTheDeadlineIsBeyondTheMEP() throws {
        var scenario = ClaimsScenario()
        // Dunning never reached level 3 and the stage clock never saw the MEP pass: the first word is the claim at day 120.
        try scenario.send(Fixture.limit(), Fixture.issued(), Fixture.claimTrigger(at: 120))
        #expect(scenario.events(.notified).isEmpty)
        #expect(try rejection(scenario).reason?.hasPrefix("beyond MEP") == true)
    }

    @Test func aClaimTriggerInsideTheDeadlineSendsTheMissingNotificationFirst() throws {
        var scenario = ClaimsScenario()
        try scenario.send(Fixture.limit(), Fixture.issued(), Fixture.claimTrigger(at: 85))
        #expect(scenario.log.compactMap(\.claimEvent).map(\.state) == [.notified, .filed, .approved])
    }

    @Test func theFirstBrokenRuleIsTheReason() throws {
        var scenario = ClaimsScenario()
        // Disputed, without limit and notified late: the dispute is named.
        try scenario.send(Fixture.issued(), Fixture.creditHold(at: 95),
                          .invoiceDisputed(InvoiceDisputed(buyerId: Fixture.buyer, invoiceId: "INV-1", reason: "wrong quantity",
                                                           date: Fixture.due.adding(days: 96))),
                          Fixture.claimTrigger(at: 97))
        #expect(try rejection(scenario).reason?.hasPrefix("disputed invoice") == true)
        #expect(ClaimRejectionReason.allCases == [.disputed, .noInsuredLimit, .lateNotification, .beyondMEP])
    }

    @Test func anInsolvencyClaimExcludesIneligibleInvoicesWithTheirReasons() throws {
        var scenario = ClaimsScenario()
        try scenario.send(Fixture.limit(100_000), Fixture.issued("INV-1", 30_000), Fixture.issued("INV-2", 20_000),
                          .invoiceDisputed(InvoiceDisputed(buyerId: Fixture.buyer, invoiceId: "INV-2", reason: "quality",
                                                           date: Fixture.due)),
                          Fixture.insolvency(on: Fixture.due.adding(days: 10)))
        let approved = try #require(scenario.events(.approved).first)
        #expect(approved.invoiceIds == ["INV-1"])
        #expect(approved.indemnity == Fixture.usd(27_000))
        #expect(approved.reason?.contains("disputed invoice: INV-2") == true)
        #expect(scenario.events(.filed).first?.invoiceIds == ["INV-1", "INV-2"])
    }
}
