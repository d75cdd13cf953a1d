import Domain
import Foundation
@testable import Scoring
import Testing

/// The policy's one-year PD bands grade a statement, the band caps the overall grade, and every assessment with a
/// statement names the ratios that cost it most (issue 20, docs/scorecard.md).
@Suite struct ProbabilityOfDefaultBandTests {
    let grade = Policy.defaults.scoring.grade

    @Test func theSeedBandsGradeOneBelowATenthOfAPercentAndNineFromTwentyPercent() {
        #expect(grade.probabilityOfDefaultBands == [0.001, 0.0025, 0.005, 0.01, 0.02, 0.04, 0.08, 0.20])
        let cases: [(Double, Int)] = [(0, 1), (0.0003, 1), (0.000999, 1), (0.001, 2), (0.0024, 2), (0.0025, 3), (0.005, 4),
                                      (0.0099, 4), (0.01, 5), (0.02, 6), (0.0386, 6), (0.04, 7), (0.08, 8), (0.1999, 8),
                                      (0.20, 9), (0.9997, 9), (1, 9), (.nan, 9)]
        for (probability, expected) in cases {
            #expect(grade.grade(forProbabilityOfDefault: probability) == expected, "PD \(probability)")
        }
        var unbanded = grade
        unbanded.probabilityOfDefaultBands = nil
        #expect(unbanded.grade(forProbabilityOfDefault: 0.5) == nil)
    }

    /// The distressed fixture (losses, negative equity) has a PD above 20 %: band grade 9, so its grade is 9 or
    /// worse however well it pays; its financial reasons are the scorecard's ratio reasons, in words and numbers.
    @Test func anAssessmentWithAStatementCarriesItsBandAndItsThreeWorstRatios() throws {
        guard case .financialStatement(let statement) = Fixtures.distressedStatement() else { Issue.record("not a statement"); return }
        var driver = ProcessorDriver()
        let assessment = try #require(Fixtures.assessments(try driver.send("s1", .financialStatement(statement), on: "2024-07-01")).first)
        let probability = try #require(assessment.probabilityOfDefault)
        let band = try #require(assessment.probabilityOfDefaultGrade)
        #expect(band == grade.grade(forProbabilityOfDefault: probability))
        #expect(probability > 0.1 && band >= 8)
        #expect(assessment.grade >= band)

        let scorecard = Scorecard(Policy.defaults.scoring.scorecard)
        let expected = scorecard.reasons(statement)
        let reasons = try #require(assessment.financialReasons)
        #expect(!reasons.isEmpty && reasons.count <= 3)
        #expect(reasons.map(\.detail) == expected.map(\.text))
        #expect(reasons.map(\.factor) == expected.map { "financialStrength.\($0.ratio)" })
        #expect(reasons.allSatisfy { $0.impact < 0 })
        #expect(zip(reasons, reasons.dropFirst()).allSatisfy { $0.impact <= $1.impact }, "worst first")
        for reason in reasons {
            let text = try #require(reason.detail)
            #expect(text.contains(" is in the worst ") && text.contains(" % of firms (−") && text.hasSuffix(" points)"), "\(text)")
            #expect(reason.impact <= -0.5, "a reason costs at least half a point: \(text)")
        }
    }

    /// With the bands pushed down, the same buyer's band is grade 9 whatever its score says: the band caps how good
    /// the grade can be, and the overall score (and so DOMAIN.md §3's score grade) is unchanged.
    @Test func theBandCapsTheGradeButNotTheScore() throws {
        guard case .financialStatement(let statement) = Fixtures.distressedStatement() else { Issue.record("not a statement"); return }
        var state = ScoringState()
        state.statement = statement
        let time = Timestamp(date: Fixtures.date("2024-07-01"), hour: 12)
        var unbanded = Policy.defaults
        unbanded.scoring.grade.probabilityOfDefaultBands = nil
        var strict = Policy.defaults
        strict.scoring.grade.probabilityOfDefaultBands = [1e-9, 2e-9, 3e-9, 4e-9, 5e-9, 6e-9, 7e-9, 8e-9]
        let free = BuyerAssessor(policy: unbanded).assess(state, buyerId: Fixtures.buyer, assessedAt: time)
        let capped = BuyerAssessor(policy: strict).assess(state, buyerId: Fixtures.buyer, assessedAt: time)
        #expect(free.probabilityOfDefaultGrade == nil && capped.probabilityOfDefaultGrade == 9)
        #expect(capped.score == free.score)
        #expect(capped.grade == max(free.grade, 9))
        #expect(free.financialReasons == capped.financialReasons)
    }

    @Test func aBuyerWithoutAStatementHasNoBandAndNoFinancialReasons() throws {
        let assessment = BuyerAssessor(policy: .defaults).assess(ScoringState(), buyerId: Fixtures.buyer,
                                                                 assessedAt: Timestamp(date: Fixtures.date("2024-07-01"), hour: 12))
        #expect(assessment.probabilityOfDefault == nil && assessment.probabilityOfDefaultGrade == nil)
        #expect(assessment.financialReasons == nil)
    }
}
