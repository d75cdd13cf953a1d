import Domain
import Foundation
import Runtime
@testable import Scoring
import Testing

/// The scoring processor end to end at the function level: envelopes in, envelopes out.
@Suite struct ScoringProcessorTests {
    @Test func theStageReadsSignalsAndInvoicesAndThePositionsTable() {
        let processor = ScoringProcessor(policy: .defaults)
        #expect(processor.name == "scoring" && ScoringStage.name == "scoring")
        #expect(processor.inputTopics == ["buyer.signals", "erp.invoices"])
        #expect(processor.globalTables.map(\.topic) == ["receivables.positions", "credit.assessments"])
        #expect(processor.source == "credence/scoring")
    }

    @Test func signalsAndInvoicesInAssessmentsOut() throws {
        var driver = ProcessorDriver()
        // A profile alone: no statement (unrated: limit 0), no payment experience (PAYDEX unavailable).
        let first = try driver.send("p1", Fixtures.profile(), on: "2024-01-10")
        let unrated = try #require(Fixtures.assessments(first).first)
        #expect(first.map(\.topic) == ["credit.assessments"])
        #expect(unrated.creditLimit == Fixtures.usd(0) && unrated.paydex == nil && unrated.probabilityOfDefault == nil)
        #expect(unrated.components.countryIndustry == 85)
        // Country, industry and events alone score 91 (grade 1), but without a statement the grade is at best 5:
        // class B terms, not class A's open account.
        #expect(unrated.score == 91)
        #expect(unrated.grade == 5 && unrated.creditClass == .b, "grade \(unrated.grade), class \(unrated.creditClass)")
        #expect(unrated.modelVersion == Policy.defaults.scoring.scorecard.version && unrated.policyVersion == 1)
        // The output id derives from the cause, so a replay produces the same id.
        #expect(first[0].id == EventIdentity.derive(source: "credence/scoring", causeSource: "test/erp", causeId: "p1",
                                                    discriminator: "assessment"))

        let rated = try #require(Fixtures.assessments(try driver.send("s1", Fixtures.healthyStatement(), on: "2024-01-20")).first)
        let policy = Policy.defaults.scoring
        #expect(rated.altmanZDoublePrime == 4.0)
        #expect(rated.probabilityOfDefault.map { $0 > 0 && $0 < 0.05 } == true)
        // The score says grade 3, but the statement's PD (1.08 %) is in the 1–2 % band: grade 5 at best.
        let band = try #require(rated.probabilityOfDefault.flatMap { policy.grade.grade(forProbabilityOfDefault: $0) })
        #expect(rated.probabilityOfDefaultGrade == band && band == 5)
        #expect(rated.grade == max(policy.grade.grade(forScore: rated.score), band))
        #expect(rated.creditClass == policy.creditClass(forGrade: rated.grade))
        #expect(rated.terms == policy.terms[rated.creditClass])
        // 10 % of 4,000,000 equity × the grade's factor.
        #expect(rated.creditLimit == (try Fixtures.usd(400_000).multiplied(by: policy.limit.factor(forGrade: rated.grade))))
        #expect(rated.reasons.count == 3)

        // Issuing an invoice not yet due changes nothing in the assessment: nothing is published.
        #expect(try driver.send("i1", Fixtures.issued("INV-1", 6_000, issue: "2024-02-01", due: "2024-03-02"), on: "2024-02-01").isEmpty)
        // Paid on the due date: PAYDEX 80, and a new assessment.
        let paid = try #require(Fixtures.assessments(try driver.send("pay1", Fixtures.paid("INV-1", 6_000, on: "2024-03-02"),
                                                                     on: "2024-03-02")).first)
        #expect(paid.paydex == 80 && paid.averageDaysBeyondTerms == 0)
        #expect(paid.components.paymentBehaviour == 80)
    }

    @Test func theWorkedPaydexExampleThroughTheProcessor() throws {
        var driver = ProcessorDriver()
        try driver.send("i1", Fixtures.issued("A", 6_000, issue: "2024-01-01", due: "2024-01-31"), on: "2024-01-01")
        try driver.send("i2", Fixtures.issued("B", 4_000, issue: "2024-01-01", due: "2024-01-31"), on: "2024-01-01")
        try driver.send("pa", Fixtures.paid("A", 6_000, on: "2024-01-31"), on: "2024-01-31")
        let events = try driver.send("pb", Fixtures.paid("B", 4_000, on: "2024-03-01"), on: "2024-03-01")
        let assessment = try #require(Fixtures.assessments(events).first)
        #expect(assessment.paydex == 68 && assessment.averageDaysBeyondTerms == 12)
    }

    @Test func anAssessmentIsPublishedOnlyWhenItChanges() throws {
        var driver = ProcessorDriver()
        try driver.send("p1", Fixtures.profile(), on: "2024-01-10")
        try driver.send("s1", Fixtures.healthyStatement(), on: "2024-01-10")
        // The same profile again (a new provider message), and a daily re-assessment: nothing changed.
        #expect(try driver.send("p2", Fixtures.profile(), on: "2024-01-11").isEmpty)
        #expect(try driver.punctuate(on: "2024-01-12").isEmpty)
        // An older statement than the one held is ignored.
        #expect(try driver.send("s0", Fixtures.distressedStatement(periodEnd: "2022-12-31"), on: "2024-01-13").isEmpty)
        // A move to a high-risk country does change it.
        let moved = try driver.send("p3", Fixtures.profile(country: "AR"), on: "2024-01-14")
        #expect(Fixtures.assessments(moved).first?.components.countryIndustry == 40)
    }

    @Test func insolvencyForcesGrade10ClassCLimitZeroAndAnAlert() throws {
        var driver = ProcessorDriver()
        try driver.send("p1", Fixtures.profile(), on: "2024-01-10")
        let before = try #require(Fixtures.assessments(try driver.send("s1", Fixtures.healthyStatement(), on: "2024-01-10")).first)
        let events = try driver.send("x1", Fixtures.external("ins-1", .insolvencyFiling, on: "2024-02-01"), on: "2024-02-01")

        let assessment = try #require(Fixtures.assessments(events).first)
        #expect(assessment.insolvent && assessment.grade == 10 && assessment.creditClass == .c)
        #expect(assessment.creditLimit == Fixtures.usd(0) && assessment.score == 0)
        #expect(assessment.terms == Policy.defaults.scoring.terms.c)
        #expect(assessment.reasons.first?.factor == "events.insolvencyFiling")

        let alerts = Fixtures.alerts(events)
        let insolvent = try #require(alerts.first { $0.alertType == .buyerInsolvent })
        #expect(insolvent.severity == .critical && insolvent.figures["grade"] == 10)
        #expect(insolvent.amounts?["creditLimit"] == Fixtures.usd(0))
        #expect(events.contains { $0.id == insolvent.alertId })
        // Falling from a healthy grade to 10 is also a downgrade.
        let downgrade = try #require(alerts.first { $0.alertType == .gradeDowngrade })
        #expect(downgrade.figures["previousGrade"] == Double(before.grade) && downgrade.figures["grade"] == 10)
        // A repeated report of the filing changes nothing.
        #expect(try driver.send("x2", Fixtures.external("ins-2", .insolvencyFiling, on: "2024-02-02"), on: "2024-02-02").isEmpty)
    }

    @Test func slowPaymentDowngradesWithAnAlert() throws {
        // The grade the score gives: the healthy statement's PD band (grade 5) would hide the fall from grade 3 to 5.
        var unbanded = Policy.defaults
        unbanded.scoring.grade.probabilityOfDefaultBands = nil
        var driver = ProcessorDriver(processor: ScoringProcessor(policy: unbanded))
        try driver.send("p1", Fixtures.profile(), on: "2024-01-10")
        try driver.send("s1", Fixtures.healthyStatement(), on: "2024-01-10")
        try driver.send("i1", Fixtures.issued("A", 1_000, issue: "2024-01-01", due: "2024-01-31"), on: "2024-01-11")
        try driver.send("i2", Fixtures.issued("B", 50_000, issue: "2024-01-01", due: "2024-01-31"), on: "2024-01-11")
        let before = try #require(Fixtures.assessments(try driver.send("pa", Fixtures.paid("A", 1_000, on: "2024-01-31"),
                                                                       on: "2024-01-31")).first)
        #expect(before.paydex == 80)
        // B paid 180 days late: PAYDEX (1,000·80 + 50,000·1) / 51,000 = 2.55 → 3, 27 points × 0.35 lost at least.
        let events = try driver.send("pb", Fixtures.paid("B", 50_000, on: "2024-07-29"), on: "2024-07-29")
        let after = try #require(Fixtures.assessments(events).first)
        #expect(after.paydex == 3)
        #expect(after.grade > before.grade)
        let alert = try #require(Fixtures.alerts(events).first { $0.alertType == .gradeDowngrade })
        #expect(alert.figures["previousGrade"] == Double(before.grade) && alert.figures["grade"] == Double(after.grade))
        #expect(alert.severity == (after.creditClass == .c && before.creditClass != .c ? .critical : .warning))
        #expect(alert.alertId == EventIdentity.derive(source: "credence/scoring", causeSource: "test/erp", causeId: "pb",
                                                      discriminator: "alert:grade.downgrade"))
    }

    @Test func aDistressedStatementIsInTheAltmanDistressZone() throws {
        var driver = ProcessorDriver()
        let events = try driver.send("s2", Fixtures.distressedStatement(), on: "2024-08-01")
        let assessment = try #require(Fixtures.assessments(events).first)
        // 6.56·(−0.7) + 3.26·(−0.4) + 6.72·(−0.25) + 1.05·(−2/12) = −4.592 − 1.304 − 1.68 − 0.175 = −7.751.
        #expect(assessment.altmanZDoublePrime == -7.751)
        // Negative equity earns no limit whatever the grade.
        #expect(assessment.creditLimit == Fixtures.usd(0))
    }

    @Test func litigationCostsPointsAndForcesAReview() throws {
        var driver = ProcessorDriver()
        try driver.send("p1", Fixtures.profile(), on: "2024-01-10")
        let events = try driver.send("x1", Fixtures.external("lit-1", .litigation, on: "2024-02-01"), on: "2024-02-01")
        #expect(Fixtures.assessments(events).first?.components.events == 60)
        let review = try #require(Fixtures.alerts(events).first)
        #expect(review.alertType.rawValue == "credit.review.litigation" && review.severity == .warning)
        // The provider repeats the same event: no second review.
        #expect(try driver.send("x1-again", Fixtures.external("lit-1", .litigation, on: "2024-02-01"), on: "2024-02-02").isEmpty)
        let ownership = try driver.send("x2", Fixtures.external("own-1", .ownershipChange, on: "2024-02-03"), on: "2024-02-03")
        #expect(Fixtures.alerts(ownership).first?.alertType.rawValue == "credit.review.ownershipChange")
        #expect(Fixtures.assessments(ownership).first?.components.events == 35)
    }

    @Test func overdueOfTenPercentOfTheLimitRaisesOneReview() throws {
        var driver = ProcessorDriver()
        try driver.send("s1", Fixtures.healthyStatement(), on: "2024-01-10")
        try driver.send("i1", Fixtures.issued("BIG", 100_000, issue: "2024-01-02", due: "2024-02-01"), on: "2024-01-10")
        let limit = try #require(driver.state?.lastAssessment?.creditLimit)
        #expect(limit.amountMinor > 0 && limit.amountMinor <= 100_000_000)  // so 100,000 overdue is ≥ 10 % of it
        let events = try driver.punctuate(on: "2024-02-02")
        let review = try #require(Fixtures.alerts(events).first { $0.alertType.rawValue == "credit.review.overdueRatio" })
        #expect(review.amounts?["overdueAmount"] == Fixtures.usd(100_000))
        #expect(review.figures["overdueShareOfLimit"].map { $0 >= 0.10 } == true)
        // Still overdue the next day: the condition holds on, no second alert.
        #expect(!Fixtures.alerts(try driver.punctuate(on: "2024-02-03")).contains { $0.alertType.rawValue == "credit.review.overdueRatio" })
    }

    @Test func daysToPayUpTwentyPercentOnThePrevious90DaysRaisesAReview() throws {
        var driver = ProcessorDriver()
        try driver.send("i1", Fixtures.issued("A", 1_000, issue: "2024-01-15", due: "2024-02-14"), on: "2024-01-15")
        try driver.send("pa", Fixtures.paid("A", 1_000, on: "2024-02-14"), on: "2024-02-14")  // 30 days to pay
        try driver.send("i2", Fixtures.issued("B", 1_000, issue: "2024-05-01", due: "2024-05-31"), on: "2024-05-01")
        let events = try driver.send("pb", Fixtures.paid("B", 1_000, on: "2024-06-10"), on: "2024-06-10")  // 40 days
        let review = try #require(Fixtures.alerts(events).first)
        #expect(review.alertType.rawValue == "credit.review.paymentSlowdown")
        #expect(review.figures["averageDaysToPay"] == 40 && review.figures["previousAverageDaysToPay"] == 30)
    }

    @Test func badInputOnlyTheStateRevealsIsRefusedWithTheStateUnchanged() throws {
        var driver = ProcessorDriver()
        try driver.send("i1", Fixtures.issued("A", 1_000, issue: "2024-01-15", due: "2024-02-14"), on: "2024-01-15")
        let unknown = driver.outcome("pay", Fixtures.paid("NOPE", 10, on: "2024-02-01"), on: "2024-02-01")
        #expect(unknown.rejection?.code == .unknownInvoice && unknown.state == driver.state && unknown.outputs.isEmpty)
        let duplicate = driver.outcome("i1-again", Fixtures.issued("A", 1_000, issue: "2024-01-15", due: "2024-02-14"), on: "2024-01-16")
        #expect(duplicate.rejection?.code == .duplicateEvent && duplicate.state == driver.state)
    }

    @Test func stateIsBoundedToTheLookback() throws {
        var driver = ProcessorDriver()
        try driver.send("i1", Fixtures.issued("OLD", 1_000, issue: "2022-01-01", due: "2022-01-31"), on: "2022-01-01")
        try driver.send("p1", Fixtures.paid("OLD", 1_000, on: "2022-01-31"), on: "2022-01-31")
        try driver.send("i2", Fixtures.issued("NEW", 1_000, issue: "2024-01-01", due: "2024-01-31"), on: "2024-01-01")
        #expect(driver.state?.invoices.keys.sorted() == ["NEW", "OLD"])
        try driver.punctuate(on: "2024-02-01")  // OLD settled more than 24 months ago
        #expect(driver.state?.invoices.keys.sorted() == ["NEW"])
        // NEW is open and one day overdue on 2024-02-01: PAYDEX from it alone, at 1 day beyond terms.
        #expect(driver.state?.lastAssessment?.paydex == 79)
    }

    @Test func stateSurvivesTheChangelogAsJSON() throws {
        var driver = ProcessorDriver()
        try driver.send("p1", Fixtures.profile(), on: "2024-01-10")
        try driver.send("s1", Fixtures.healthyStatement(), on: "2024-01-10")
        try driver.send("i1", Fixtures.issued("A", 1_000, issue: "2024-01-15", due: "2024-02-14"), on: "2024-01-15")
        let state = try #require(driver.state)
        let restored = try JSONDecoder().decode(ScoringState.self, from: JSONEncoder().encode(state))
        #expect(restored == state)
    }
}
