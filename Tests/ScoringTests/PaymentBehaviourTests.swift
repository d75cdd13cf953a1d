import Domain
import Scoring
import Testing

/// DOMAIN.md §3, component 2: PAYDEX and average days beyond terms.
@Suite struct PaymentBehaviourTests {
    let policy = Policy.defaults.scoring.paydex

    func settled(_ amount: Int64, dbt: Int) -> PaymentExperience {
        PaymentExperience(amount: Fixtures.usd(amount), daysBeyondTerms: dbt, settled: true)
    }

    @Test func theWorkedExampleGives68() {
        // 6,000 paid on the due date (80 points) and 4,000 paid 30 days late (50): 0.6·80 + 0.4·50 = 68.
        #expect(PaymentBehaviour.paydex([settled(6_000, dbt: 0), settled(4_000, dbt: 30)], policy: policy) == 68)
    }

    @Test func pointsAreLinearBetweenTableDaysAndFlatBeyondTheEnds() {
        #expect(PaymentBehaviour.paydex([settled(100, dbt: -45)], policy: policy) == 100)
        #expect(PaymentBehaviour.paydex([settled(100, dbt: -25)], policy: policy) == 95)  // halfway −30 → −20
        #expect(PaymentBehaviour.paydex([settled(100, dbt: 45)], policy: policy) == 45)   // halfway 30 → 60
        #expect(PaymentBehaviour.paydex([settled(100, dbt: 150)], policy: policy) == 11)  // 20 − 19·30/60 = 10.5 → 11
        #expect(PaymentBehaviour.paydex([settled(100, dbt: 400)], policy: policy) == 1)
    }

    @Test func theMeanIsRoundedHalfUp() {
        // 30 days late earns 50 and 33 days late 50 − 3·10/30 = 49: equal amounts average 49.5 → 50.
        #expect(PaymentBehaviour.paydex([settled(500, dbt: 30), settled(500, dbt: 33)], policy: policy) == 50)
        // 80 and 49 → 64.5 → 65.
        #expect(PaymentBehaviour.paydex([settled(500, dbt: 0), settled(500, dbt: 33)], policy: policy) == 65)
    }

    @Test func noExperienceIsUnavailable() {
        #expect(PaymentBehaviour.paydex([], policy: policy) == nil)
        #expect(PaymentBehaviour.averageDaysBeyondTerms([]) == nil)
    }

    @Test func averageDaysBeyondTermsWeighsMaxOfZeroAndDBTByAmount() {
        // (6,000·0 + 4,000·30) / 10,000 = 12; paying early counts as 0, not as negative days.
        #expect(PaymentBehaviour.averageDaysBeyondTerms([settled(6_000, dbt: -10), settled(4_000, dbt: 30)]) == 12)
    }

    @Test func experiencesAreTheLast24MonthsSettledPlusOpenOverdueAtCurrentDaysPastDue() {
        let asOf = Fixtures.date("2024-06-30")
        let invoices = [
            TrackedInvoice(invoiceId: "old", amount: Fixtures.usd(1_000), openAmount: .zero(.usd),
                           issueDate: Fixtures.date("2022-05-01"), dueDate: Fixtures.date("2022-05-31"),
                           settledDate: Fixtures.date("2022-06-15")),
            TrackedInvoice(invoiceId: "paid", amount: Fixtures.usd(6_000), openAmount: .zero(.usd),
                           issueDate: Fixtures.date("2024-04-01"), dueDate: Fixtures.date("2024-05-01"),
                           settledDate: Fixtures.date("2024-05-01")),
            TrackedInvoice(invoiceId: "late", amount: Fixtures.usd(5_000), openAmount: Fixtures.usd(4_000),
                           issueDate: Fixtures.date("2024-04-01"), dueDate: Fixtures.date("2024-05-31")),
            TrackedInvoice(invoiceId: "current", amount: Fixtures.usd(9_000), openAmount: Fixtures.usd(9_000),
                           issueDate: Fixtures.date("2024-06-20"), dueDate: Fixtures.date("2024-07-20")),
        ]
        let experiences = PaymentBehaviour.experiences(invoices, asOf: asOf, lookbackMonths: 24)
        // "old" settled more than 24 months ago and "current" is not yet due: only the other two count,
        // the open one at its open amount and its 30 days past due — the worked example again.
        #expect(Set(experiences) == [settled(6_000, dbt: 0),
                                     PaymentExperience(amount: Fixtures.usd(4_000), daysBeyondTerms: 30, settled: false)])
        #expect(PaymentBehaviour.paydex(experiences, policy: policy) == 68)
        #expect(PaymentBehaviour.averageDaysBeyondTerms(experiences) == 0)
    }
}

