/// What the runtime reports about its work; the Prometheus metrics of `/metrics` implement it.
public protocol StageObserver: Sendable {
    func consumed(topic: String, count: Int)
    func produced(topic: String, count: Int)
    func processed(seconds: Double)
    func lag(topic: String, partition: Int32, value: Int64)
    func deadLettered(reason: String)
    func rebalanced()
    func restored(seconds: Double)
    func assigned(count: Int)
    func restoredPartitions(count: Int)
}

/// An observer that records nothing.
public struct NoStageObserver: StageObserver {
    public init() {}
    public func consumed(topic: String, count: Int) {}
    public func produced(topic: String, count: Int) {}
    public func processed(seconds: Double) {}
    public func lag(topic: String, partition: Int32, value: Int64) {}
    public func deadLettered(reason: String) {}
    public func rebalanced() {}
    public func restored(seconds: Double) {}
    public func assigned(count: Int) {}
    public func restoredPartitions(count: Int) {}
}
