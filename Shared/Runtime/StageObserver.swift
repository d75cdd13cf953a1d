/// What the runtime reports about its work; the Prometheus metrics of `/metrics` implement it.
public protocol StageObserver: Sendable {
    /// `count` input records were read from `topic`.
    func consumed(topic: String, count: Int)
    /// `count` records were acknowledged on `topic`.
    func produced(topic: String, count: Int)
    /// One batch took `seconds` from decoding to its last delivery.
    func processed(seconds: Double)
    /// An input partition has `value` records still to read.
    func lag(topic: String, partition: Int32, value: Int64)
    /// An input partition was revoked: its lag is no longer this instance's to report.
    func lagRemoved(topic: String, partition: Int32)
    /// An input read from `sourceTopic` went to the dead-letter topic with rejection code `code`.
    func deadLettered(code: String, sourceTopic: String)
    /// `count` inputs read from `topic` were skipped: their key's state already reflects them (a redelivery
    /// after a crash or rebalance, or the same event id sent again).
    func skippedRedeliveries(topic: String, count: Int)
    /// Inputs a rule ignored as normal traffic (`credence_inputs_ignored_total{topic,reason}`).
    func ignoredInputs(topic: String, reason: String, count: Int)
    /// A batch was committed in one Kafka transaction.
    func committedTransaction()
    /// The group assigned partitions to this instance.
    func rebalanced()
    /// Restoring the newly assigned partitions took `seconds`.
    func restored(seconds: Double)
    /// This instance now owns `count` partitions.
    func assigned(count: Int)
    /// `count` of the owned partitions have their state restored.
    func restoredPartitions(count: Int)
}

/// An observer that records nothing.
public struct NoStageObserver: StageObserver {
    /// An observer that discards every report.
    public init() {}
    public func consumed(topic: String, count: Int) {}
    public func produced(topic: String, count: Int) {}
    public func processed(seconds: Double) {}
    public func lag(topic: String, partition: Int32, value: Int64) {}
    public func lagRemoved(topic: String, partition: Int32) {}
    public func deadLettered(code: String, sourceTopic: String) {}
    public func skippedRedeliveries(topic: String, count: Int) {}
    public func ignoredInputs(topic: String, reason: String, count: Int) {}
    public func committedTransaction() {}
    public func rebalanced() {}
    public func restored(seconds: Double) {}
    public func assigned(count: Int) {}
    public func restoredPartitions(count: Int) {}
}
