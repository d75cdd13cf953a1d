import Foundation

/// Where the stage's "now" comes from. Rules never read the system time; they get `now` from here.
public enum StageClock: Sendable, Hashable {
    /// The system clock (production).
    case wall
    /// Event time: each partition's clock is the latest event time or tick it has seen (replays, backtests).
    case stream
    /// The system clock sped up: `origin` plus elapsed real time × `speed` (demos).
    case accelerated(origin: Date, speed: Double, startedAt: Date)

    /// The time for a partition whose stream clock reads `streamTime`.
    /// `systemNow` is the only read of the system clock in the stage, made by the runtime.
    public func now(streamTime: Date?, systemNow: Date) -> Date {
        switch self {
        case .wall:
            return systemNow
        case .stream:
            return streamTime ?? Date(timeIntervalSince1970: 0)
        case .accelerated(let origin, let speed, let startedAt):
            return origin.addingTimeInterval(systemNow.timeIntervalSince(startedAt) * speed)
        }
    }

    var isStream: Bool {
        if case .stream = self { return true }
        return false
    }
}
