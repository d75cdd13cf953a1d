import Domain
import Foundation

/// Fits the boosted scorecard: stratified k-fold cross-validation of `ShapeBooster` (out-of-fold log-odds, and the
/// same held-out firms scored from the required statement fields only), the calibration chosen on those out-of-fold
/// log-odds, and the final shapes fitted on every firm.
struct BoostedScorecardFitter {
    var booster = ShapeBooster()

    /// Out-of-fold results of cross-validation.
    struct CrossValidation {
        /// The out-of-fold log-odds of every firm.
        var logOdds: [Double]
        /// The same, each held-out firm scored with only the ratios today's required statement fields define.
        var reducedInputLogOdds: [Double]
        /// The rounds early stopping chose in each fold.
        var rounds: [Int]
    }

    /// Cross-validates on `rows` (raw ratios, columns `names`) with the fold of each row in `folds`.
    func crossValidate(rows: [[Double?]], labels: [Bool], names: [String], folds: [Int], monotone: [String: Int])
        -> CrossValidation {
        let foldCount = (folds.max() ?? 0) + 1
        let kept = Set(StatementRatios.amountRatioNames)
        var result = CrossValidation(logOdds: Array(repeating: 0, count: rows.count),
                                     reducedInputLogOdds: Array(repeating: 0, count: rows.count), rounds: [])
        for fold in 0..<foldCount {
            let training = rows.indices.filter { folds[$0] != fold }
            let fit = booster.fit(rows: training.map { rows[$0] }, labels: training.map { labels[$0] }, names: names,
                                  monotone: monotone)
            result.rounds.append(fit.rounds)
            let scorecard = BoostedScorecard(Self.model(fit, calibration: Self.identity))
            for row in rows.indices where folds[row] == fold {
                result.logOdds[row] = scorecard.logOdds(rows[row])
                let reduced = zip(names, rows[row]).map { kept.contains($0.0) ? $0.1 : nil }
                result.reducedInputLogOdds[row] = scorecard.logOdds(reduced)
            }
        }
        return result
    }

    /// The model fitted on every row, with `calibration`; version and AUCs filled by the caller.
    func fit(rows: [[Double?]], labels: [Bool], names: [String], monotone: [String: Int],
             calibration: DefaultProbabilityCalibration) -> (model: BoostedScorecardModel, rounds: Int) {
        let fit = booster.fit(rows: rows, labels: labels, names: names, monotone: monotone)
        return (Self.model(fit, calibration: calibration), fit.rounds)
    }

    /// A placeholder calibration for raw log-odds (the logistic function).
    static let identity = DefaultProbabilityCalibration(method: "platt", slope: 1, intercept: 0, floor: ProbabilityCalibrator.floor)

    static func model(_ fit: ShapeBooster.Fit, calibration: DefaultProbabilityCalibration) -> BoostedScorecardModel {
        BoostedScorecardModel(version: "", intercept: fit.intercept, shapes: fit.shapes, calibration: calibration,
                              crossValidatedAUC: 0, trainingAUC: 0)
    }

    /// `gam-boost-uci64-<12 hex digits of SHA-256 over the fitted numbers>`.
    static func version(of model: BoostedScorecardModel) -> String {
        var text = "\(model.intercept)"
        for shape in model.shapes {
            text += "|\(shape.ratio):\(shape.thresholds),\(shape.contributions),\(shape.missingContribution)"
        }
        let c = model.calibration
        text += "|\(c.method):\(c.logOdds ?? []),\(c.probabilities ?? []),\(c.slope ?? 0),\(c.intercept ?? 0),\(c.floor)"
        return "gam-boost-uci64-" + SHA256.hexDigest(Array(text.utf8)).prefix(12)
    }
}
