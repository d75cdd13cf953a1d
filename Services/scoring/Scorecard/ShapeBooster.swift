import Domain
import Foundation

/// Gradient boosting of one-split trees on histogram bins: the learner behind the boosted scorecard.
///
/// Each ratio is cut into at most `maximumBins` quantile bins of the training values plus a bin of its own for a
/// missing value. Every round fits the log-loss gradient with the single best split of any one ratio (Newton leaf
/// values, L2-regularised, at least `minimumChildFirms` firms a side; a missing value goes to whichever side gains
/// more; a missing bin with fewer than `minimumChildFirms` firms is never moved, so an unseen missing value counts as
/// an average firm's), shrinks it by `learningRate` and adds it to that ratio's shape. Rounds stop when the log-loss on an
/// inner stratified fold has not improved for `patience` rounds; the shapes are then refitted on every training
/// firm for the best number of rounds. A ratio with a monotone constraint only takes splits whose right side is
/// riskier (+1) or safer (−1) than its left, so its shape stays monotone. No randomness beyond the fixed-seed
/// inner fold: fitting the same rows twice gives the same shapes, bit for bit.
struct ShapeBooster {
    var maximumBins = 64
    var learningRate = 0.2
    var maximumRounds = 3_000
    var patience = 150
    var l2 = 1.0
    var minimumChildFirms = 20
    /// The seed of the inner fold that decides when to stop.
    var seed: UInt64 = 20_240_601

    /// Fitted shapes, centred, with the intercept that absorbs their means.
    struct Fit {
        var intercept: Double
        var shapes: [RatioShape]
        /// Rounds of the final fit (the best round of early stopping).
        var rounds: Int
    }

    /// Fits one shape per column of `rows` (`names[column]` names it) on 0/1 `labels`.
    func fit(rows: [[Double?]], labels: [Bool], names: [String], monotone: [String: Int] = [:]) -> Fit {
        let columns = names.count
        let thresholds = (0..<columns).map { column in Self.thresholds(rows.map { $0[column] }, maximumBins: maximumBins) }
        let directions = names.map { monotone[$0] ?? 0 }
        let data = BinnedRows(rows: rows, thresholds: thresholds)
        let inner = StratifiedFolds.assign(labels: labels, folds: 5, seed: seed)
        let training = rows.indices.filter { inner[$0] != 0 }
        let validation = rows.indices.filter { inner[$0] == 0 }
        let stopped = boost(data, labels: labels, training: training, validation: validation, rounds: maximumRounds,
                            directions: directions)
        let final = boost(data, labels: labels, training: Array(rows.indices), validation: [], rounds: stopped.bestRounds,
                          directions: directions)
        return centred(final.table, intercept: final.intercept, data: data, names: names, thresholds: thresholds,
                       rounds: stopped.bestRounds)
    }

    /// Bin boundaries of one ratio: midpoints below quantile values of the finite present values, ascending, distinct.
    static func thresholds(_ values: [Double?], maximumBins: Int) -> [Double] {
        let sorted = values.compactMap { $0 }.filter(\.isFinite).sorted()
        guard sorted.count > 1 else { return [] }
        var cuts: [Double] = []
        for quantile in 1..<maximumBins {
            var index = quantile * sorted.count / maximumBins
            guard index > 0 else { continue }
            // Ties stay together: the cut moves up to the next distinct value.
            while index < sorted.count && sorted[index] == sorted[index - 1] { index += 1 }
            guard index < sorted.count else { break }
            let above = sorted[index], below = sorted[index - 1]
            let cut = below / 2 + above / 2
            if cuts.last.map({ $0 < cut }) ?? true { cuts.append(cut) }
        }
        return cuts
    }

    /// The outcome of boosting: per ratio, one contribution per bin (the last is the missing bin).
    private struct Boosted {
        var intercept: Double
        var table: [[Double]]
        var bestRounds: Int
    }

