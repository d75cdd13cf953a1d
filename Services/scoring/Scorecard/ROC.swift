/// Area under the ROC curve by the Mann–Whitney statistic: the probability that a randomly chosen positive
/// scores higher than a randomly chosen negative, ties counting one half (tied scores share their average rank).
public enum ROC {
    /// The AUC of `scores` (higher = more likely positive) against `positives`; nil without both classes.
    @_optimize(speed)
    public static func auc(scores: [Double], positives: [Bool]) -> Double? {
        precondition(scores.count == positives.count, "one label per score")
        let order = scores.indices.sorted { scores[$0] < scores[$1] }
        var rankSumOfPositives = 0.0
        var start = 0
        while start < order.count {
            var end = start
            while end + 1 < order.count && scores[order[end + 1]] == scores[order[start]] { end += 1 }
            let averageRank = Double(start + end) / 2 + 1
            for position in start...end where positives[order[position]] { rankSumOfPositives += averageRank }
            start = end + 1
        }
        let positiveCount = Double(positives.filter { $0 }.count)
        let negativeCount = Double(positives.count) - positiveCount
        guard positiveCount > 0, negativeCount > 0 else { return nil }
        return (rankSumOfPositives - positiveCount * (positiveCount + 1) / 2) / (positiveCount * negativeCount)
    }
}
