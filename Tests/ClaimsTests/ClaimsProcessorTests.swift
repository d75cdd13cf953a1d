import Claims
import Domain
import Foundation
import Runtime
import Testing

/// The processor at the function level: envelopes in, encoded records out, bad input refused.
@Suite struct ClaimsProcessorTests {
    let processor = ClaimsProcessor(policy: Fixture.policy())

    /// Feeds events one by one (each with its own id, at midnight of `date`); returns the outcomes.
    func run(_ events: [(DomainEvent, String)], state: BuyerClaimsState? = nil) -> (state: BuyerClaimsState?, outcomes: [Outcome<BuyerClaimsState>]) {
        var current = state
        var outcomes: [Outcome<BuyerClaimsState>] = []
        for (index, (event, date)) in events.enumerated() {
            let envelope = EventEnvelope(id: "evt-\(index)", source: "erp/test", time: Timestamp(date: Fixture.day(date)), event: event)
            let context = ProcessingContext(now: envelope.time.date, key: event.buyerId.rawValue,
                                            causeID: EventStageIdentity.inputID(envelope), partition: 0)
            let outcome = processor.process(state: current, input: envelope, context: context)
            if outcome.rejection == nil { current = outcome.state }
            outcomes.append(outcome)
        }
        return (current, outcomes)
    }

    func decode(_ outcome: Outcome<BuyerClaimsState>) -> [EventEnvelope] {
        outcome.outputs.map { record in
            try! record.envelope()
        }
    }

    var workedExample: [(DomainEvent, String)] {
        [(Fixture.limit(), "2023-12-01"), (Fixture.issued(), "2024-01-02"), (Fixture.creditHold(), "2024-04-02"),
         (Fixture.claimTrigger(), "2024-05-02")]
    }

    /// Punctuates at midnight after `day` (the processor judges the day before `now`).
    func punctuate(_ state: BuyerClaimsState, after day: String) -> Outcome<BuyerClaimsState> {
        let now = Timestamp(date: Fixture.day(day).adding(days: 1))
        return processor.punctuate(state: state, key: Fixture.buyer.rawValue,
                                   context: ProcessingContext(now: now.date, key: Fixture.buyer.rawValue,
                                                              causeID: "\(Fixture.buyer)@\(now.millisecondsSinceEpoch)", partition: 0))
    }

