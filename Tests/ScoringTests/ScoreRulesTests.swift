import Domain
import Scoring
import Testing

/// DOMAIN.md §3: Altman Z″, country and industry risk, events, the weighted score, grade, class and terms.
@Suite struct ScoreRulesTests {
    let scoring = Policy.defaults.scoring

    @Test func altmanZDoublePrimeWorkedExample() {
        // WC/TA 0.20, RE/TA 0.10, EBIT/TA 0.05, BookEquity/TL 0.80:
        // 6.56·0.20 + 3.26·0.10 + 6.72·0.05 + 1.05·0.80 = 1.312 + 0.326 + 0.336 + 0.840 = 2.814 → safe (> 2.60).
        let z = AltmanZDoublePrime.score(workingCapitalToAssets: 0.20, retainedEarningsToAssets: 0.10,
                                         ebitToAssets: 0.05, equityToLiabilities: 0.80)
        #expect(abs(z - 2.814) < 1e-12)
        #expect(AltmanZDoublePrime.zone(z, scoring.altman) == .safe)
    }

    @Test func altmanZonesAreDistressBelow1_10GreyUpTo2_60() {
        #expect(AltmanZDoublePrime.zone(1.09, scoring.altman) == .distress)
        #expect(AltmanZDoublePrime.zone(1.10, scoring.altman) == .grey)
        #expect(AltmanZDoublePrime.zone(2.60, scoring.altman) == .grey)
        #expect(AltmanZDoublePrime.zone(2.61, scoring.altman) == .safe)
    }

    @Test func altmanFromAStatementUsesItsAmounts() throws {
        // The healthy fixture: WC/TA 0.25, RE/TA 0.20, EBIT/TA 0.15, equity/TL 4/6:
        // 1.64 + 0.652 + 1.008 + 0.7 = 4.0.
        guard case .financialStatement(let statement) = Fixtures.healthyStatement() else { Issue.record(); return }
        #expect(abs(try #require(AltmanZDoublePrime.score(statement)) - 4.0) < 1e-9)
    }

    @Test func countryAndIndustryRiskComeFromThePolicyTables() {
        // Germany is level 1 (100 points), manufacturing (C) medium (70): half each → 85.
        let german = CountryIndustryRisk.points(country: "DE", industry: "C", tables: scoring.risk)
        #expect(german.country == 100 && german.industry == 70 && german.total == 85)
        // Argentina level 4 (10), construction (F) very high (10) → 10.
        #expect(CountryIndustryRisk.points(country: "AR", industry: "F", tables: scoring.risk).total == 10)
        // Without a profile: default country level 3 (40) and default industry medium (70) → 55.
        #expect(CountryIndustryRisk.points(country: nil, industry: nil, tables: scoring.risk).total == 55)
    }

    @Test func litigationAndOwnershipChangeCostPointsWhileRemembered() {
        let events = [RememberedEvent(eventId: "l", kind: .litigation, date: Fixtures.date("2024-01-10")),
                      RememberedEvent(eventId: "o", kind: .ownershipChange, date: Fixtures.date("2024-03-01")),
                      RememberedEvent(eventId: "r", kind: .ratingChange, date: Fixtures.date("2024-03-01"), downgrade: true)]
        let penalties = EventsComponent.penalties(events, asOf: Fixtures.date("2024-06-30"), policy: scoring.events)
        #expect(penalties == ["events.litigation": 40, "events.ownershipChange": 25, "events.ratingDowngrade": 20])
        #expect(EventsComponent.points(penalties: penalties) == 15)
        // 365 days after the litigation it no longer counts.
        let later = EventsComponent.penalties(events, asOf: Fixtures.date("2025-01-09"), policy: scoring.events)
        #expect(later["events.litigation"] == nil && later["events.ownershipChange"] == 25)
    }

    @Test func ratingDowngradesAreReadOnTheAgencyScale() {
        #expect(EventsComponent.isDowngrade(from: "A", to: "BBB+"))
        #expect(EventsComponent.isDowngrade(from: "Baa1", to: "Ba2"))
        #expect(!EventsComponent.isDowngrade(from: "BB", to: "BBB"))
        #expect(!EventsComponent.isDowngrade(from: "unknown", to: "D"))
    }

    @Test func theScoreWeighs40_35_15_10() {
        // 0.40·60 + 0.35·68 + 0.15·85 + 0.10·100 = 24 + 23.8 + 12.75 + 10 = 70.55.
        let weighted = WeightedScore.combine(financialStrength: 60, paymentBehaviour: 68, country: 100, industry: 70,
                                             countryShare: 0.5, events: 100, eventPenalties: [:], weights: scoring.weights)
        #expect(weighted.score == 70.55)
        // The factors that moved it most from an average buyer (50): PAYDEX 0.35·18 = 6.3,
        // the country 0.15·0.5·50 = 3.75, financial strength 0.40·10 = 4.
        #expect(weighted.reasons.map(\.factor) == ["paymentBehaviour.paydex", "financialStrength.probabilityOfDefault",
                                                   "countryIndustry.country"])
        #expect(weighted.reasons.map(\.impact) == [6.3, 4, 3.75])
    }

    @Test func anUnavailablePaydexGivesItsWeightToTheOthers() {
        // Without PAYDEX the other weights are divided by 0.65: (24 + 12.75 + 10) / 0.65 = 71.92.
        let weighted = WeightedScore.combine(financialStrength: 60, paymentBehaviour: nil, country: 100, industry: 70,
                                             countryShare: 0.5, events: 100, eventPenalties: [:], weights: scoring.weights)
        #expect(weighted.score == 71.92)
        #expect(!weighted.factors.contains { $0.factor == "paymentBehaviour.paydex" })
    }

    @Test func gradeIsTenMinusTheTensOfTheScoreClampedToOneToTen() {
        let grade = scoring.grade
        #expect(grade.grade(forScore: 70.55) == 3)
        #expect(grade.grade(forScore: 100) == 1 && grade.grade(forScore: 95) == 1)
        #expect(grade.grade(forScore: 49.99) == 6 && grade.grade(forScore: 50) == 5)
        #expect(grade.grade(forScore: 5) == 10 && grade.grade(forScore: 0) == 10)
        #expect(grade.grade(forScore: 99, insolvent: true) == 10)
    }

    @Test func classAndTermsFollowTheGrade() {
        #expect((1...10).map(scoring.creditClass(forGrade:)) == [.a, .a, .a, .a, .b, .b, .c, .c, .c, .c])
        #expect(scoring.terms[.a].openAccountDays == 90 && scoring.terms[.a].prepaymentDiscount == 0.05)
        #expect(scoring.terms[.b].prepaymentShare == 0.30 && scoring.terms[.b].guaranteeRequired)
        #expect(scoring.terms[.c].prepaymentShare == 1 && scoring.terms[.c].collateralAccepted)
    }
}
