import Domain
import Foundation

/// Fits the calibration from out-of-fold log-odds to a probability of default, and measures it.
///
/// Two candidates: isotonic regression (pool-adjacent-violators, interpolated between the centres of its blocks)
/// and Platt scaling (a logistic curve of the log-odds). Each is judged by the Brier score of a cross-validated
/// calibration (fitted on the other folds' firms, applied to each fold's own); Platt is kept when it is as good as
/// isotonic (its Brier score not higher), isotonic otherwise.
enum ProbabilityCalibrator {
    /// No firm is certain to survive or to fail: probabilities stay within 0.03 % … 99.97 %.
    static let floor = 0.0003

    /// What deciding the calibration measured.
    struct Choice: Sendable, Hashable {
        var calibration: DefaultProbabilityCalibration
        var isotonicBrier: Double
        var plattBrier: Double
        /// The reliability table of the chosen method's cross-validated probabilities.
        var reliability: [ReliabilityBand]
    }

    /// Decides and fits the calibration of out-of-fold `scores` (log-odds), using the same `folds` to judge it.
    static func choose(scores: [Double], labels: [Bool], folds: [Int]) -> Choice {
        let foldCount = (folds.max() ?? 0) + 1
        var isotonicOut = [Double](repeating: 0, count: scores.count), plattOut = isotonicOut
        for fold in 0..<foldCount {
            let training = scores.indices.filter { folds[$0] != fold }
            let isotonic = self.isotonic(scores: training.map { scores[$0] }, labels: training.map { labels[$0] })
            let platt = self.platt(scores: training.map { scores[$0] }, labels: training.map { labels[$0] })
            for row in scores.indices where folds[row] == fold {
                isotonicOut[row] = isotonic.probability(scores[row])
                plattOut[row] = platt.probability(scores[row])
            }
        }
        let isotonicBrier = brier(isotonicOut, labels), plattBrier = brier(plattOut, labels)
        let usePlatt = plattBrier <= isotonicBrier
        let calibration = usePlatt ? platt(scores: scores, labels: labels) : isotonic(scores: scores, labels: labels)
        return Choice(calibration: calibration, isotonicBrier: isotonicBrier, plattBrier: plattBrier,
                      reliability: reliability(usePlatt ? plattOut : isotonicOut, labels))
    }

    /// Isotonic regression of the labels on the scores (equal scores pooled first), as block centres and rates.
    static func isotonic(scores: [Double], labels: [Bool]) -> DefaultProbabilityCalibration {
        let order = scores.indices.sorted { scores[$0] != scores[$1] ? scores[$0] < scores[$1] : $0 < $1 }
        // Blocks: total score, total label, weight.
        var blocks: [(score: Double, label: Double, weight: Double)] = []
        var previous: Double?
        for row in order {
            let label = labels[row] ? 1.0 : 0.0
            if let previous, previous == scores[row] {
                blocks[blocks.count - 1].score += scores[row]
                blocks[blocks.count - 1].label += label
                blocks[blocks.count - 1].weight += 1
            } else {
                blocks.append((scores[row], label, 1))
            }
            previous = scores[row]
            while blocks.count > 1 {
                let last = blocks[blocks.count - 1], before = blocks[blocks.count - 2]
                guard before.label / before.weight >= last.label / last.weight else { break }
                blocks.removeLast()
                blocks[blocks.count - 1] = (before.score + last.score, before.label + last.label, before.weight + last.weight)
            }
        }
        var xs: [Double] = [], ys: [Double] = []
        for block in blocks {
            let centre = block.score / block.weight
            if let last = xs.last, centre <= last { continue }  // cannot happen for distinct pooled scores; kept safe
            xs.append(centre)
            ys.append(block.label / block.weight)
        }
        return DefaultProbabilityCalibration(method: "isotonic", logOdds: xs, probabilities: ys, floor: floor)
    }

    /// Platt scaling: an unpenalised logistic regression of the labels on the scores.
    static func platt(scores: [Double], labels: [Bool]) -> DefaultProbabilityCalibration {
        let fit = LogisticRegression(lambda: 0).fit(matrix: scores, columns: 1, labels: labels.map { $0 ? 1 : 0 })
        return DefaultProbabilityCalibration(method: "platt", slope: fit.coefficients[0], intercept: fit.intercept, floor: floor)
    }

    /// The mean squared difference between probability and outcome.
    static func brier(_ probabilities: [Double], _ labels: [Bool]) -> Double {
        zip(probabilities, labels).reduce(0) { $0 + ($1.0 - ($1.1 ? 1 : 0)) * ($1.0 - ($1.1 ? 1 : 0)) }
            / Double(max(probabilities.count, 1))
    }

    /// The firms in `bands` equal-count bands of predicted probability, lowest first.
    static func reliability(_ probabilities: [Double], _ labels: [Bool], bands: Int = 10) -> [ReliabilityBand] {
        let order = probabilities.indices.sorted { probabilities[$0] != probabilities[$1] ? probabilities[$0] < probabilities[$1] : $0 < $1 }
        return (0..<bands).compactMap { band in
            let members = order[(band * order.count / bands)..<((band + 1) * order.count / bands)]
            guard let first = members.first, let last = members.last else { return nil }
            let count = Double(members.count)
            return ReliabilityBand(firms: members.count, meanPredicted: members.reduce(0) { $0 + probabilities[$1] } / count,
                                  observedRate: Double(members.filter { labels[$0] }.count) / count,
                                  lowestPredicted: probabilities[first], highestPredicted: probabilities[last])
        }
    }
}
