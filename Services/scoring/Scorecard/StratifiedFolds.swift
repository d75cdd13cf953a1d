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

/// SplitMix64 (Steele, Lea, Flood 2014): a tiny deterministic generator, the same on every platform.
struct SplitMix64: RandomNumberGenerator {
    private var state: UInt64

    init(seed: UInt64) { state = seed }

    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
