import Claims
import Domain
import Testing

/// Issue 15: the insured limit and the claim are per buyer; claims follows days past due itself, so a
/// write-off or a silent dunning stage does not stop a claim; each invoice keeps its own currency.
@Suite struct BuyerClaimTests {
    /// Runs the daily rules at the end of each day from `first` through `last`.
    static func everyDay(_ scenario: inout ClaimsScenario, from first: CalendarDate, through last: CalendarDate) {
        var day = first
        while day <= last {
            scenario.endOfDay(day)
            day = day.adding(days: 1)
        }
    }

    static func eur(_ units: Int64) -> Money { Money(amountMinor: units * 100, currency: .eur) }

    /// The issue's figures: a 100,000 limit and two 100,000 invoices at dunning level 4 gave 180,000.
    @Test func twoInvoicesOf100000UnderA100000LimitGiveAtMost90000() throws {
        var scenario = ClaimsScenario()
        let dueB = Fixture.day("2024-03-01")
        try scenario.send(Fixture.limit(100_000), Fixture.issued("INV-A", 100_000),
                          Fixture.issued("INV-B", 100_000, issue: Fixture.day("2024-01-31"), due: dueB),
                          Fixture.creditHold(invoice: "INV-A"), Fixture.claimTrigger(invoice: "INV-A"),
                          Fixture.creditHold(invoice: "INV-B", due: dueB), Fixture.claimTrigger(invoice: "INV-B", due: dueB))
        scenario.endOfDay(Fixture.day("2024-12-31"))
        let paid = scenario.events(.paid)
        #expect(paid.count == 1, "one claim for the buyer")
        #expect(paid.first?.invoiceIds == ["INV-A", "INV-B"])
        #expect(paid.first?.loss == Fixture.usd(200_000))
        #expect(paid.first?.indemnity == Fixture.usd(90_000))
        #expect(Set(scenario.log.compactMap(\.claimEvent).filter { $0.state != .notified && $0.state != .closed }.map(\.claimId)).count == 1)
    }

