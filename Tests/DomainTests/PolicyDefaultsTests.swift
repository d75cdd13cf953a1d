import Foundation
import Testing
@testable import Domain

/// The default policy holds DOMAIN.md's numbers, literally, and the published file holds the defaults.
@Suite struct PolicyDefaultsTests {
    let policy = Policy.defaults

    @Test func publishedPolicyFileEqualsTheDefaults() throws {
        let loaded = try Policy.load(from: RepositoryRoot.file("policy/default.json"))
        #expect(loaded == Policy.defaults)
        #expect(loaded.version == 1)
    }

    @Test func defaultsAreValid() throws {
        try Policy.defaults.validate()
    }

    @Test func scoringWeightsAre40_35_15_10() {
        let w = policy.scoring.weights
        #expect([w.financialStrength, w.paymentBehaviour, w.countryIndustry, w.events] == [0.40, 0.35, 0.15, 0.10])
    }

    @Test func paydexTableAndTheWorkedExample() {
        let table = policy.scoring.paydex.points.map { [$0.daysBeyondTerms, $0.points] }
        #expect(table == [[-30, 100], [-20, 90], [0, 80], [15, 70], [22, 60], [30, 50], [60, 40], [90, 30], [120, 20], [180, 1]])
        #expect(policy.scoring.paydex.lookbackMonths == 24)
        let paydex = policy.scoring.paydex
        // 6,000 paid on the due date (80) and 4,000 paid 30 days late (50) → 68.
        let weighted = (6_000 * paydex.points(forDaysBeyondTerms: 0) + 4_000 * paydex.points(forDaysBeyondTerms: 30)) / 10_000
        #expect(weighted.rounded(.toNearestOrAwayFromZero) == 68)
        #expect(paydex.points(forDaysBeyondTerms: -45) == 100)
        #expect(paydex.points(forDaysBeyondTerms: 200) == 1)
        #expect(paydex.points(forDaysBeyondTerms: 45) == 45)
    }

    @Test func gradeClassAndAltmanZones() {
        let grade = policy.scoring.grade
        let numbers: [Int] = [grade.base, grade.minimum, grade.maximum, grade.insolvencyGrade]
        #expect(numbers == [10, 1, 10, 10])
        #expect(grade.scoreDivisor == 10)
        #expect(grade.grade(forScore: 100) == 1 && grade.grade(forScore: 55) == 5 && grade.grade(forScore: 0) == 10)
        #expect(grade.grade(forScore: 95, insolvent: true) == 10)
        let classes = policy.scoring.classes.map { [$0.minimumGrade, $0.maximumGrade] }
        #expect(classes == [[1, 4], [5, 6], [7, 10]])
        #expect(policy.scoring.classes.map(\.creditClass) == [.a, .b, .c])
        #expect((1...10).map { policy.scoring.creditClass(forGrade: $0) } == [.a, .a, .a, .a, .b, .b, .c, .c, .c, .c])
        #expect(policy.scoring.altman == AltmanZones(distressBelow: 1.10, safeAbove: 2.60))
    }

    @Test func termsByClass() {
        let terms = policy.scoring.terms
        #expect(terms.a.openAccountDays == 90 && terms.a.prepaymentDiscount == 0.05 && terms.a.prepaymentShare == 0)
        #expect(terms.b.prepaymentShare == 0.30 && terms.b.guaranteeRequired && terms.b.openAccountDays == nil)
        #expect(terms.c.prepaymentShare == 1.0 && terms.c.collateralAccepted)
    }

    @Test func creditLimitRule() {
        let limit = policy.scoring.limit
        #expect(limit.bookEquityShare == 0.10)
        #expect(limit.gradeFactors == [1.5, 1.3, 1.15, 1.0, 0.8, 0.6, 0.35, 0.2, 0.1, 0])
        #expect(limit.factor(forGrade: 3) == 1.15 && limit.factor(forGrade: 11) == 0)
        #expect(limit.unratedLimit == Money(amountMinor: 0, currency: .usd))
        #expect(limit.insurerLimitCaps)
    }

