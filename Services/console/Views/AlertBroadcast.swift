import Domain
import Synchronization

/// Hands every alert the feed reads to each live subscriber (the Alerts page's server-sent events), without
/// holding the views' lock: a subscriber is an `AsyncStream` that buffers a bounded number of alerts.
public final class AlertBroadcast: Sendable {
    /// How many alerts a slow subscriber may fall behind before the oldest are dropped.
    public static let subscriberBuffer = 256

    /// The live subscribers; nil once the broadcast is finished (at shutdown), when a new one gets an ended stream.
    fileprivate let subscribers = Mutex<[Int: AsyncStream<Alert>.Continuation]?>([:])
    private let nextID = Atomic<Int>(0)

    /// An empty broadcast.
    public init() {}

    /// A stream of every alert published from now on; it ends when the caller stops iterating it, or at once
    /// when the broadcast is finished.
    public func subscribe() -> AsyncStream<Alert> {
        let id = nextID.add(1, ordering: .relaxed).newValue
        let (stream, continuation) = AsyncStream<Alert>.makeStream(bufferingPolicy: .bufferingNewest(Self.subscriberBuffer))
        continuation.onTermination = { [weak self] _ in
            _ = self?.subscribers.withLock { $0?.removeValue(forKey: id) }
        }
        let open = subscribers.withLock { subscribers in
            guard subscribers != nil else { return false }
            subscribers?[id] = continuation
            return true
        }
        if !open { continuation.finish() }
        return stream
    }

    /// Sends `alerts` to every subscriber.
    public func publish(_ alerts: [Alert]) {
        guard !alerts.isEmpty else { return }
        let current = subscribers.withLock { Array(($0 ?? [:]).values) }
        for continuation in current {
            for alert in alerts { continuation.yield(alert) }
        }
    }

    /// How many subscribers are listening.
    public var subscriberCount: Int { subscribers.withLock { $0?.count ?? 0 } }
}

extension AlertBroadcast {
    /// Ends every subscriber's stream and every later one's at once (at shutdown, so no event stream, open or
    /// opened while the web server drains, holds the drain).
    public func finishAll() {
        let current = subscribers.withLock { subscribers in
            defer { subscribers = nil }
            return Array((subscribers ?? [:]).values)
        }
        for continuation in current { continuation.finish() }
    }
}