    @Test func anInvoiceEligibleLaterJoinsTheBuyersOpenClaim() throws {
        var scenario = ClaimsScenario()
        let dueB = Fixture.day("2024-03-01")
        try scenario.send(Fixture.limit(100_000), Fixture.issued("INV-A", 60_000),
                          Fixture.issued("INV-B", 70_000, issue: Fixture.day("2024-01-31"), due: dueB))
        Self.everyDay(&scenario, from: Fixture.due, through: Fixture.day("2024-06-01"))
        let approved = scenario.events(.approved)
        // Filed for INV-A alone on day 91 (54,000), revised when INV-B joined on its day 91: 90 % × min(130,000, 100,000).
        #expect(approved.map(\.indemnity) == [Fixture.usd(54_000), Fixture.usd(90_000)])
        #expect(approved.last?.invoiceIds == ["INV-A", "INV-B"])
        let joined = try #require(scenario.events(.filed).last)
        #expect(joined.date == dueB.adding(days: 91) && joined.reason?.contains("INV-B joined the buyer's claim") == true)
        #expect(scenario.events(.closed).map(\.reason) == ["joined the buyer's claim \(approved[0].claimId)"],
                "INV-B's notified case closes into the claim")
        Self.everyDay(&scenario, from: Fixture.day("2024-06-02"), through: Fixture.day("2024-10-31"))
        #expect(scenario.events(.paid).map(\.indemnity) == [Fixture.usd(90_000)])
        #expect(scenario.events(.paid).first?.date == Fixture.due.adding(days: 91 + 150), "INV-B kept the claim's payable day")
    }

    /// §6's worked example without a single dunning action: the stage clock notifies on day 61 and files on day 91.
    @Test func theWorkedExampleHoldsOnTheStageClockAlone() throws {
        var scenario = ClaimsScenario()
        try scenario.send(Fixture.limit(100_000), Fixture.issued("INV-1", 120_000))
        Self.everyDay(&scenario, from: Fixture.due, through: Fixture.due.adding(days: 91 + 150))
        #expect(scenario.log.compactMap(\.claimEvent).map(\.state) == [.notified, .filed, .approved, .paid])
        #expect(scenario.events(.notified).first?.date == Fixture.due.adding(days: 61))
        #expect(scenario.events(.filed).first?.date == Fixture.due.adding(days: 91))
        #expect(scenario.events(.paid).first?.indemnity == Fixture.usd(90_000))
        var recovered = scenario
        let shares = try recovered.send(Fixture.payment(24_000, id: "PAY-R1", on: Fixture.day("2024-11-15"))).compactMap(\.claimEvent)
        #expect(shares.first?.insurerShare == Fixture.usd(18_000) && shares.first?.sellerShare == Fixture.usd(6_000))
    }

    /// The issue's figures: a 50,000 insured invoice written off at 75 days past due still gets its claim.
    @Test func aWrittenOffInvoiceIsStillClaimed() throws {
        var scenario = ClaimsScenario()
        try scenario.send(Fixture.limit(100_000), Fixture.issued("INV-1", 50_000))
        Self.everyDay(&scenario, from: Fixture.due, through: Fixture.due.adding(days: 75))
        try scenario.send(.invoiceWrittenOff(InvoiceWrittenOff(buyerId: Fixture.buyer, invoiceId: "INV-1", amount: Fixture.usd(50_000),
                                                               date: Fixture.due.adding(days: 75))))
        Self.everyDay(&scenario, from: Fixture.due.adding(days: 76), through: Fixture.due.adding(days: 92))
        let filed = try #require(scenario.events(.filed).first)
        #expect(filed.date == Fixture.due.adding(days: 91) && filed.loss == Fixture.usd(50_000))
        #expect(scenario.events(.approved).first?.indemnity == Fixture.usd(45_000))
    }

    /// Monitoring's overdue transitions alone (no clock, no dunning) notify at 61 and file at 91 days past due.
    @Test func monitoringsOverdueTransitionsDriveTheClaim() throws {
        var scenario = ClaimsScenario()
        func transition(_ daysPastDue: Int) -> DomainEvent {
            .overdueTransition(OverdueTransition(buyerId: Fixture.buyer, invoiceId: "INV-1", daysPastDue: daysPastDue, dueDate: Fixture.due,
                                                 asOf: Fixture.due.adding(days: daysPastDue), openAmount: Fixture.usd(120_000), disputed: false))
        }
        try scenario.send(Fixture.limit(100_000), Fixture.issued("INV-1", 120_000), transition(31))
        #expect(scenario.log.isEmpty)
        #expect(try scenario.send(transition(61)).compactMap(\.claimEvent).map(\.state) == [.notified])
        #expect(try scenario.send(transition(91)).compactMap(\.claimEvent).map(\.state) == [.filed, .approved])
        #expect(scenario.events(.approved).first?.indemnity == Fixture.usd(90_000))
        #expect(try scenario.send(Fixture.claimTrigger()).isEmpty, "dunning's trigger finds the invoice claimed")
    }

    @Test func aDisputedInvoiceWaitsForItsDisputeBeforeTheClockFilesIt() throws {
        var scenario = ClaimsScenario()
        try scenario.send(Fixture.limit(100_000), Fixture.issued("INV-1", 30_000),
                          .invoiceDisputed(InvoiceDisputed(buyerId: Fixture.buyer, invoiceId: "INV-1", reason: "quality", date: Fixture.due)))
        Self.everyDay(&scenario, from: Fixture.due, through: Fixture.due.adding(days: 95))
        #expect(scenario.events(.filed).isEmpty)
        try scenario.send(.invoiceDisputeResolved(InvoiceDisputeResolved(buyerId: Fixture.buyer, invoiceId: "INV-1", outcome: .rejected,
                                                                          date: Fixture.due.adding(days: 96))))
        scenario.endOfDay(Fixture.due.adding(days: 96))
        #expect(scenario.events(.approved).first?.indemnity == Fixture.usd(27_000))
    }

    /// The issue's figures: after a 50,000 USD invoice, a 100,000 EUR invoice of the same buyer is claimed with it,
    /// in the reporting currency at the policy's rate (1.08): loss 50,000 + 108,000 = 158,000 USD.
    @Test func aBuyerInvoicedInSeveralCurrenciesIsClaimedInTheReportingCurrency() throws {
        var scenario = ClaimsScenario()
        try scenario.send(Fixture.limit(200_000), Fixture.issued("INV-USD", 50_000))
        try scenario.send(.invoiceIssued(InvoiceIssued(buyerId: Fixture.buyer, invoiceId: "INV-EUR", amount: Self.eur(100_000),
                                                       issueDate: Fixture.issueDate, dueDate: Fixture.due, termsDays: 30)))
        try scenario.send(Fixture.insolvency(on: Fixture.due.adding(days: 10)))
        let approved = try #require(scenario.events(.approved).first)
        #expect(approved.invoiceIds == ["INV-EUR", "INV-USD"])
        #expect(approved.loss == Fixture.usd(158_000))
        #expect(approved.indemnity == Fixture.usd(142_200), "90 % × 158,000 USD")
        // A EUR payment lowers the EUR invoice only: 10,000 EUR = 10,800 USD off the loss.
        try scenario.send(.paymentApplied(PaymentApplied(buyerId: Fixture.buyer, invoiceId: "INV-EUR", paymentId: "P-EUR",
                                                         amount: Self.eur(10_000), paymentDate: Fixture.due.adding(days: 12))))
        #expect(scenario.state[invoice: "INV-USD"]?.openAmount == Fixture.usd(50_000))
        scenario.endOfDay(Fixture.day("2024-12-31"))
        #expect(scenario.events(.paid).first?.loss == Fixture.usd(147_200))
    }

    /// A EUR limit caps the buyer's claim converted like the invoices: 50,000 EUR = 54,000 USD.
    @Test func aLimitInAnotherCurrencyIsComparedInTheReportingCurrency() throws {
        var scenario = ClaimsScenario()
        try scenario.send(.insurerLimitDecision(InsurerLimitDecision(buyerId: Fixture.buyer, decisionId: "LIM-EUR", limit: Self.eur(50_000),
                                                                     effectiveDate: Fixture.day("2023-12-01"))),
                          Fixture.issued("INV-1", 120_000), Fixture.insolvency(on: Fixture.due))
        #expect(scenario.events(.approved).first?.indemnity == Fixture.usd(48_600), "90 % × 54,000 USD")
    }

    @Test func aCurrencyWithoutARateIsRefusedNamingItAndNeverSummed() throws {
        var scenario = ClaimsScenario()
        try scenario.send(Fixture.limit(100_000), Fixture.issued("INV-1", 10_000))
        let gbp = InvoiceIssued(buyerId: Fixture.buyer, invoiceId: "INV-GBP", amount: Money(amountMinor: 5_000_00, currency: .gbp),
                                issueDate: Fixture.issueDate, dueDate: Fixture.due, termsDays: 30)
        let before = scenario.state
        #expect(throws: EventRejection.unknownExchangeRate(.gbp, reporting: .usd)) { try scenario.send(.invoiceIssued(gbp)) }
        #expect(scenario.state == before)
        let gbpLimit = InsurerLimitDecision(buyerId: Fixture.buyer, decisionId: "LIM-GBP", limit: Money(amountMinor: 1, currency: .gbp),
                                            effectiveDate: Fixture.issueDate)
        #expect(throws: EventRejection.unknownExchangeRate(.gbp, reporting: .usd, field: "limit.currency")) {
            try scenario.send(.insurerLimitDecision(gbpLimit))
        }
    }
}
