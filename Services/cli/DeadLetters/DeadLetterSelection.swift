import ArgumentParser
import Domain

/// Which dead letters a `credence dlq` command works on: one stage or all, one code, one source topic, and a
/// window of parking times (from inclusive, to exclusive).
struct DeadLetterSelection: Sendable {
    var stages: [Stage]
    var code: String?
    var sourceTopic: String?
    var from: Timestamp?
    var to: Timestamp?

    func matches(_ parked: ParkedRecord) -> Bool {
        if let code, parked.code != code { return false }
        if let sourceTopic, parked.source?.topic != sourceTopic { return false }
        if let from, let at = parked.parkedAt, at < from { return false }
        if let to, let at = parked.parkedAt, !(at < to) { return false }
        return true
    }
}

/// A point in time given on the command line: a day (`2024-03-01`, its midnight UTC) or an RFC 3339 timestamp.
struct TimeBound: ExpressibleByArgument, Sendable {
    var timestamp: Timestamp

    init?(argument: String) {
        if let day = try? CalendarDate(argument) {
            timestamp = Timestamp(date: day)
        } else if let instant = try? Timestamp(rfc3339: argument) {
            timestamp = instant
        } else {
            return nil
        }
    }

    static var defaultValueDescription: String { "YYYY-MM-DD or an RFC 3339 time" }
}