    @Test func reviewTriggers() {
        let t = policy.scoring.reviewTriggers
        #expect(t.orderSurgeRatio == 1.5 && t.averageOrderLookbackMonths == 6)
        #expect(t.paymentSlowdownShare == 0.20 && t.paymentSlowdownComparisonDays == 90)
        #expect(t.overdueShareOfLimit == 0.10)
        #expect(t.periodicReviewDays == 90 && t.periodicReviewLargestExposures == 20)
    }

    @Test func riskTablesUseLevelsOneToFourAndFourIndustryLevels() {
        let risk = policy.scoring.risk
        #expect(risk.countryLevel("DE") == 1 && risk.countryLevel("PL") == 2 && risk.countryLevel("BR") == 3)
        #expect(risk.countryLevel("AR") == 4 && risk.countryLevel("ZZ") == 3)
        #expect(Set(risk.countryRisk.values) == [1, 2, 3, 4])
        #expect(Set(risk.industryRisk.values) == Set(IndustryRisk.allCases))
        #expect(risk.industryLevel("F") == .veryHigh && risk.industryLevel("unknown") == .medium)
    }

    @Test func monitoringNumbers() {
        let m = policy.monitoring
        #expect(m.agingBuckets.map(\.name) == ["current", "1-30", "31-60", "61-90", "90+"])
        #expect(m.agingBuckets.map(\.maximumDaysPastDue) == [0, 30, 60, 90, nil])
        #expect(m.kpiPeriodMonths == 3)
        #expect(m.overdueAlertDays == [1, 15, 31, 61, 91])
        #expect(m.concentrationShare == 0.20)
    }

    @Test func dunningTable() {
        let d = policy.dunning
        #expect(d.levels.map { [$0.level, $0.fromDaysPastDue] } == [[0, -3], [1, 1], [2, 31], [3, 61], [4, 91]])
        #expect(d.levels.map(\.toDaysPastDue) == [0, 30, 60, 90, nil])
        #expect(d.levels[0].actions == [.preDueReminder] && d.levels[0].channels == [.email])
        #expect(d.levels[1].actions == [.reminder] && d.levels[1].channels == [.email])
        #expect(d.levels[2].actions == [.phoneCall, .formalNotice] && d.levels[2].channels.contains(.letter))
        #expect(d.levels[3].actions == [.creditHold, .collectionHandover])
        #expect(d.levels[4].actions == [.claimTrigger])
        #expect(d.level(forDaysPastDue: 15)?.level == 1 && d.level(forDaysPastDue: 91)?.level == 4)
        #expect(d.level(forDaysPastDue: -10) == nil)
        let standard = d.tiers[.standard]
        #expect(standard.graceDays == 0 && standard.repeatReminderDay == 15 && standard.preDueReminder)
        #expect(d.interest.marginPercentagePoints == 8)
        #expect(d.interest.compensation == Money(amountMinor: 4_000, currency: .eur))
        #expect(d.minimumAmount == Money(amountMinor: 1_000_000, currency: .usd))
        #expect(d.automaticOnlyUntilDays == 90)
    }

    @Test func claimsNumbers() {
        let c = policy.claims
        #expect(c.insuredPercentage == 0.90)
        #expect(c.maximumExtensionDays == 60 && c.notificationDeadlineDays == 30)
        #expect(c.waitingPeriodDays == 150 && c.responseWorkingDays == 15 && c.fileAfterDaysPastDue == 90)
        #expect(c.aggregateFirstLoss.amountMinor >= 0 && c.maximumLiability.amountMinor > 0)
    }

    @Test func customerTiersEachHaveAPolicy() {
        #expect(CustomerTier.allCases.map { policy.dunning.tiers[$0].repeatReminderDay } == [15, 15, 15])
        #expect(policy.dunning.tiers[.strategic].escalationDelayDays > policy.dunning.tiers[.standard].escalationDelayDays)
    }
}
