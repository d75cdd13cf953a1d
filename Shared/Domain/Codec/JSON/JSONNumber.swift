/// Turns a JSON number's text into the Swift number a decoder asks for, by the rules of Foundation's
/// `JSONDecoder`, so the same values are accepted and refused:
/// - the text must follow the RFC 8259 grammar (the reader only found its extent);
/// - an integer written without fraction or exponent must fit the type exactly;
/// - otherwise the text is read as a `Double` first: it must be finite, fit the type, and, below 2^53, be whole
///   (`1.0`, `1e2` are integers, `1.5` is not); at 2^53 and above, where a `Double` has lost digits, the
///   decimal text is truncated toward zero instead;
/// - a `Double` must be finite, and a text with a non-zero digit must not round to zero (`1e-400`); and, a quirk of
///   Foundation's kept so that no decision changes, `0e1` … `0e9` (a zero with a one-digit unsigned exponent) is
///   refused as a `Double`, though `0e0`, `0e10` and `0.0e5` are read as zero.
enum JSONNumber {
    /// The integer a number's text stands for, or nil when it does not fit `T`.
    static func integer<T: FixedWidthInteger>(_ text: String, as type: T.Type) -> T? {
        var text = text
        return text.withUTF8 { utf8 -> T? in
            guard isValid(utf8) else { return nil }
            if !utf8.contains(where: { $0 == UInt8(ascii: ".") || $0 == UInt8(ascii: "e") || $0 == UInt8(ascii: "E") }) {
                return plainInteger(utf8, as: T.self)
            }
            guard let double = Double(String(decoding: utf8, as: UTF8.self)), let value = T(exactly: double) else { return nil }
            if double.magnitude < 9_007_199_254_740_992 { return value }
            return truncatedDecimal(utf8, as: T.self)
        }
    }

    /// An integer without fraction or exponent, digit by digit; nil on overflow (`-0` is 0 for any type).
    private static func plainInteger<T: FixedWidthInteger>(_ utf8: UnsafeBufferPointer<UInt8>, as type: T.Type) -> T? {
        let negative = utf8.first == UInt8(ascii: "-")
        var value: T = 0
        for byte in utf8.dropFirst(negative ? 1 : 0) {
            let digit = T(byte &- UInt8(ascii: "0"))
            let (shifted, overflow) = value.multipliedReportingOverflow(by: 10)
            let (next, carry) = negative ? shifted.subtractingReportingOverflow(digit) : shifted.addingReportingOverflow(digit)
            guard !overflow, !carry else { return nil }
            value = next
        }
        return value
    }

    /// The `Double` a number's text stands for, or nil when it is out of range.
    static func double(_ text: String) -> Double? {
        var text = text
        return text.withUTF8 { double($0) }
    }

    private static func double(_ utf8: UnsafeBufferPointer<UInt8>) -> Double? {
        guard isValid(utf8) else { return nil }
        if utf8.count == 3, utf8[0] == UInt8(ascii: "0"), utf8[1] | 0x20 == UInt8(ascii: "e"),
           (UInt8(ascii: "1")...UInt8(ascii: "9")).contains(utf8[2]) {
            return nil
        }
        guard let value = Double(String(decoding: utf8, as: UTF8.self)), value.isFinite else { return nil }
        if value == 0, hasNonZeroSignificand(utf8) { return nil }
        return value
    }

    /// The `Float` a number's text stands for, or nil when it is out of range.
    static func float(_ text: String) -> Float? {
        guard let double = double(text) else { return nil }
        let value = Float(double)
        return value.isFinite ? value : nil
    }

    /// Whether the text follows the RFC 8259 number grammar: `-? (0 | [1-9][0-9]*) (. [0-9]+)? ([eE] [+-]? [0-9]+)?`.
    static func isValid(_ utf8: UnsafeBufferPointer<UInt8>) -> Bool {
        var index = 0
        func digits() -> Int {
            let start = index
            while index < utf8.count, (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(utf8[index]) { index += 1 }
            return index - start
        }
        if index < utf8.count, utf8[index] == UInt8(ascii: "-") { index += 1 }
        if index < utf8.count, utf8[index] == UInt8(ascii: "0") {
            index += 1
        } else if digits() == 0 {
            return false
        }
        if index < utf8.count, utf8[index] == UInt8(ascii: ".") {
            index += 1
            guard digits() > 0 else { return false }
        }
        if index < utf8.count, utf8[index] | 0x20 == UInt8(ascii: "e") {
            index += 1
            if index < utf8.count, utf8[index] == UInt8(ascii: "+") || utf8[index] == UInt8(ascii: "-") { index += 1 }
            guard digits() > 0 else { return false }
        }
        return index == utf8.count
    }

    /// Whether a digit before the exponent is not zero: such a number is not zero, whatever it rounds to.
    private static func hasNonZeroSignificand(_ utf8: UnsafeBufferPointer<UInt8>) -> Bool {
        for byte in utf8 {
            if byte == UInt8(ascii: "e") || byte == UInt8(ascii: "E") { return false }
            if (UInt8(ascii: "1")...UInt8(ascii: "9")).contains(byte) { return true }
        }
        return false
    }

    /// The decimal value of valid number text truncated toward zero, if its magnitude fits `T.max`.
    private static func truncatedDecimal<T: FixedWidthInteger>(_ utf8: UnsafeBufferPointer<UInt8>, as type: T.Type) -> T? {
        var significand: [UInt8] = [], integerDigits = 0, exponent = 0, negativeExponent = false
        var inFraction = false, inExponent = false
        for byte in utf8 {
            switch byte {
            case UInt8(ascii: "-") where inExponent: negativeExponent = true
            case UInt8(ascii: "-"), UInt8(ascii: "+"): continue
            case UInt8(ascii: "."): inFraction = true
            case UInt8(ascii: "e"), UInt8(ascii: "E"): inExponent = true
            default:
                let digit = Int(byte - UInt8(ascii: "0"))
                if inExponent {
                    exponent = min(exponent * 10 + digit, 10_000)
                } else {
                    significand.append(UInt8(digit))
                    if !inFraction { integerDigits += 1 }
                }
            }
        }
        let wholeDigits = integerDigits + (negativeExponent ? -exponent : exponent)
        var magnitude: UInt64 = 0
        for position in 0..<max(0, wholeDigits) {
            let digit = position < significand.count ? UInt64(significand[position]) : 0
            let (shifted, overflow) = magnitude.multipliedReportingOverflow(by: 10)
            let (sum, carry) = shifted.addingReportingOverflow(digit)
            guard !overflow, !carry else { return nil }
            magnitude = sum
        }
        guard magnitude <= UInt64(T.max) else { return nil }
        return utf8.first == UInt8(ascii: "-") ? 0 - T(magnitude) : T(magnitude)
    }
}
