import Domain
import Dunning
import Testing

/// The minimum-amount and cost-of-collection rules (defaults: minimum 10,000.00 USD, automatic channels
/// only until 90 days; estimated collection cost 500.00 USD).
@Suite struct AmountRuleTests {
    /// 5,000.00 USD is below the minimum: the phone call becomes an email reminder and the agency handover a
    /// letter (no legal alert); the letter, the credit hold and, after 90 days, the claim trigger stay.
    @Test func belowTheMinimumOnlyAutomaticChannelsUntil90Days() {
        var scenario = InvoiceScenario(Fixture.issued(amount: Fixture.usd("5000.00")))
        scenario.run(-5...120)
        #expect(scenario.actions == [
            Step(-3, 0, .preDueReminder, .email),
            Step(1, 1, .reminder, .email),
            Step(15, 1, .reminder, .email),
            Step(31, 2, .reminder, .email),
            Step(31, 2, .formalNotice, .letter),
            Step(61, 3, .creditHold, .internalTask),
            Step(61, 3, .reminder, .letter),
            Step(91, 4, .claimTrigger, .insurer),
        ])
        #expect(scenario.alerts.isEmpty)
        let replaced = scenario.log.compactMap(\.output.action).first { $0.daysPastDue == 31 && $0.action == .reminder }
        #expect(replaced?.note?.contains("rule: minimum amount") == true)
    }

    /// 300.00 USD costs more to collect (500.00 USD) than it brings: after the email reminders, the first
    /// escalation becomes a single write-off proposal, and nothing escalates after it.
    @Test func costOfCollectionAboveTheAmountProposesAWriteOff() {
        var scenario = InvoiceScenario(Fixture.issued(amount: Fixture.usd("300.00")))
        scenario.run(-5...120)
        #expect(scenario.actions == [
            Step(-3, 0, .preDueReminder, .email),
            Step(1, 1, .reminder, .email),
            Step(15, 1, .reminder, .email),
            Step(31, 1, .writeOffProposal, .internalTask),
        ])
        #expect(scenario.log.last?.output.action?.note?.contains("rule: cost of collection") == true)
    }

    /// A collector who pins the level decides about the debt, its cost included: after the write-off proposal,
    /// an override to level 3 puts the buyer on credit hold for a 300.00 USD invoice; below the minimum amount
    /// the handover still goes out on an automatic channel before day 90.
    @Test func aCollectorsLevelOverrideIsCarriedOutWhateverTheCost() {
        var scenario = InvoiceScenario(Fixture.issued(amount: Fixture.usd("300.00")))
        scenario.run(1...40)
        #expect(scenario.actions.last == Step(31, 1, .writeOffProposal, .internalTask))
        let override = DunningOverride(buyerId: Fixture.buyer, invoiceId: "INV-1", action: .setLevel, level: 3,
                                       date: Fixture.due.adding(days: 41), collector: "j.doe", reason: "customer asked for it")
        let outputs = scenario.machine.collectorOverride(override, rules: scenario.rules)
        #expect(outputs.compactMap(\.actionKind) == [.levelOverridden, .creditHold, .reminder])
    }

    /// A partial payment that brings the open amount under the cost turns the next escalation into a proposal.
    @Test func thePartlyPaidAmountIsWhatTheCostIsComparedWith() throws {
        var scenario = InvoiceScenario(Fixture.issued(amount: Fixture.usd("20000.00")))
        scenario.run(1...40)
        _ = try scenario.machine.paymentApplied(PaymentApplied(buyerId: Fixture.buyer, invoiceId: "INV-1", paymentId: "P1",
                                                              amount: Fixture.usd("19600.00"), paymentDate: Fixture.due.adding(days: 41)))
        let later = scenario.run(41...120)
        #expect(later.compactMap(\.actionKind) == [.writeOffProposal])
    }

    /// Without an FX rate for the invoice's currency the reporting-currency thresholds cannot be applied:
    /// a 300.00 EUR invoice escalates by the table.
    @Test func withoutAnFXRateTheThresholdsDoNotApply() {
        var scenario = InvoiceScenario(Fixture.issued(amount: Fixture.eur("300.00")))
        scenario.run(31...31)
        #expect(scenario.actions.map(\.action) == [.phoneCall, .formalNotice])
    }

    /// With a rate, a 300.00 EUR invoice is 325.35 USD, under the 500.00 USD cost: write-off proposal.
    @Test func withAnFXRateTheThresholdsApplyInTheReportingCurrency() throws {
        let fx = FXTable(reportingCurrency: .usd, rates: [.eur: try DecimalFactor("1.0845")])
        var scenario = InvoiceScenario(Fixture.issued(amount: Fixture.eur("300.00")), rules: Fixture.rules(fxTable: fx))
        scenario.run(31...31)
        #expect(scenario.actions.map(\.action) == [.writeOffProposal])
    }
}

/// Issue "The ledger as an ERP really sends it" §5: there is nothing to collect on a 0.00 invoice.
@Suite struct ZeroInvoiceTests {
    @Test func aZeroInvoiceIsNeverDunned() {
        var scenario = InvoiceScenario(Fixture.issued(amount: Fixture.usd("0.00")))
        scenario.run(-5...120)
        #expect(scenario.actions.filter { $0.action != .resolved }.isEmpty, "\(scenario.actions)")
    }
}