    private func boost(_ data: BinnedRows, labels: [Bool], training: [Int], validation: [Int], rounds: Int,
                       directions: [Int]) -> Boosted {
        let positives = training.reduce(0.0) { $0 + (labels[$1] ? 1 : 0) }
        let base = min(max(positives / Double(max(training.count, 1)), 1e-6), 1 - 1e-6)
        let intercept = log(base / (1 - base))
        let stride = data.stride
        var table = [Double](repeating: 0, count: data.columns * stride)
        let train = data.subset(training), valid = data.subset(validation)
        let trainLabels = training.map { labels[$0] ? 1.0 : 0.0 }, validLabels = validation.map { labels[$0] ? 1.0 : 0.0 }
        var trainScores = [Double](repeating: intercept, count: training.count)
        var validScores = [Double](repeating: intercept, count: validation.count)
        var counts = [Double](repeating: 0, count: data.columns * stride)
        train.bins.withUnsafeBufferPointer { bins in
            for column in 0..<data.columns {
                for row in 0..<train.rows { counts[column * stride + Int(bins[column * train.rows + row])] += 1 }
            }
        }
        var gradients = [Double](repeating: 0, count: data.columns * stride)
        var hessians = [Double](repeating: 0, count: data.columns * stride)
        var bestLoss = Double.infinity, bestRound = 0, round = 0
        while round < rounds {
            Self.histograms(bins: train.bins, rows: train.rows, columns: data.columns, stride: stride, scores: trainScores,
                            labels: trainLabels, gradients: &gradients, hessians: &hessians)
            guard let split = bestSplit(gradients: gradients, hessians: hessians, counts: counts, data: data,
                                        directions: directions) else { break }
            var delta = [Double](repeating: 0, count: stride)
            for bin in 0..<data.presentBins[split.column] { delta[bin] = learningRate * (bin < split.position ? split.left : split.right) }
            // A missing bin with too few firms to learn from stays at the average firm's contribution.
            if counts[split.column * stride + data.missingBin(split.column)] >= Double(minimumChildFirms) {
                delta[data.missingBin(split.column)] = learningRate * (split.missingLeft ? split.left : split.right)
            }
            for bin in 0..<stride { table[split.column * stride + bin] += delta[bin] }
            Self.apply(delta, column: split.column, to: &trainScores, bins: train.bins, rows: train.rows)
            round += 1
            if !validation.isEmpty {
                Self.apply(delta, column: split.column, to: &validScores, bins: valid.bins, rows: valid.rows)
                let loss = Self.logLoss(validScores, validLabels)
                if loss < bestLoss - 1e-12 {
                    bestLoss = loss
                    bestRound = round
                } else if round - bestRound >= patience {
                    break
                }
            } else {
                bestRound = round
            }
        }
        let rows = (0..<data.columns).map { Array(table[($0 * stride)..<($0 * stride + stride)]) }
        return Boosted(intercept: intercept, table: rows, bestRounds: bestRound)
    }

    private struct Split {
        var column: Int
        /// Present bins below `position` go left.
        var position: Int
        var missingLeft: Bool
        var left: Double
        var right: Double
        var gain: Double
    }

