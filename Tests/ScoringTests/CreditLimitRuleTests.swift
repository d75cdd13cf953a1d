import Domain
import Scoring
import Testing

/// DOMAIN.md §3 credit limit: 10 % of book equity × the grade factor, capped per class and by the insurer.
@Suite struct CreditLimitRuleTests {
    let policy = Policy.defaults.scoring.limit

    func limit(equity: Int64?, grade: Int, insolvent: Bool = false, insurer: Int64? = nil) -> Money {
        CreditLimitRule.limit(bookEquity: equity.map(Fixtures.usd), grade: grade,
                              creditClass: Policy.defaults.scoring.creditClass(forGrade: grade), insolvent: insolvent,
                              insurerLimit: insurer.map(Fixtures.usd), policy: policy, reportingCurrency: .usd)
    }

    @Test func tenPercentOfBookEquityTimesTheGradeFactor() {
        // 1,000,000 equity: grade 3 → 100,000 × 1.15 = 115,000; grade 5 → × 0.8 = 80,000; grade 7 → × 0.35 = 35,000.
        #expect(limit(equity: 1_000_000, grade: 3) == Fixtures.usd(115_000))
        #expect(limit(equity: 1_000_000, grade: 5) == Fixtures.usd(80_000))
        #expect(limit(equity: 1_000_000, grade: 7) == Fixtures.usd(35_000))
        #expect(limit(equity: 1_000_000, grade: 10) == Fixtures.usd(0))
    }

    @Test func theClassCapLimitsLargeBuyers() {
        // 100,000,000 equity at grade 1: 10,000,000 × 1.5 = 15,000,000, capped at class A's 5,000,000.
        #expect(limit(equity: 100_000_000, grade: 1) == Fixtures.usd(5_000_000))
        // Class C caps at 200,000: 10,000,000 × 0.35 = 3,500,000 → 200,000.
        #expect(limit(equity: 100_000_000, grade: 7) == Fixtures.usd(200_000))
    }

    @Test func theInsurersLimitCapsTheRecommendation() {
        #expect(limit(equity: 1_000_000, grade: 3, insurer: 50_000) == Fixtures.usd(50_000))
        #expect(limit(equity: 1_000_000, grade: 3, insurer: 500_000) == Fixtures.usd(115_000))
    }

    @Test func insolventNegativeEquityAndUnratedBuyers() {
        #expect(limit(equity: 1_000_000, grade: 1, insolvent: true) == Fixtures.usd(0))
        #expect(limit(equity: -500_000, grade: 4) == Fixtures.usd(0))
        #expect(limit(equity: nil, grade: 4) == policy.unratedLimit)
    }
}
