import Domain
import Foundation

/// The boosted scorecard of the policy applied to one statement: log-odds as the sum of the ratios' shape
/// contributions, the calibrated probability of default, and the ratios that weigh most against the firm.
public struct BoostedScorecard: Sendable {
    public let model: BoostedScorecardModel

    /// The scorecard of `model`.
    public init(_ model: BoostedScorecardModel) { self.model = model }

    /// Raw log-odds of default of a firm with these ratios (one per shape, in order; nil = missing).
    @_optimize(speed)
    public func logOdds(_ values: [Double?]) -> Double {
        var total = model.intercept
        for (shape, value) in zip(model.shapes, values) { total += shape.contribution(value) }
        return total
    }

    /// The calibrated probability of default of a statement.
    public func probabilityOfDefault(_ statement: FinancialStatement) -> Double {
        model.calibration.probability(logOdds(StatementRatios.values(model.shapes.map(\.ratio), in: statement)))
    }

    /// The ratios whose contributions raise the firm's risk most against the average firm (contribution 0), worst
    /// first, at most `count`; `pointsToDoubleOdds` converts log-odds into financial-strength points. A ratio that
    /// costs less than half a point is no reason: its text would say "0 points".
    public func reasons(_ statement: FinancialStatement, pointsToDoubleOdds: Double, count: Int = 3) -> [RatioReason] {
        let reasons = model.shapes.compactMap { shape -> RatioReason? in
            let value = StatementRatios.value(shape.ratio, in: statement)
            let contribution = shape.contribution(value)
            guard contribution > 0, pointsToDoubleOdds * contribution / log(2) >= 0.5 else { return nil }
            // The share of training firms whose contribution is at least as bad as this one.
            var worse = 0.0
            for (bin, share) in zip(shape.contributions, shape.shares) where bin >= contribution { worse += share }
            if shape.missingContribution >= contribution { worse += shape.missingShare }
            return RatioReason(ratio: shape.ratio, value: value, contribution: contribution,
                               points: -pointsToDoubleOdds * contribution / log(2), worstShare: worse)
        }
        return Array(reasons.sorted { $0.contribution != $1.contribution ? $0.contribution > $1.contribution : $0.ratio < $1.ratio }
            .prefix(count))
    }
}

/// One ratio that weighs against a firm: its value, its contribution to the log-odds of default, the
/// financial-strength points it costs, and how rare so bad a contribution is among the training firms.
public struct RatioReason: Sendable, Hashable {
    public var ratio: String
    /// nil when the statement does not give it (the missing bin decided).
    public var value: Double?
    public var contribution: Double
    /// Negative: financial-strength points lost against an average firm.
    public var points: Double
    /// The share of training firms with a contribution at least this bad (0…1).
    public var worstShare: Double

    /// E.g. "net profit / total assets −0.12 is in the worst 10 % of firms (−14 points)".
    public var text: String {
        let shown = value.map(Self.format) ?? "not reported"
        let percent = max(1, Int((worstShare * 100).rounded(.up)))
        let points = Int(self.points.rounded())
        return "\(UCIRatioLabels.label(ratio)) \(shown) is in the worst \(percent) % of firms (\(points < 0 ? "−" : "")\(abs(points)) points)"
    }

    /// Up to four significant digits, a true minus sign.
    static func format(_ value: Double) -> String {
        guard value.isFinite else { return value.isNaN ? "not a number" : (value > 0 ? "∞" : "−∞") }
        let magnitude = abs(value)
        let text = magnitude >= 1_000 ? String(format: "%.0f", magnitude)
            : magnitude >= 1 ? String(format: "%.2f", magnitude) : String(format: "%.3g", magnitude)
        return (value < 0 ? "−" : "") + text
    }
}
