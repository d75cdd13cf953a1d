import Domain
import Foundation
@testable import Scoring
import TestSupport
import Testing

/// The boosted scorecard (scorecard v2): its bins, its learner, its calibration, its reasons, and the published
/// model used by the scoring processor.
@Suite struct BoostedScorecardTests {
    static let shape = RatioShape(ratio: "X1", thresholds: [0, 0.1], contributions: [0.8, 0, -0.5], shares: [0.2, 0.5, 0.25],
                                  missingContribution: 1.2, missingShare: 0.05)

    @Test func aValueFallsInTheBinOfItsThresholdsAndAMissingOneInItsOwnBin() {
        let shape = Self.shape
        #expect(shape.bin(-3) == 0 && shape.bin(0) == 1 && shape.bin(0.05) == 1 && shape.bin(0.1) == 2 && shape.bin(7) == 2)
        #expect(shape.bin(-.infinity) == 0 && shape.bin(.infinity) == 2)
        #expect(shape.bin(nil) == nil && shape.bin(.nan) == nil)
        #expect(shape.contribution(-1) == 0.8 && shape.contribution(nil) == 1.2 && shape.contribution(.nan) == 1.2)
    }

    @Test func thresholdsAreQuantileMidpointsThatKeepTiesTogetherAndIgnoreNonFiniteValues() {
        // 0…99: four bins cut between 24|25, 49|50, 74|75.
        #expect(ShapeBooster.thresholds((0..<100).map { Double($0) }, maximumBins: 4) == [24.5, 49.5, 74.5])
        // Mostly one value: no cut inside the tie.
        let tied: [Double?] = Array(repeating: 1.0, count: 90) + (0..<10).map { Double($0 + 2) } + [nil, .infinity, -.infinity]
        // 90 firms at 1, then 2…11: every quantile cut lands in the tie and moves up to between 1 and 2.
        #expect(ShapeBooster.thresholds(tied, maximumBins: 4) == [1.5])
        #expect(ShapeBooster.thresholds([nil, nil], maximumBins: 4).isEmpty)
    }

    /// Synthetic firms: the risk rises with x1 except for a dip in the middle; x2 is noise with a missing share that
    /// defaults more often. A +1 constraint on x1 must give a non-decreasing shape.
    static func synthetic(count: Int = 3_000) -> (rows: [[Double?]], labels: [Bool]) {
        var generator = SplitMix64(seed: 42)
        func uniform() -> Double { Double(generator.next() >> 11) / Double(1 << 53) }
        var rows: [[Double?]] = [], labels: [Bool] = []
        for _ in 0..<count {
            let x1 = uniform() * 4 - 2
            let x2: Double? = uniform() < 0.1 ? nil : uniform()
            let dip = abs(x1) < 0.3 ? -1.5 : 0
            let logit = -3 + 1.2 * x1 + dip + (x2 == nil ? 1.0 : 0)
            rows.append([x1, x2])
            labels.append(uniform() < 1 / (1 + exp(-logit)))
        }
        return (rows, labels)
    }

    @Test func fittingTwiceGivesTheSameModelAndAMonotoneConstraintHolds() {
        let (rows, labels) = Self.synthetic()
        let booster = ShapeBooster(maximumBins: 32, maximumRounds: 400, patience: 50)
        let first = booster.fit(rows: rows, labels: labels, names: ["X1", "X2"], monotone: ["X1": 1])
        let second = booster.fit(rows: rows, labels: labels, names: ["X1", "X2"], monotone: ["X1": 1])
        #expect(first.shapes == second.shapes && first.intercept == second.intercept && first.rounds == second.rounds)
        let x1 = first.shapes[0].contributions
        #expect(zip(x1, x1.dropFirst()).allSatisfy { $0 <= $1 }, "\(x1)")
        #expect(x1.last! - x1.first! > 2)  // the risk rises across the range
        // The missing bin of x2 learned that a missing value is riskier than a present one.
        let x2 = first.shapes[1]
        #expect(x2.missingContribution > (x2.contributions.max() ?? 0))
        // Centred: the shares-weighted mean contribution of every shape is 0.
        for shape in first.shapes {
            let mean = zip(shape.contributions, shape.shares).reduce(shape.missingContribution * shape.missingShare) { $0 + $1.0 * $1.1 }
            #expect(abs(mean) < 1e-9)
        }
    }

