import Domain
import Synchronization

/// The console's views shared between the feed that fills them and the pages that read them: the
/// `ConsoleState` behind a lock, the live alert broadcast, and the sorted orders of the Buyers page.
public final class ConsoleViews: Sendable {
    private let state: Mutex<ConsoleState>
    /// Every alert applied, as it is applied, for the live feed.
    public let alertBroadcast = AlertBroadcast()
    private let buyerOrders = Mutex<BuyerOrderCache>(BuyerOrderCache())
    private let caughtUp: @Sendable () -> Bool

    /// Empty views; `isCaughtUp` says whether the reader has read what the topics held at start.
    public init(policy: Policy, isCaughtUp: @escaping @Sendable () -> Bool = { true }) {
        state = Mutex(ConsoleState(policy: policy))
        caughtUp = isCaughtUp
    }

    /// Applies a batch of records read from the topics, then publishes its alerts to live subscribers.
    public func apply(_ deliveries: [TopicFeed.Delivery]) {
        state.withLock { state in
            for delivery in deliveries { state.apply(delivery.envelope, user: delivery.user) }
        }
        alertBroadcast.publish(deliveries.compactMap {
            if case .alert(let alert) = $0.envelope.event { alert } else { nil }
        })
    }

    /// Reads the views; `body` runs under the lock, so it should only read and render.
    public func read<Result: Sendable>(_ body: (ConsoleState) -> Result) -> Result {
        state.withLock { body($0) }
    }

    /// Whether the views hold everything the topics held when the console started (`/readyz`).
    public var isReady: Bool { caughtUp() }

    /// The buyers matching `query`, in its order, one page of them, with the total matching.
    public func buyers(_ query: BuyerQuery) -> (rows: [BuyerView], total: Int) {
        state.withLock { state in
            let matching = buyerOrders.withLock { $0.matching(query, state: state) }
            return query.page(of: matching, in: state)
        }
    }
}