    @Test func theStageReadsItsFiveTopicsAndTheClaimsTable() {
        #expect(processor.name == "claims" && ClaimsStage.name == "claims")
        #expect(processor.source == "credence/claims")
        #expect(processor.inputTopics == ["dunning.actions", "buyer.signals", "credit.assessments", "erp.invoices", "receivables.overdue",
                                          "collections.updates"])
        #expect(processor.globalTables.map(\.topic) == ["claims.events"])
    }

    @Test func claimEventsAndAlertsGoToTheirTopicsWithStableIds() throws {
        let first = run(workedExample), second = run(workedExample)
        let outputs = first.outcomes.flatMap(\.outputs)
        #expect(outputs.map(\.topic) == ["claims.events", "claims.events", "claims.events", "credence.alerts"])
        #expect(outputs.map(\.id) == second.outcomes.flatMap(\.outputs).map(\.id), "a replay yields the same ids")
        #expect(Set(outputs.map(\.id)).count == outputs.count)
        let alert = try #require(first.outcomes.last.flatMap { decode($0).last?.alert })
        #expect(alert.alertType == .claimFiled && alert.alertId == outputs.last?.id)
    }

    @Test func theStateSurvivesItsChangelogEncoding() throws {
        let state = try #require(run(workedExample).state)
        let restored = try JSONDecoder().decode(BuyerClaimsState.self, from: try JSONEncoder().encode(state))
        #expect(restored == state)
    }

    @Test func everyClaimEventAfterAPayoutCarriesThePolicyYearFigures() throws {
        let state = try #require(run(workedExample).state)
        let payout = punctuate(state, after: "2024-09-29")
        let paid = try #require(decode(payout).compactMap(\.claimEvent).first)
        #expect(paid.state == .paid && paid.indemnity == Fixture.usd(90_000))
        #expect(paid.policyYearStart == Fixture.day("2024-01-01"))
        #expect(paid.yearToDateIndemnity == Fixture.usd(90_000) && paid.yearToDateDeductible == Fixture.usd(0))
        #expect(decode(payout).compactMap(\.alert).map(\.alertType) == [.claimPaid])
        // The paid record, read back as another instance's table, uses up that much of the year's liability.
        let paidState = try #require(payout.state)
        let value = try #require(payout.outputs.first { $0.topic == "claims.events" }?.value)
        let others = PolicyYearUsage.others(excluding: "B-999", policyYearStart: Fixture.day("2024-01-01"), currency: .usd,
                                            table: [Fixture.buyer.rawValue: try #require(PolicyYearUsage.table.decode(value))])
        #expect(others.indemnity == Fixture.usd(90_000))
        #expect(punctuate(paidState, after: "2024-09-30").outputs.isEmpty, "paid once")
    }

    @Test func aPunctuationWithNothingToDoKeepsTheState() throws {
        let state = try #require(run([(Fixture.limit(), "2023-12-01"), (Fixture.issued(), "2024-01-02")]).state)
        let outcome = punctuate(state, after: "2024-02-10")
        #expect(outcome.outputs.isEmpty && outcome.state == state)
    }

    @Test func aSignalThatChangesNothingKeepsNoState() {
        let assessment = CreditAssessment(buyerId: "B-NEW", assessedAt: Timestamp(date: Fixture.due), score: 70, grade: 3,
                                          creditClass: .a, creditLimit: Fixture.usd(10_000),
                                          terms: CreditTerms(openAccountDays: 60, prepaymentShare: 0), reasons: [],
                                          modelVersion: "test", policyVersion: 1, components: ScoreComponents())
        let result = run([(.creditAssessment(assessment), "2024-02-01")])
        #expect(result.state == nil && result.outcomes[0].rejection == nil)
    }

    @Test(arguments: [
        (Fixture.payment(10, id: "P-1", invoice: "NO-SUCH", on: Fixture.due), EventRejection.Code.unknownInvoice, "invoiceId"),
        (Fixture.payment(10, id: "P-1", on: Fixture.due, currency: .eur), .mixedCurrency, "amount.currency"),
        (Fixture.issued(), .duplicateEvent, "invoiceId"),
        (Fixture.limit(), .duplicateEvent, "decisionId"),
        (Fixture.claimTrigger(invoice: "NO-SUCH"), .unknownReference, "invoiceId"),
        (.invoiceIssued(InvoiceIssued(buyerId: Fixture.buyer, invoiceId: "INV-GBP", amount: Money(amountMinor: 100, currency: .gbp),
                                      issueDate: Fixture.issueDate, dueDate: Fixture.due, termsDays: 30)), .unknownExchangeRate, "amount.currency"),
    ])
    func badInputIsRefusedNamingTheField(event: DomainEvent, code: EventRejection.Code, field: String) throws {
        let result = run([(Fixture.limit(), "2023-12-01"), (Fixture.issued(), "2024-01-02"), (event, "2024-03-01")])
        let rejection = try #require(result.outcomes.last?.rejection)
        #expect(rejection.code == code)
        #expect(rejection.field == field)
    }

    @Test func aRepeatedPaymentIdIsRefused() throws {
        let payment = Fixture.payment(10, id: "P-1", on: Fixture.due)
        let result = run([(Fixture.issued(), "2024-01-02"), (payment, "2024-02-01"), (payment, "2024-02-02")])
        #expect(result.outcomes[1].rejection == nil)
        #expect(result.outcomes[2].rejection?.code == .duplicateEvent)
        #expect(result.state?[invoice: "INV-1"]?.openAmount == Fixture.usd(119_990), "counted once")
    }

    /// Issue 17 §8: the published claim shows the interest dunning stated to date (not only the claims state).
    @Test func thePublishedClaimCarriesInterestToDate() throws {
        let trigger = DunningAction(buyerId: Fixture.buyer, invoiceId: "INV-1", level: 4, action: .claimTrigger, channel: .insurer,
                                    date: Fixture.due.adding(days: 91), daysPastDue: 91, openAmount: Fixture.usd(120_000),
                                    interest: Fixture.usd(3_640))
        let result = run([(Fixture.limit(), "2023-12-01"), (Fixture.issued(), "2024-01-02"), (.dunningAction(trigger), "2024-05-01")])
        let claims = result.outcomes.flatMap(decode).compactMap(\.claimEvent)
        let filed = try #require(claims.first { $0.state == .filed })
        #expect(filed.interest == Fixture.usd(3_640))
    }

    @Test func aBuyerWithOnlyALimitIsDormantAndOneWithAnInsuredInvoiceIsNot() throws {
        let limited = try #require(run([(Fixture.limit(), "2023-12-01")]).state)
        #expect(processor.isDormant(limited))
        // What the runner skips is what punctuating would have done: nothing, on any day.
        var day = Fixture.day("2023-12-01")
        for _ in 0..<400 {
            let outcome = punctuate(limited, after: "\(day)")
            #expect(outcome.outputs.isEmpty && outcome.state == limited)
            day = day.adding(days: 1)
        }
        let insured = try #require(run(workedExample).state)
        #expect(!processor.isDormant(insured))
    }
}