    @Test func extremeAndNonFiniteRatiosNeverBreakFittingOrScoring() {
        var (rows, labels) = Self.synthetic(count: 600)
        rows[0] = [.infinity, .nan]
        rows[1] = [-.infinity, 1e308]
        rows[2] = [-1e308, -.infinity]
        let fit = ShapeBooster(maximumRounds: 100, patience: 20).fit(rows: rows, labels: labels, names: ["X1", "X2"])
        let model = BoostedScorecardModel(version: "t", intercept: fit.intercept, shapes: fit.shapes,
                                          calibration: BoostedScorecardFitter.identity, crossValidatedAUC: 0, trainingAUC: 0)
        let scorecard = BoostedScorecard(model)
        for row in rows.prefix(3) + [[nil, nil]] {
            let logOdds = scorecard.logOdds(row)
            #expect(logOdds.isFinite)
            #expect((0...1).contains(model.calibration.probability(logOdds)))
        }
        #expect(model.calibration.probability(.nan).isFinite)
    }

    @Test func isotonicCalibrationIsMonotoneAndPlattIsAnIncreasingCurve() {
        let (rows, labels) = Self.synthetic()
        let scores = rows.map { ($0[0] ?? 0) * 1.2 - 3 }
        let isotonic = ProbabilityCalibrator.isotonic(scores: scores, labels: labels)
        let ys = isotonic.probabilities ?? []
        #expect(!ys.isEmpty && zip(ys, ys.dropFirst()).allSatisfy { $0 <= $1 })
        let platt = ProbabilityCalibrator.platt(scores: scores, labels: labels)
        #expect((platt.slope ?? 0) > 0)
        let grid = stride(from: -8.0, through: 8.0, by: 0.05).map { $0 }
        for calibration in [isotonic, platt, Policy.defaults.scoring.scorecard.boosted!.calibration] {
            let probabilities = grid.map(calibration.probability)
            #expect(zip(probabilities, probabilities.dropFirst()).allSatisfy { $0 <= $1 })
            #expect(probabilities.allSatisfy { $0 >= calibration.floor && $0 <= 1 - calibration.floor })
        }
    }

    @Test func theReliabilityTableCountsEveryFirmInBandsOfPrediction() {
        let probabilities = (0..<100).map { Double($0) / 100 }
        let labels = (0..<100).map { $0 >= 90 }
        let table = ProbabilityCalibrator.reliability(probabilities, labels, bands: 10)
        #expect(table.count == 10 && table.map(\.firms).reduce(0, +) == 100)
        #expect(table[9].observedRate == 1 && table[0].observedRate == 0 && abs(table[0].meanPredicted - 0.045) < 1e-12)
        #expect(ProbabilityCalibrator.brier([1, 0], [true, false]) == 0 && ProbabilityCalibrator.brier([0.5], [true]) == 0.25)
    }

