import Foundation

/// An instant, held as whole milliseconds since 1970-01-01T00:00:00Z and written in RFC 3339 UTC
/// (`2024-03-31T17:05:00.000Z`). Event timestamps (`ce_time`, `raisedAt`, clock ticks) are Timestamps.
public struct Timestamp: Sendable, Hashable, Comparable, CustomStringConvertible {
    /// Milliseconds since the Unix epoch.
    public var millisecondsSinceEpoch: Int64

    public init(millisecondsSinceEpoch: Int64) {
        self.millisecondsSinceEpoch = millisecondsSinceEpoch
    }

    /// The instant of a Foundation `Date`, truncated to the millisecond; the bridge from a wall clock.
    public init(_ date: Date) {
        self.init(millisecondsSinceEpoch: Int64((date.timeIntervalSince1970 * 1000).rounded(.down)))
    }

    /// Midnight UTC plus a time of day on a calendar date.
    public init(date: CalendarDate, hour: Int = 0, minute: Int = 0, second: Int = 0, millisecond: Int = 0) {
        let seconds = Int64(date.dayNumber) * 86_400 + Int64(hour * 3600 + minute * 60 + second)
        self.init(millisecondsSinceEpoch: seconds * 1000 + Int64(millisecond))
    }

    /// The Foundation `Date` of this instant.
    public var date: Date { Date(timeIntervalSince1970: Double(millisecondsSinceEpoch) / 1000) }

    /// The UTC calendar date this instant falls on.
    public var calendarDate: CalendarDate {
        CalendarDate(dayNumber: Int(millisecondsSinceEpoch.floorDivided(by: 86_400_000)))
    }

    /// The calendar date this instant falls on in `zone` (its offset from UTC at this instant, daylight saving
    /// included): where a business day ends at local midnight.
    public func calendarDate(in zone: TimeZone) -> CalendarDate {
        let offset = Int64(zone.secondsFromGMT(for: date)) * 1000
        return CalendarDate(dayNumber: Int((millisecondsSinceEpoch + offset).floorDivided(by: 86_400_000)))
    }

    /// This instant moved by a number of milliseconds.
    public func adding(milliseconds: Int64) -> Timestamp {
        Timestamp(millisecondsSinceEpoch: millisecondsSinceEpoch + milliseconds)
    }

    /// RFC 3339 in UTC with milliseconds, e.g. `2013-06-30T23:59:59.000Z`.
    public var description: String { String(decoding: rfc3339Bytes, as: UTF8.self) }

    /// The UTF-8 of ``description``, written directly because it is on every record's hot path.
    public var rfc3339Bytes: [UInt8] {
        let day = millisecondsSinceEpoch.floorDivided(by: 86_400_000)
        let millisOfDay = Int(millisecondsSinceEpoch - day * 86_400_000)
        let date = CalendarDate(dayNumber: Int(day))
        var out = [UInt8](repeating: 0, count: 24)
        func put(_ value: Int, at index: Int, width: Int) {
            var remaining = value
            for offset in stride(from: width - 1, through: 0, by: -1) {
                out[index + offset] = UInt8(truncatingIfNeeded: 48 + remaining % 10)
                remaining /= 10
            }
        }
        let seconds = millisOfDay / 1000
        put(date.year, at: 0, width: 4); out[4] = UInt8(ascii: "-")
        put(date.month, at: 5, width: 2); out[7] = UInt8(ascii: "-")
        put(date.day, at: 8, width: 2); out[10] = UInt8(ascii: "T")
        put(seconds / 3600, at: 11, width: 2); out[13] = UInt8(ascii: ":")
        put(seconds / 60 % 60, at: 14, width: 2); out[16] = UInt8(ascii: ":")
        put(seconds % 60, at: 17, width: 2); out[19] = UInt8(ascii: ".")
        put(millisOfDay % 1000, at: 20, width: 3); out[23] = UInt8(ascii: "Z")
        return out
    }

    /// Parses RFC 3339: `YYYY-MM-DDTHH:MM:SS[.fraction](Z|±HH:MM)`; fractions beyond milliseconds are truncated.
    public init(rfc3339 text: String) throws(TimestampError) {
        let b = Array(text.utf8)
        func digits(_ range: Range<Int>) -> Int? {
            guard range.upperBound <= b.count else { return nil }
            var value = 0
            for i in range {
                guard b[i] >= 48, b[i] <= 57 else { return nil }
                value = value * 10 + Int(b[i] - 48)
            }
            return value
        }
        guard b.count >= 20, b[10] == UInt8(ascii: "T") || b[10] == UInt8(ascii: "t"),
              b[13] == UInt8(ascii: ":"), b[16] == UInt8(ascii: ":"),
              let date = try? CalendarDate(String(decoding: b[0..<10], as: UTF8.self)),
              let hour = digits(11..<13), let minute = digits(14..<16), let second = digits(17..<19),
              hour < 24, minute < 60, second < 61 else { throw TimestampError(text: text) }
        var index = 19, millisecond = 0
        if b[index] == UInt8(ascii: ".") {
            index += 1
            var scale = 100, sawDigit = false
            while index < b.count, b[index] >= 48, b[index] <= 57 {
                millisecond += Int(b[index] - 48) * scale
                scale /= 10
                index += 1
                sawDigit = true
            }
            guard sawDigit else { throw TimestampError(text: text) }
        }
        var offsetMinutes = 0
        if index == b.count - 1, b[index] == UInt8(ascii: "Z") || b[index] == UInt8(ascii: "z") {
            offsetMinutes = 0
        } else if index + 6 == b.count, b[index] == UInt8(ascii: "+") || b[index] == UInt8(ascii: "-"),
                  b[index + 3] == UInt8(ascii: ":"), let h = digits(index + 1..<index + 3),
                  let m = digits(index + 4..<index + 6), h < 24, m < 60 {
            offsetMinutes = (h * 60 + m) * (b[index] == UInt8(ascii: "-") ? -1 : 1)
        } else {
            throw TimestampError(text: text)
        }
        let local = Timestamp(date: date, hour: hour, minute: minute, second: min(second, 59), millisecond: millisecond)
        self = local.adding(milliseconds: -Int64(offsetMinutes) * 60_000)
    }

    public static func < (lhs: Timestamp, rhs: Timestamp) -> Bool {
        lhs.millisecondsSinceEpoch < rhs.millisecondsSinceEpoch
    }
}

/// A text that is not an RFC 3339 instant.
public struct TimestampError: Error, Sendable, Hashable, CustomStringConvertible {
    /// What was given.
    public var text: String
    public var description: String { "expected an RFC 3339 timestamp, found \"\(text)\"" }
}

extension Timestamp: Codable {
    /// Decodes an RFC 3339 string; anything else is an `invalid_value` rejection at this field.
    public init(from decoder: any Decoder) throws {
        let text = try decoder.singleValueContainer().decode(String.self)
        do {
            try self.init(rfc3339: text)
        } catch {
            throw DecodingError.dataCorrupted(.init(
                codingPath: decoder.codingPath, debugDescription: error.description,
                underlyingError: EventRejection(code: .invalidValue, field: "", message: error.description)))
        }
    }

    /// Encodes RFC 3339 UTC with milliseconds.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(description)
    }
}

extension Int64 {
    /// Division rounding toward negative infinity, for instants before 1970.
    fileprivate func floorDivided(by divisor: Int64) -> Int64 {
        let (quotient, remainder) = quotientAndRemainder(dividingBy: divisor)
        return remainder < 0 ? quotient - 1 : quotient
    }
}
