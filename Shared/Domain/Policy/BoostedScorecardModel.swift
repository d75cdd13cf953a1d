import Foundation

/// The boosted financial-strength scorecard: an additive model with one piecewise-constant shape function per
/// ratio, learned by gradient boosting of one-split trees (`credence scorecard fit`), and the calibration that
/// turns its log-odds into a one-year probability of default.
///
/// log-odds = `intercept` + Σ shape(ratio). Every shape is centred (its mean over the training firms is 0), so
/// a contribution reads as "how much this ratio moves the firm away from the average firm".
public struct BoostedScorecardModel: Sendable, Hashable, Codable {
    /// Names the fitted numbers; assessments made with this model carry it as their model version.
    public var version: String
    /// The log-odds of an average firm (every contribution 0).
    public var intercept: Double
    public var shapes: [RatioShape]
    /// How raw log-odds become a probability of default.
    public var calibration: DefaultProbabilityCalibration
    /// The out-of-fold AUC of stratified cross-validation on the training file (fixed seed).
    public var crossValidatedAUC: Double
    /// The AUC on the firms the model was fitted on (optimistic; for comparison only).
    public var trainingAUC: Double
    /// The training file's out-of-fold AUC of the logistic baseline, for comparison.
    public var baselineCrossValidatedAUC: Double?

    public init(version: String, intercept: Double, shapes: [RatioShape], calibration: DefaultProbabilityCalibration,
                crossValidatedAUC: Double, trainingAUC: Double, baselineCrossValidatedAUC: Double? = nil) {
        self.version = version
        self.intercept = intercept
        self.shapes = shapes
        self.calibration = calibration
        self.crossValidatedAUC = crossValidatedAUC
        self.trainingAUC = trainingAUC
        self.baselineCrossValidatedAUC = baselineCrossValidatedAUC
    }
}

/// One ratio's shape function: a step function over `thresholds` plus a contribution for a missing value.
///
/// A value below `thresholds[0]` falls in bin 0, a value in `thresholds[i-1] ..< thresholds[i]` in bin i, a value
/// at or above the last threshold in the last bin; −∞ and +∞ fall in the end bins, NaN and nil in the missing bin.
public struct RatioShape: Sendable, Hashable, Codable {
    /// `X1`…`X64`, the UCI Polish numbering.
    public var ratio: String
    /// Ascending bin boundaries.
    public var thresholds: [Double]
    /// The change in log-odds of default of each bin (`thresholds.count + 1` entries).
    public var contributions: [Double]
    /// The share of training firms in each bin, for "worst n % of firms" in reasons.
    public var shares: [Double]
    public var missingContribution: Double
    public var missingShare: Double

    public init(ratio: String, thresholds: [Double], contributions: [Double], shares: [Double],
                missingContribution: Double, missingShare: Double) {
        self.ratio = ratio
        self.thresholds = thresholds
        self.contributions = contributions
        self.shares = shares
        self.missingContribution = missingContribution
        self.missingShare = missingShare
    }

    /// The bin of a present value (binary search over `thresholds`); nil for a missing or NaN value.
    public func bin(_ value: Double?) -> Int? {
        guard let value, !value.isNaN else { return nil }
        var low = 0, high = thresholds.count
        while low < high {
            let middle = (low + high) / 2
            if value >= thresholds[middle] { low = middle + 1 } else { high = middle }
        }
        return low
    }

    /// The contribution of a value to the log-odds of default.
    public func contribution(_ value: Double?) -> Double {
        bin(value).map { contributions[$0] } ?? missingContribution
    }
}

/// Turns the boosted model's log-odds into a probability of default, fitted on out-of-fold log-odds.
public struct DefaultProbabilityCalibration: Sendable, Hashable, Codable {
    /// `isotonic` (monotone step fit, interpolated between its blocks) or `platt` (a logistic curve).
    public var method: String
    /// Isotonic: the log-odds at the centre of each block, ascending.
    public var logOdds: [Double]?
    /// Isotonic: the observed default rate of each block, non-decreasing.
    public var probabilities: [Double]?
    /// Platt: probability = 1 / (1 + e^−(slope · log-odds + intercept)).
    public var slope: Double?
    public var intercept: Double?
    /// Probabilities are kept within `floor … 1 − floor`: no firm is certain to survive or to fail.
    public var floor: Double

    public init(method: String, logOdds: [Double]? = nil, probabilities: [Double]? = nil, slope: Double? = nil,
                intercept: Double? = nil, floor: Double) {
        self.method = method
        self.logOdds = logOdds
        self.probabilities = probabilities
        self.slope = slope
        self.intercept = intercept
        self.floor = floor
    }

    /// The probability of default of raw log-odds `score`.
    public func probability(_ score: Double) -> Double {
        // Log-odds that are not a number (never from finite contributions) count as the highest risk.
        guard !score.isNaN else { return 1 - floor }
        let raw: Double
        if method == "platt", let slope, let intercept {
            let x = slope * score + intercept
            raw = x >= 0 ? 1 / (1 + exp(-x)) : exp(x) / (1 + exp(x))
        } else if let xs = logOdds, let ys = probabilities, let first = xs.first, let last = xs.last, xs.count == ys.count {
            if score <= first {
                raw = ys[0]
            } else if score >= last {
                raw = ys[ys.count - 1]
            } else {
                var low = 0, high = xs.count - 1  // xs[low] < score < xs[high]
                while high - low > 1 {
                    let middle = (low + high) / 2
                    if xs[middle] <= score { low = middle } else { high = middle }
                }
                let span = xs[high] - xs[low]
                raw = span > 0 ? ys[low] + (score - xs[low]) / span * (ys[high] - ys[low]) : ys[high]
            }
        } else {
            raw = score >= 0 ? 1 / (1 + exp(-score)) : exp(score) / (1 + exp(score))
        }
        return min(max(raw, floor), 1 - floor)
    }
}