    /// The split of highest gain over every ratio, or nil when no split gains anything.
    @_optimize(speed)
    private func bestSplit(gradients: [Double], hessians: [Double], counts: [Double], data: BinnedRows,
                           directions: [Int]) -> Split? {
        var best: Split?
        let minimum = Double(minimumChildFirms)
        for column in 0..<data.columns {
            let offset = column * data.stride
            let present = data.presentBins[column]
            let missing = offset + data.missingBin(column)
            var totalG = gradients[missing], totalH = hessians[missing], totalN = counts[missing]
            for bin in 0..<present {
                totalG += gradients[offset + bin]
                totalH += hessians[offset + bin]
                totalN += counts[offset + bin]
            }
            let parent = totalG * totalG / (totalH + l2)
            func consider(_ position: Int, _ missingLeft: Bool, _ g: Double, _ h: Double, _ n: Double) {
                let rg = totalG - g, rh = totalH - h, rn = totalN - n
                guard n >= minimum, rn >= minimum else { return }
                let left = -g / (h + l2), right = -rg / (rh + l2)
                if position > 0 && position < present {
                    if directions[column] > 0 && left > right { return }
                    if directions[column] < 0 && left < right { return }
                }
                let gain = g * g / (h + l2) + rg * rg / (rh + l2) - parent
                if gain > 1e-12 && gain > (best?.gain ?? 0) {
                    best = Split(column: column, position: position, missingLeft: missingLeft, left: left, right: right, gain: gain)
                }
            }
            let missingG = gradients[missing], missingH = hessians[missing], missingN = counts[missing]
            consider(0, true, missingG, missingH, missingN)  // a missing value against every present one
            var g = 0.0, h = 0.0, n = 0.0
            for position in 1..<max(present, 1) {
                g += gradients[offset + position - 1]
                h += hessians[offset + position - 1]
                n += counts[offset + position - 1]
                consider(position, false, g, h, n)
                if missingN > 0 { consider(position, true, g + missingG, h + missingH, n + missingN) }
            }
        }
        return best
    }

    /// Sums the log-loss gradient and Hessian of the rows into each ratio's bins. The hot loop of fitting.
    private static func histograms(bins: [UInt8], rows: Int, columns: Int, stride: Int, scores: [Double], labels: [Double],
                                   gradients: inout [Double], hessians: inout [Double]) {
        bins.withUnsafeBufferPointer { bins in
            scores.withUnsafeBufferPointer { scores in
                labels.withUnsafeBufferPointer { labels in
                    gradients.withUnsafeMutableBufferPointer { gradients in
                        hessians.withUnsafeMutableBufferPointer { hessians in
                            // No rows or no ratios: nothing to sum (an empty buffer has no base address).
                            guard let bins = bins.baseAddress, let scores = scores.baseAddress,
                                  let labels = labels.baseAddress, let gradients = gradients.baseAddress,
                                  let hessians = hessians.baseAddress else { return }
                            accumulate(bins: bins, rows: rows, columns: columns, stride: stride, scores: scores,
                                       labels: labels, gradients: gradients, hessians: hessians)
                        }
                    }
                }
            }
        }
    }

    /// The body of `histograms` on raw pointers: no bounds checks, and optimised even in debug builds (a closure
    /// would not be) so that the fit in the test suite stays fast.
    @_optimize(speed)
    private static func accumulate(bins: UnsafePointer<UInt8>, rows: Int, columns: Int, stride: Int,
                                   scores: UnsafePointer<Double>, labels: UnsafePointer<Double>,
                                   gradients: UnsafeMutablePointer<Double>, hessians: UnsafeMutablePointer<Double>) {
        let g = UnsafeMutablePointer<Double>.allocate(capacity: max(rows, 1))
        let h = UnsafeMutablePointer<Double>.allocate(capacity: max(rows, 1))
        defer {
            g.deallocate()
            h.deallocate()
        }
        var row = 0
        while row < rows {
            let score = scores[row]
            let p = score >= 0 ? 1 / (1 + exp(-score)) : exp(score) / (1 + exp(score))
            g[row] = p - labels[row]
            h[row] = max(p * (1 - p), 1e-12)
            row += 1
        }
        var index = 0
        while index < columns * stride {
            gradients[index] = 0
            hessians[index] = 0
            index += 1
        }
        var column = 0
        while column < columns {
            let binBase = bins + column * rows, gradientBase = gradients + column * stride, hessianBase = hessians + column * stride
            row = 0
            while row < rows {
                let slot = Int(binBase[row])
                gradientBase[slot] += g[row]
                hessianBase[slot] += h[row]
                row += 1
            }
            column += 1
        }
    }

    @_optimize(speed)
    private static func apply(_ delta: [Double], column: Int, to scores: inout [Double], bins: [UInt8], rows: Int) {
        let base = column * rows
        for row in 0..<rows { scores[row] += delta[Int(bins[base + row])] }
    }

