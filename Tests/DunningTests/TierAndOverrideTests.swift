import Domain
import Dunning
import Testing

/// Customer tiers carry their own policy; a collector may block, unblock or override the level.
@Suite struct TierAndOverrideTests {
    func override(_ action: DunningOverrideAction, level: Int? = nil, at daysPastDue: Int,
                  invoice: InvoiceId? = "INV-1") -> DunningOverride {
        DunningOverride(buyerId: Fixture.buyer, invoiceId: invoice, action: action, level: level,
                        date: Fixture.due.adding(days: daysPastDue), collector: "ana", reason: "key account")
    }

    /// Strategic customers: 5 grace days (first reminder on day 6), the repeat on day 15, and every
    /// escalation 15 days later (level 2 on day 46, level 3 on day 76, level 4 on day 106).
    @Test func strategicCustomersGetGraceAndPatience() {
        var scenario = InvoiceScenario(rules: Fixture.rules(tier: .strategic))
        scenario.run(-5...120)
        #expect(scenario.actions == [
            Step(-3, 0, .preDueReminder, .email),
            Step(6, 1, .reminder, .email),
            Step(15, 1, .reminder, .email),
            Step(46, 2, .phoneCall, .phone),
            Step(46, 2, .formalNotice, .letter),
            Step(76, 3, .creditHold, .internalTask),
            Step(76, 3, .collectionHandover, .collectionAgency),
            Step(106, 4, .claimTrigger, .insurer),
        ])
        #expect(scenario.log.compactMap(\.output.action).first { $0.action == .phoneCall }?.note
                == "rule: level-2 phone call task (46–75 dpd)")
    }

    @Test func newCustomersFollowTheirOwnPolicy() {
        var policy = Fixture.policy.dunning
        policy.tiers.new.repeatReminderDay = 10
        var scenario = InvoiceScenario(rules: Fixture.rules(tier: .new, policy: policy))
        scenario.run(1...30)
        #expect(scenario.actions.map(\.daysPastDue) == [1, 10])
    }

    @Test func aBlockedInvoiceGetsNothingUntilUnblocked() {
        var scenario = InvoiceScenario()
        scenario.run(1...5)
        let blocked = scenario.machine.collectorOverride(override(.block, at: 6), rules: scenario.rules)
        #expect(blocked.first?.action?.note == "rule: collector block by ana: key account")
        #expect(scenario.run(6...64).isEmpty)
        let unblocked = scenario.machine.collectorOverride(override(.unblock, at: 65), rules: scenario.rules)
        #expect(unblocked.compactMap(\.actionKind) == [.unblocked, .creditHold, .collectionHandover])
    }

    /// Set to level 3 on day 10, the invoice gets level 3's actions at once and stays there (no claim on day 91);
    /// cleared on day 95, it follows the policy again: the claim trigger.
    @Test func aLevelOverrideForcesAndHoldsTheLevel() {
        var scenario = InvoiceScenario()
        scenario.run(1...9)
        let forced = scenario.machine.collectorOverride(override(.setLevel, level: 3, at: 10), rules: scenario.rules)
        #expect(forced.compactMap(\.action).map(\.action) == [.levelOverridden, .creditHold, .collectionHandover])
        #expect(forced.compactMap(\.action).allSatisfy { $0.level == 3 })
        #expect(scenario.run(10...94).isEmpty)
        let cleared = scenario.machine.collectorOverride(override(.clearLevel, at: 95), rules: scenario.rules)
        #expect(cleared.compactMap(\.actionKind) == [.levelOverridden, .claimTrigger])
        #expect(cleared.first?.action?.level == 4)
    }

    /// A buyer-wide block (no invoice id) through the buyer's state stops every invoice.
    @Test func aBuyerWideBlockStopsEveryInvoice() throws {
        var buyer = BuyerDunningState()
        let policy = Fixture.policy.dunning, fx = FXTable(reportingCurrency: .usd)
        _ = try buyer.apply(.invoiceIssued(Fixture.issued("INV-1")), policy: policy, fxTable: fx)
        _ = try buyer.apply(.invoiceIssued(Fixture.issued("INV-2")), policy: policy, fxTable: fx)
        let blocked = try buyer.apply(.dunningOverride(override(.block, at: 0, invoice: nil)), policy: policy, fxTable: fx)
        #expect(blocked.compactMap(\.action).map(\.invoiceId) == ["INV-1", "INV-2"])
        #expect(blocked.first?.action?.note?.contains("every invoice of the buyer") == true)
        var silent: [DunningOutput] = []
        for offset in 1...40 {
            silent += buyer.punctuate(on: Fixture.due.adding(days: offset), policy: policy, fxTable: fx, closedRetentionDays: 180)
        }
        #expect(silent.isEmpty)
    }

    @Test func theTierIsAssignedByACollectionUpdate() throws {
        var buyer = BuyerDunningState()
        let policy = Fixture.policy.dunning, fx = FXTable(reportingCurrency: .usd)
        _ = try buyer.apply(.customerTierAssigned(CustomerTierAssigned(buyerId: Fixture.buyer, tier: .strategic,
                                                                       effectiveDate: Fixture.due)), policy: policy, fxTable: fx)
        _ = try buyer.apply(.invoiceIssued(Fixture.issued()), policy: policy, fxTable: fx)
        let day1 = buyer.punctuate(on: Fixture.due.adding(days: 1), policy: policy, fxTable: fx, closedRetentionDays: 180)
        let day6 = buyer.punctuate(on: Fixture.due.adding(days: 6), policy: policy, fxTable: fx, closedRetentionDays: 180)
        #expect(buyer.tier == .strategic)
        #expect(day1.isEmpty)
        #expect(day6.compactMap(\.actionKind) == [.reminder])
    }
}
