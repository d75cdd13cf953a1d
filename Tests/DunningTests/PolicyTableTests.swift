import Domain
import Dunning
import Testing

/// DOMAIN.md §5, row by row: which action goes out on which day past due, on which channel, once.
@Suite struct PolicyTableTests {
    /// A 20,000.00 USD invoice due 2024-03-01 (above the 10,000 minimum), judged every day from
    /// 5 days before due to 120 days past due.
    @Test func theDefaultTableSendsEachActionOnItsDayOnce() {
        var scenario = InvoiceScenario()
        scenario.run(-5...120)
        #expect(scenario.actions == [
            Step(-3, 0, .preDueReminder, .email),
            Step(1, 1, .reminder, .email),
            Step(15, 1, .reminder, .email),
            Step(31, 2, .phoneCall, .phone),
            Step(31, 2, .formalNotice, .letter),
            Step(61, 3, .creditHold, .internalTask),
            Step(61, 3, .collectionHandover, .collectionAgency),
            Step(91, 4, .claimTrigger, .insurer),
        ])
    }

    @Test func level3RaisesTheLegalAlertOnce() {
        var scenario = InvoiceScenario()
        scenario.run(-5...120)
        #expect(scenario.alerts.map(\.alertType) == [.dunningLegal])
        #expect(scenario.alerts.first?.severity == .critical)
        #expect(scenario.alerts.first?.figures["daysPastDue"] == 61)
    }

    @Test func everyActionNamesTheRuleThatMadeIt() {
        var scenario = InvoiceScenario()
        scenario.run(-5...120)
        let notes = scenario.log.compactMap(\.output.action?.note)
        #expect(notes[0] == "rule: level-0 pre-due reminder (3 days before due)")
        #expect(notes[1] == "rule: level-1 automatic reminder (1–30 dpd)")
        #expect(notes[2] == "rule: level-1 repeat reminder on day 15 (1–30 dpd)")
        #expect(notes[3] == "rule: level-2 phone call task (31–60 dpd)")
        #expect(notes[4].hasPrefix("rule: level-2 formal notice (31–60 dpd)"))
        #expect(notes[5] == "rule: level-3 credit hold (61–90 dpd)")
        #expect(notes[6] == "rule: level-3 collection handover (61–90 dpd)")
        #expect(notes[7] == "rule: level-4 insurance claim trigger (> 90 dpd)")
    }

    /// The overdue transitions of monitoring (1, 15, 31, 61, 91) alone reach every row too.
    @Test func overdueTransitionDaysAloneReachEveryRow() {
        var scenario = InvoiceScenario()
        scenario.run(-3 ... -3)
        for threshold in [1, 15, 31, 61, 91] { scenario.run(threshold...threshold) }
        #expect(scenario.actions.map(\.action) == [
            .preDueReminder, .reminder, .reminder, .phoneCall, .formalNotice, .creditHold, .collectionHandover, .claimTrigger,
        ])
    }

    /// Judging the same day again, or an earlier day, never repeats an action.
    @Test func repeatedJudgementsSendNothingTwice() {
        var scenario = InvoiceScenario()
        scenario.run(31...31)
        let again = scenario.run(31...31) + scenario.run(20...35)
        #expect(again.isEmpty)
        #expect(scenario.actions.count == 2)
    }

    /// Seen first at 45 days past due, the invoice gets level 2's actions, not the earlier reminders.
    @Test func anInvoiceFirstJudgedLateStartsAtTheLevelItsDaysCallFor() {
        var scenario = InvoiceScenario()
        scenario.run(45...45)
        #expect(scenario.actions == [Step(45, 2, .phoneCall, .phone), Step(45, 2, .formalNotice, .letter)])
    }

    @Test func thePreDueReminderIsOptional() {
        var policy = Fixture.policy.dunning
        policy.tiers.standard.preDueReminder = false
        var scenario = InvoiceScenario(rules: Fixture.rules(policy: policy))
        scenario.run(-5...2)
        #expect(scenario.actions == [Step(1, 1, .reminder, .email)])
    }

    @Test func theTableIsReadFromThePolicy() {
        var policy = Fixture.policy.dunning
        policy.levels[2].fromDaysPastDue = 21
        policy.levels[1].toDaysPastDue = 20
        var scenario = InvoiceScenario(rules: Fixture.rules(policy: policy))
        scenario.run(1...40)
        #expect(scenario.actions.first { $0.level == 2 }?.daysPastDue == 21)
    }
}