/// DOMAIN.md §3's rules for short-pays and write-offs, through the scoring state machine.
@Suite struct PaydexPartsTests {
    let policy = Policy.defaults.scoring.paydex

    @Test func aShortPayCountsEachPaymentAtItsOwnDaysBeyondTerms() throws {
        var driver = ProcessorDriver()
        try driver.send("i1", Fixtures.issued("INV-1", 10_000, issue: "2024-01-01", due: "2024-01-31"), on: "2024-01-01")
        try driver.send("e1", LedgerEventsTests.payment("INV-1", 9_900, id: "PAY-1", on: "2024-01-31"), on: "2024-01-31")
        let events = try driver.send("e2", LedgerEventsTests.payment("INV-1", 100, id: "PAY-2", on: "2024-04-01"), on: "2024-04-01")
        // 0.99 · 80 + 0.01 · (40 − 1/3) = 79.6 → 80, not the whole 10,000 at 61 days (≈ 40).
        let assessment = try #require(Fixtures.assessments(events).first)
        #expect(assessment.paydex == 80)
        // Average days beyond terms: 0.01 · 61 = 0.61.
        #expect(assessment.averageDaysBeyondTerms == 0.61)
    }

    @Test func aWriteOffNeverLiftsPaydex() throws {
        var driver = ProcessorDriver()
        try driver.send("i1", Fixtures.issued("A", 6_000, issue: "2024-01-01", due: "2024-01-31"), on: "2024-01-01")
        try driver.send("i2", Fixtures.issued("B", 4_000, issue: "2024-01-01", due: "2024-01-31"), on: "2024-01-01")
        try driver.send("pa", LedgerEventsTests.payment("A", 6_000, id: "PAY-A", on: "2024-01-31"), on: "2024-01-31")
        // 120 days past due on 2024-05-30: 0.6 · 80 + 0.4 · 20 = 56.
        let overdue = try driver.punctuate(on: "2024-05-30")
        #expect(Fixtures.assessments(overdue).first?.paydex == 56)
        let writeOff = DomainEvent.invoiceWrittenOff(InvoiceWrittenOff(buyerId: Fixtures.buyer, invoiceId: "B",
                                                                       amount: Fixtures.usd(4_000), date: Fixtures.date("2024-05-30")))
        try driver.send("w1", writeOff, on: "2024-05-30")
        // Written off, the 4,000 count at the worst points: 0.6 · 80 + 0.4 · 1 = 48.4 → 48, never above 56.
        let figures = PaymentBehaviour.figures(try #require(driver.state).invoices.values, asOf: Fixtures.date("2024-05-30"),
                                               policy: policy)
        #expect(figures.paydex == 48)
        // The average days beyond terms is over settled payments only: the on-time 6,000.
        #expect(figures.averageDaysBeyondTerms == 0)
    }

    @Test func theWorkedExampleStillGives68FromPayments() {
        let invoice = TrackedInvoice(
            invoiceId: "X", amount: Fixtures.usd(10_000), openAmount: .zero(.usd), issueDate: Fixtures.date("2024-01-01"),
            dueDate: Fixtures.date("2024-01-31"), settledDate: Fixtures.date("2024-03-01"),
            payments: [PaymentPart(paymentId: "P1", date: Fixtures.date("2024-01-31"), applied: Fixtures.usd(6_000), amount: Fixtures.usd(6_000)),
                       PaymentPart(paymentId: "P2", date: Fixtures.date("2024-03-01"), applied: Fixtures.usd(4_000), amount: Fixtures.usd(4_000))])
        let figures = PaymentBehaviour.figures([invoice], asOf: Fixtures.date("2024-03-31"), policy: policy)
        #expect(figures.paydex == 68 && figures.averageDaysBeyondTerms == 12)
    }
}
