/// An exact decimal number `units / 10^scale`, used for FX rates and percentages applied to money,
/// so that no binary floating point ever touches an amount.
public struct DecimalFactor: Sendable, Hashable, CustomStringConvertible {
    /// The digits of the number without its decimal point.
    public let units: Int64
    /// How many of those digits are after the decimal point (0…15).
    public let scale: Int

    /// The largest supported number of decimal places; keeps every product exact in 128 bits.
    public static let maximumScale = 15

    /// Builds `units / 10^scale`, without trailing zeros so that equal numbers are equal values;
    /// throws when the scale is outside 0…15.
    public init(units: Int64, scale: Int) throws(MoneyError) {
        guard (0...Self.maximumScale).contains(scale) else { throw .invalidFactor("\(units)e-\(scale)") }
        var units = units, scale = scale
        while scale > 0, units % 10 == 0 { units /= 10; scale -= 1 }
        self.units = units
        self.scale = scale
    }

    /// Parses a decimal literal such as `1.0845`, `-0.5` or `2.5e-3`.
    public init(_ text: String) throws(MoneyError) {
        var units: Int64 = 0, scale = 0, sawDigit = false, sawPoint = false, negative = false
        var bytes = Substring(text).utf8[...]
        if let first = bytes.first, first == UInt8(ascii: "-") || first == UInt8(ascii: "+") {
            negative = first == UInt8(ascii: "-")
            bytes = bytes.dropFirst()
        }
        var exponentText: Substring.UTF8View.SubSequence?
        for (offset, byte) in zip(bytes.indices, bytes) {
            switch byte {
            case UInt8(ascii: "0")...UInt8(ascii: "9"):
                let (shifted, o1) = units.multipliedReportingOverflow(by: 10)
                let (added, o2) = shifted.addingReportingOverflow(Int64(byte - UInt8(ascii: "0")))
                guard !o1, !o2 else { throw .invalidFactor(text) }
                units = added
                sawDigit = true
                if sawPoint { scale += 1 }
            case UInt8(ascii: ".") where !sawPoint:
                sawPoint = true
            case UInt8(ascii: "e"), UInt8(ascii: "E"):
                exponentText = bytes[bytes.index(after: offset)...]
            default:
                throw .invalidFactor(text)
            }
            if exponentText != nil { break }
        }
        guard sawDigit else { throw .invalidFactor(text) }
        if let exponentText {
            guard let exponent = Int(String(decoding: exponentText, as: UTF8.self)), abs(exponent) <= 30 else {
                throw .invalidFactor(text)
            }
            scale -= exponent
        }
        while scale < 0 {
            let (shifted, overflow) = units.multipliedReportingOverflow(by: 10)
            guard !overflow else { throw .invalidFactor(text) }
            units = shifted
            scale += 1
        }
        if scale > Self.maximumScale {
            // Digits beyond the 15th decimal place (e.g. 0.30000000000000004) round half-even away.
            units = try HalfEvenRounding.scale(units, times: 1, powerOfTen: Self.maximumScale - scale)
            scale = Self.maximumScale
        }
        try self.init(units: negative ? -units : units, scale: scale)
    }

    /// The exact decimal written as the shortest text that reads back as `value` (0.9 → 9/10).
    public init(_ value: Double) throws(MoneyError) {
        guard value.isFinite else { throw .invalidFactor("\(value)") }
        try self.init("\(value)")
    }

    public var description: String {
        let digits = String(units.magnitude)
        let sign = units < 0 ? "-" : ""
        guard scale > 0 else { return sign + digits }
        let padded = String(repeating: "0", count: max(0, scale + 1 - digits.count)) + digits
        let point = padded.index(padded.endIndex, offsetBy: -scale)
        return sign + String(padded[..<point]) + "." + String(padded[point...])
    }
}

extension DecimalFactor: Codable {
    /// Reads a decimal string (`"1.0845"`, preferred because exact) or a JSON number.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        let text: String
        if let string = try? container.decode(String.self) {
            text = string
        } else {
            text = "\(try container.decode(Double.self))"
        }
        do {
            try self.init(text)
        } catch {
            throw DecodingError.dataCorrupted(.init(
                codingPath: decoder.codingPath, debugDescription: error.description,
                underlyingError: EventRejection(code: .invalidValue, field: "", message: error.description)))
        }
    }

    /// Writes the exact decimal string.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(description)
    }
}