    @Test func reasonsNameTheRatiosThatCostMostPointsInWordsAndNumbers() {
        let model = BoostedScorecardModel(version: "t", intercept: -3, shapes: [Self.shape], calibration: BoostedScorecardFitter.identity,
                                          crossValidatedAUC: 0, trainingAUC: 0)
        var statement = FinancialStatement(
            buyerId: BuyerId("b"), periodEnd: try! CalendarDate("2024-12-31"), totalAssets: Money(amountMinor: 1_000_000, currency: .usd),
            totalLiabilities: Money(amountMinor: 500_000, currency: .usd), currentAssets: Money(amountMinor: 300_000, currency: .usd),
            shortTermLiabilities: Money(amountMinor: 200_000, currency: .usd), workingCapital: Money(amountMinor: 100_000, currency: .usd),
            retainedEarnings: Money(amountMinor: 0, currency: .usd), ebit: Money(amountMinor: -100_000, currency: .usd),
            bookEquity: Money(amountMinor: 500_000, currency: .usd), sales: Money(amountMinor: 2_000_000, currency: .usd),
            netProfit: Money(amountMinor: -120_000, currency: .usd))
        let reasons = BoostedScorecard(model).reasons(statement, pointsToDoubleOdds: 10)
        // Net profit / total assets −0.12 is in bin 0 (contribution 0.8): 20 % of firms are there, none worse but the
        // missing bin's 5 %: worst 25 %; 0.8 log-odds × 10 / ln 2 = 11.5 points.
        #expect(reasons.count == 1)
        #expect(reasons.first?.text == "net profit / total assets −0.12 is in the worst 25 % of firms (−12 points)")
        statement.netProfit = Money(amountMinor: 500_000, currency: .usd)
        #expect(BoostedScorecard(model).reasons(statement, pointsToDoubleOdds: 10).isEmpty)  // better than average
        // Worse than average by 0.03 log-odds, 0.4 points: too little to be a reason ("0 points").
        var slight = Self.shape
        slight.contributions = [0.03, 0, -0.5]
        let slightModel = BoostedScorecardModel(version: "t", intercept: -3, shapes: [slight],
                                                calibration: BoostedScorecardFitter.identity, crossValidatedAUC: 0, trainingAUC: 0)
        statement.netProfit = Money(amountMinor: -120_000, currency: .usd)
        #expect(BoostedScorecard(slightModel).reasons(statement, pointsToDoubleOdds: 10).isEmpty)
        #expect(BoostedScorecard(slightModel).reasons(statement, pointsToDoubleOdds: 20).first?.points.rounded() == -1)
    }

    /// A statement through the scoring processor is decided by the published boosted models: the required-fields
    /// model for a statement of today's required fields alone, the full model when the provider gives more ratios;
    /// the assessment carries the model's version, its calibrated probability and the ratios behind the
    /// financial-strength reason.
    @Test func theProcessorScoresAStatementWithThePublishedBoostedModel() throws {
        let scorecard = Policy.defaults.scoring.scorecard
        let full = try #require(scorecard.boosted), required = try #require(scorecard.boostedRequiredFields)
        #expect(scorecard.version == full.version && full.version.hasPrefix("gam-boost-uci64-"))
        guard case .financialStatement(var statement) = Fixtures.distressedStatement() else { Issue.record("not a statement"); return }
        #expect(Scorecard(scorecard).boostedModel(for: statement) == required)
        var withRatios = statement
        withRatios.ratios = ["X22": -0.25, "X27": -3]
        #expect(Scorecard(scorecard).boostedModel(for: withRatios) == full)

        for (model, input) in [(required, statement), (full, withRatios)] {
            var driver = ProcessorDriver()
            statement = input
            let assessment = try #require(Fixtures.assessments(try driver.send("s1", .financialStatement(input), on: "2024-07-01")).first)
            #expect(assessment.modelVersion == full.version)
            #expect(assessment.probabilityOfDefault == BoostedScorecard(model).probabilityOfDefault(input))
            if model == required { #expect((assessment.probabilityOfDefault ?? 0) > 0.1) }  // losses, negative equity
            let reason = try #require(assessment.reasons.first { $0.factor == "financialStrength.probabilityOfDefault" })
            let expected = BoostedScorecard(model).reasons(input, pointsToDoubleOdds: scorecard.pointsToDoubleOdds).map(\.text)
            #expect(!expected.isEmpty && reason.detail == expected.joined(separator: "; "))
        }
    }
}
