import Domain
import Foundation

/// The financial-strength scorecard of the policy applied to one statement.
public struct Scorecard: Sendable {
    public let model: ScorecardModel

    /// The scorecard of `model`.
    public init(_ model: ScorecardModel) { self.model = model }

    /// The ratio a feature enters the regression with: missing → training median, clipped to the training
    /// percentiles, standardised.
    public static func prepared(_ value: Double?, _ feature: ScorecardFeature) -> Double {
        let clipped = min(max(value ?? feature.median, feature.lower), feature.upper)
        return (clipped - feature.mean) / feature.standardDeviation
    }

    /// The log-odds of default of a firm with these raw ratios (one per feature, in order).
    public func logOdds(_ values: [Double?]) -> Double {
        var total = model.intercept
        for (feature, value) in zip(model.features, values) {
            total += feature.coefficient * Self.prepared(value, feature)
        }
        return total
    }

    /// The probability of default of a statement: the boosted model's calibrated probability when the policy has
    /// one, else the logistic baseline's.
    public func probabilityOfDefault(_ statement: FinancialStatement) -> Double {
        if let boosted = boostedModel(for: statement) { return BoostedScorecard(boosted).probabilityOfDefault(statement) }
        return Self.logistic(logOdds(StatementRatios.values(model.features.map(\.ratio), in: statement)))
    }

    /// The (at most `count`) ratios that cost the statement most financial-strength points against an average firm,
    /// in words and numbers; empty without a boosted model.
    public func reasons(_ statement: FinancialStatement, count: Int = 3) -> [RatioReason] {
        guard let boosted = boostedModel(for: statement) else { return [] }
        return BoostedScorecard(boosted).reasons(statement, pointsToDoubleOdds: model.pointsToDoubleOdds, count: count)
    }

    /// The boosted model that decides for `statement`: the required-fields model when the statement reports
    /// nothing beyond today's required fields, else the full one; nil without a boosted model.
    public func boostedModel(for statement: FinancialStatement) -> BoostedScorecardModel? {
        if let reduced = model.boostedRequiredFields, !StatementRatios.reportsBeyondRequiredFields(statement) { return reduced }
        return model.boosted
    }

    /// Financial-strength points (0–100): `anchorPoints` at `anchorProbability`, `pointsToDoubleOdds` fewer each
    /// time the odds of default double.
    public func points(probabilityOfDefault probability: Double) -> Double {
        let clamped = min(max(probability, 1e-12), 1 - 1e-12)
        let odds = clamped / (1 - clamped)
        let anchorOdds = model.anchorProbability / (1 - model.anchorProbability)
        let points = model.anchorPoints - model.pointsToDoubleOdds * log2(odds / anchorOdds)
        return min(max(points, 0), 100)
    }

    /// 1 / (1 + e^−x), computed without overflow.
    public static func logistic(_ x: Double) -> Double {
        x >= 0 ? 1 / (1 + exp(-x)) : exp(x) / (1 + exp(x))
    }
}
