import Domain
import Foundation

/// Fits the scorecard: feature preparation and logistic regression on training rows, and stratified
/// k-fold cross-validation that refits both on each training split and scores the held-out firms.
struct ScorecardFitter {
    /// The ratios the scorecard uses: all 64 UCI ratios (those a statement's amounts define, and the rest
    /// through `FinancialStatement.ratios`).
    static let featureNames = (1...64).map { "X\($0)" }
    /// The seed of the fold assignment, fixed so that a fit is reproducible.
    static let foldSeed: UInt64 = 20_240_601

    var regression = LogisticRegression()

    /// A model fitted on `rows` (raw ratios, one vector per firm) and `labels` (true = bankrupt).
    func fit(rows: [[Double?]], labels: [Bool], template: ScorecardModel) -> ScorecardModel {
        var features = FeaturePreparation.fit(names: Self.featureNames, rows: rows)
        let matrix = FeaturePreparation.matrix(rows, features)
        let fit = regression.fit(matrix: matrix, columns: features.count, labels: labels.map { $0 ? 1 : 0 })
        for index in features.indices { features[index].coefficient = fit.coefficients[index] }
        let baseRate = Double(labels.filter { $0 }.count) / Double(max(labels.count, 1))
        var model = ScorecardModel(version: "", intercept: fit.intercept, features: features,
                                   anchorPoints: template.anchorPoints, anchorProbability: baseRate,
                                   pointsToDoubleOdds: template.pointsToDoubleOdds)
        model.version = Self.version(of: model)
        return model
    }

    /// The out-of-fold log-odds of every firm under stratified `folds`-fold cross-validation.
    func crossValidatedLogOdds(rows: [[Double?]], labels: [Bool], folds: Int, template: ScorecardModel) -> [Double] {
        let assignment = StratifiedFolds.assign(labels: labels, folds: folds, seed: Self.foldSeed)
        var logOdds = [Double](repeating: 0, count: rows.count)
        for fold in 0..<folds {
            let training = rows.indices.filter { assignment[$0] != fold }
            let model = fit(rows: training.map { rows[$0] }, labels: training.map { labels[$0] }, template: template)
            let scorecard = Scorecard(model)
            for row in rows.indices where assignment[row] == fold { logOdds[row] = scorecard.logOdds(rows[row]) }
        }
        return logOdds
    }

    /// `logit-l2-uci64-<12 hex digits of SHA-256 over the coefficients>`: names the fitted numbers.
    static func version(of model: ScorecardModel) -> String {
        var text = "\(model.intercept)"
        for feature in model.features {
            text += "|\(feature.ratio):\(feature.median),\(feature.lower),\(feature.upper),\(feature.mean),"
            text += "\(feature.standardDeviation),\(feature.coefficient)"
        }
        return "logit-l2-uci64-" + SHA256.hexDigest(Array(text.utf8)).prefix(12)
    }
}
