import Synchronization

/// Limits failed logins: after `limit` failures within `window` for a user name or for a client address, further
/// attempts for it are refused until the oldest failure leaves the window — guessing a password costs hours,
/// not seconds.
public final class LoginThrottle: Sendable {
    public let limit: Int
    public let window: Duration
    private let failures = Mutex<[String: [ContinuousClock.Instant]]>([:])

    /// A throttle allowing `limit` failures per `window` per key.
    public init(limit: Int = 5, window: Duration = .seconds(15 * 60)) {
        self.limit = limit
        self.window = window
    }

    /// How long `keys` must wait before another attempt; nil when they may try now.
    public func retryAfter(_ keys: [String], now: ContinuousClock.Instant = .now) -> Duration? {
        failures.withLock { failures in
            keys.compactMap { key -> Duration? in
                let recent = (failures[key] ?? []).filter { now - $0 < window }
                failures[key] = recent.isEmpty ? nil : recent
                guard recent.count >= limit, let oldest = recent.first else { return nil }
                return window - (now - oldest)
            }.max()
        }
    }

    /// Counts a failed attempt against each of `keys`.
    public func recordFailure(_ keys: [String], now: ContinuousClock.Instant = .now) {
        failures.withLock { failures in
            for key in keys { failures[key, default: []].append(now) }
        }
    }

    /// Forgets the failures of `keys` after a successful login.
    public func recordSuccess(_ keys: [String]) {
        failures.withLock { failures in for key in keys { failures[key] = nil } }
    }
}
