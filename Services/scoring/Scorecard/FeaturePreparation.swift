import Domain

/// The documented missing-value and outlier rule, fitted on training rows only.
///
/// Per ratio: the median of the present values replaces a missing value (no firm is ever dropped); values
/// are winsorised at the training 5th and 95th percentiles (the UCI ratios have extreme tails: a division by
/// a near-zero total makes a handful of firms dominate an unclipped fit); the result is standardised to mean 0,
/// standard deviation 1 over the training rows (a constant ratio gets deviation 1 and so contributes nothing).
enum FeaturePreparation {
    static let lowerPercentile = 0.05
    static let upperPercentile = 0.95

    /// Features (coefficient 0) fitted on `rows` (one vector per firm, one entry per name).
    @_optimize(speed)
    static func fit(names: [String], rows: [[Double?]]) -> [ScorecardFeature] {
        names.indices.map { column in
            let present = rows.compactMap { $0[column] }.sorted()
            let median = percentile(present, 0.5)
            let lower = percentile(present, lowerPercentile)
            let upper = percentile(present, upperPercentile)
            var feature = ScorecardFeature(ratio: names[column], median: median, lower: lower, upper: upper,
                                           mean: 0, standardDeviation: 1, coefficient: 0)
            let clipped = rows.map { min(max($0[column] ?? median, lower), upper) }
            let mean = clipped.reduce(0, +) / Double(max(clipped.count, 1))
            let variance = clipped.reduce(0) { $0 + ($1 - mean) * ($1 - mean) } / Double(max(clipped.count, 1))
            feature.mean = mean
            feature.standardDeviation = variance > 1e-24 ? variance.squareRoot() : 1
            return feature
        }
    }

    /// The `p`-quantile of sorted values, linear between order statistics (0 when there are none).
    @_optimize(speed)
    static func percentile(_ sorted: [Double], _ p: Double) -> Double {
        guard !sorted.isEmpty else { return 0 }
        let position = p * Double(sorted.count - 1)
        let below = Int(position.rounded(.down))
        let above = min(below + 1, sorted.count - 1)
        return sorted[below] + (position - Double(below)) * (sorted[above] - sorted[below])
    }

    /// The prepared design matrix, row-major, `names.count` columns.
    @_optimize(speed)
    static func matrix(_ rows: [[Double?]], _ features: [ScorecardFeature]) -> [Double] {
        var matrix: [Double] = []
        matrix.reserveCapacity(rows.count * features.count)
        for row in rows {
            for (index, feature) in features.enumerated() { matrix.append(Scorecard.prepared(row[index], feature)) }
        }
        return matrix
    }
}
