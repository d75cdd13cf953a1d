import Domain

/// Stratified k-fold assignment with a fixed seed: each class is shuffled (Fisher–Yates driven by SplitMix64)
/// and dealt round-robin into the folds, so every fold keeps the file's share of bankrupt firms.
enum StratifiedFolds {
    /// The fold (0..<folds) of each row.
    static func assign(labels: [Bool], folds: Int, seed: UInt64) -> [Int] {
        var generator = SplitMix64(seed: seed)
        var assignment = [Int](repeating: 0, count: labels.count)
        for label in [false, true] {
            var members = labels.indices.filter { labels[$0] == label }
            if members.count > 1 {
                for i in stride(from: members.count - 1, to: 0, by: -1) {
                    members.swapAt(i, Int(generator.next() % UInt64(i + 1)))
                }
            }
            for (position, row) in members.enumerated() { assignment[row] = position % folds }
        }
        return assignment
    }
}