    @_optimize(speed)
    static func logLoss(_ scores: [Double], _ labels: [Double]) -> Double {
        var total = 0.0
        for (score, label) in zip(scores, labels) {
            // −log σ(s) = log(1 + e^−s), computed stably.
            let s = label > 0.5 ? score : -score
            total += s > 0 ? log1p(exp(-s)) : -s + log1p(exp(s))
        }
        return total / Double(max(scores.count, 1))
    }

    /// The shapes with their training mean moved into the intercept, adjacent bins of equal contribution merged.
    private func centred(_ table: [[Double]], intercept: Double, data: BinnedRows, names: [String], thresholds: [[Double]],
                         rounds: Int) -> Fit {
        var intercept = intercept
        let firms = Double(max(data.rows, 1))
        var shapes: [RatioShape] = []
        for column in 0..<data.columns {
            var shares = [Double](repeating: 0, count: data.stride)
            for row in 0..<data.rows { shares[Int(data.bins[column * data.rows + row])] += 1 / firms }
            let present = data.presentBins[column], missing = data.missingBin(column)
            var mean = shares[missing] * table[column][missing]
            for bin in 0..<present { mean += shares[bin] * table[column][bin] }
            intercept += mean
            let learnedMissing = shares[missing] * firms >= Double(minimumChildFirms)
            var cuts: [Double] = [], contributions = [table[column][0] - mean], binShares = [shares[0]]
            for bin in 1..<max(present, 1) {
                let value = table[column][bin] - mean
                if value == contributions[contributions.count - 1] {
                    binShares[binShares.count - 1] += shares[bin]
                } else {
                    cuts.append(thresholds[column][bin - 1])
                    contributions.append(value)
                    binShares.append(shares[bin])
                }
            }
            shapes.append(RatioShape(ratio: names[column], thresholds: cuts, contributions: contributions, shares: binShares,
                                     missingContribution: learnedMissing ? table[column][missing] - mean : 0,
                                     missingShare: shares[missing]))
        }
        return Fit(intercept: intercept, shapes: shapes, rounds: rounds)
    }
}

/// Rows coded as bins, column-major (`bins[column * rows + row]`): bin i of the present values, and
/// `presentBins[column]` for a missing one.
struct BinnedRows {
    var rows: Int
    var columns: Int
    var presentBins: [Int]
    var bins: [UInt8]
    /// Histogram slots per ratio: room for the largest number of present bins plus the missing bin.
    var stride: Int

    init(rows values: [[Double?]], thresholds: [[Double]]) {
        let count = values.count
        rows = count
        columns = thresholds.count
        presentBins = thresholds.map { $0.count + 1 }
        stride = (presentBins.max() ?? 0) + 1
        // `maximumBins` (64) keeps every ratio far inside a byte's 255 bins.
        precondition(stride <= 256, "at most 255 bins per ratio")
        var bins = [UInt8](repeating: 0, count: count * thresholds.count)
        for column in 0..<thresholds.count {
            let shape = RatioShape(ratio: "", thresholds: thresholds[column], contributions: [], shares: [],
                                   missingContribution: 0, missingShare: 0)
            for (row, value) in values.enumerated() {
                bins[column * count + row] = UInt8(shape.bin(value[column]) ?? thresholds[column].count + 1)
            }
        }
        self.bins = bins
    }

    private init(rows: Int, columns: Int, presentBins: [Int], bins: [UInt8], stride: Int) {
        self.rows = rows
        self.columns = columns
        self.presentBins = presentBins
        self.bins = bins
        self.stride = stride
    }

    func missingBin(_ column: Int) -> Int { presentBins[column] }

    /// The rows at `indices`, in that order.
    func subset(_ indices: [Int]) -> BinnedRows {
        var picked = [UInt8](repeating: 0, count: indices.count * columns)
        for column in 0..<columns {
            for (position, row) in indices.enumerated() { picked[column * indices.count + position] = bins[column * rows + row] }
        }
        return BinnedRows(rows: indices.count, columns: columns, presentBins: presentBins, bins: picked, stride: stride)
    }
}
