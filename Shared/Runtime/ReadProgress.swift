/// How far a reader has come towards the end it must reach — each partition's high watermark when reading began —
/// and the one stall rule every reader of the runtime follows: short of that end, no progress (no record read, no
/// position moved) for `stallTimeout` is a failure naming the partitions still short of it.
///
/// Pure: the reader feeds it offsets and instants, so the rule is tested without a broker.
struct ReadProgress: Sendable {
    /// The high watermark of each partition that held records when reading began.
    let targets: [Int32: Int64]
    /// How long the reader may go without progress before its end is reached.
    let stallTimeout: Duration
    private(set) var nextOffsets: [Int32: Int64] = [:]
    private var lastProgress: ContinuousClock.Instant

    /// Progress towards `targets` (partition → high watermark), starting at `start`.
    init(targets: [Int32: Int64], stallTimeout: Duration, start: ContinuousClock.Instant) {
        self.targets = targets
        self.stallTimeout = stallTimeout
        lastProgress = start
    }

    /// Whether every partition is read up to its target.
    var isAtEnd: Bool { targets.keys.allSatisfy(isAtEnd(partition:)) }

    /// Whether `partition` is read up to its target (a partition without one always is).
    func isAtEnd(partition: Int32) -> Bool {
        guard let target = targets[partition] else { return true }
        return (nextOffsets[partition] ?? 0) >= target
    }

    /// Whether a record at `offset` of `partition` lies before the partition's target: what a read to the end keeps.
    func isBeforeTarget(partition: Int32, offset: Int64) -> Bool {
        offset < targets[partition, default: 0]
    }

    /// The partitions still short of their target, in order.
    var unfinishedPartitions: [Int32] { targets.keys.filter { !isAtEnd(partition: $0) }.sorted() }

    /// Records that `partition` is read up to `nextOffset` (a record's offset + 1, or the consumer's position) at `now`.
    /// - Returns: whether this brought the partition to its target.
    mutating func read(partition: Int32, nextOffset: Int64, at now: ContinuousClock.Instant) -> Bool {
        let wasAtEnd = isAtEnd(partition: partition)
        guard nextOffset > nextOffsets[partition] ?? 0 else { return false }
        nextOffsets[partition] = nextOffset
        lastProgress = now
        return !wasAtEnd && isAtEnd(partition: partition)
    }

    /// The failure to stop on when the reader, short of its end, has made no progress for `stallTimeout`; nil otherwise.
    func stall(of topic: String, at now: ContinuousClock.Instant) -> RuntimeError? {
        guard !isAtEnd, now - lastProgress >= stallTimeout else { return nil }
        let stuck = unfinishedPartitions.map { "\(topic)[\($0)] at \(nextOffsets[$0] ?? 0) of \(targets[$0] ?? 0)" }
        return RuntimeError(.readStalled, "\(topic) stopped short of its end for \(stallTimeout): \(stuck.joined(separator: ", "))",
                            topic: topic, partition: unfinishedPartitions.first, offset: unfinishedPartitions.first.flatMap { nextOffsets[$0] })
    }
}
