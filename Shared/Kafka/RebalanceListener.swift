/// Hooks a consumer-group member runs while its partitions change hands.
///
/// Every hook runs synchronously on the consumer's polling thread, inside librdkafka's rebalance
/// callback, so the group waits for it: a hook may flush, commit and restore state (blocking is fine there).
public protocol RebalanceListener: Sendable {
    /// Before `partitions` are assigned: returns the offsets to start from; partitions left out start
    /// from the group's committed offset (or `auto.offset.reset`).
    func partitionsAssigning(_ partitions: [TopicPartition]) -> [TopicPartition: Int64]
    /// After `partitions` are assigned and reading from them has been set up.
    func partitionsAssigned(_ partitions: [TopicPartition])
    /// Before `partitions` are taken away (rebalance or close): the last moment to commit their offsets.
    /// `lost` is true when the group already gave them to another member (session timeout): do not commit then.
    func partitionsRevoking(_ partitions: [TopicPartition], lost: Bool)
}

extension RebalanceListener {
    public func partitionsAssigning(_ partitions: [TopicPartition]) -> [TopicPartition: Int64] { [:] }
    public func partitionsAssigned(_ partitions: [TopicPartition]) {}
    public func partitionsRevoking(_ partitions: [TopicPartition], lost: Bool) {}
}

/// The listener used when the caller gives none.
struct NoRebalanceListener: RebalanceListener {}

/// The listener as the consumer's C callback sees it.
typealias RebalanceHandler = any RebalanceListener
