/// Reads UTF-8 JSON (RFC 8259) into a ``CodedValue``, accepting exactly what Foundation's `JSONDecoder`
/// accepts on UTF-8 input — so replacing it changes no accept or reject decision:
/// - one leading UTF-8 byte order mark is skipped;
/// - a comma may follow the last member of an object or element of an array (`{"a":1,}`, `[1,]`);
/// - strings and numbers are checked only when a decoder reads them (a member nobody reads may hold `"\x"`,
///   a lone surrogate or `01`), their extent found as Foundation finds it; member names are checked at once;
/// - objects and arrays nest at most ``maximumDepth`` levels.
///
/// It does not validate UTF-8: callers check the bytes first (``UTF8Validation``), once.
struct JSONReader {
    /// The deepest nesting of objects and arrays read, as Foundation's decoder and ``JSONScanner``.
    static let maximumDepth = JSONScanner.maximumDepth

    typealias Failure = JSONReadError

    private let bytes: UnsafeBufferPointer<UInt8>
    private var index = 0

    private init(_ bytes: UnsafeBufferPointer<UInt8>) { self.bytes = bytes }

    /// Reads one complete document, with nothing but white space after it.
    static func read(_ bytes: [UInt8]) throws(Failure) -> CodedValue {
        try bytes.withUnsafeBufferPointer { (buffer) throws(Failure) -> CodedValue in
            var reader = JSONReader(buffer)
            return try reader.document()
        }
    }

    private mutating func document() throws(Failure) -> CodedValue {
        if bytes.count >= 3, bytes[0] == 0xEF, bytes[1] == 0xBB, bytes[2] == 0xBF { index = 3 }
        skipSpace()
        let value = try value(depth: 0)
        skipSpace()
        guard index == bytes.count else { throw failure("expected the end of the document") }
        return value
    }

    private mutating func value(depth: Int) throws(Failure) -> CodedValue {
        switch try peek() {
        case UInt8(ascii: "{"): return try object(depth: depth + 1)
        case UInt8(ascii: "["): return try array(depth: depth + 1)
        case UInt8(ascii: "\""): return try stringValue()
        case UInt8(ascii: "t"): try literal("true"); return .bool(true)
        case UInt8(ascii: "f"): try literal("false"); return .bool(false)
        case UInt8(ascii: "n"): try literal("null"); return .null
        case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"): return .number(number())
        default: throw failure("expected a JSON value")
        }
    }

    private mutating func object(depth: Int) throws(Failure) -> CodedValue {
        guard depth <= Self.maximumDepth else { throw failure("nests deeper than \(Self.maximumDepth) levels") }
        index += 1
        var members: [CodedMember] = []
        skipSpace()
        if try peek() == UInt8(ascii: "}") { index += 1; return .object(members) }
        while true {
            guard try peek() == UInt8(ascii: "\"") else { throw failure("expected a member name") }
            let key = try memberName()
            skipSpace()
            guard try peek() == UInt8(ascii: ":") else { throw failure("expected ':'") }
            index += 1
            skipSpace()
            members.append(CodedMember(key: key, value: try value(depth: depth)))
            skipSpace()
            switch try peek() {
            case UInt8(ascii: ","):
                index += 1
                skipSpace()
                if try peek() == UInt8(ascii: "}") { index += 1; return .object(members) }
            case UInt8(ascii: "}"):
                index += 1
                return .object(members)
            default:
                throw failure("expected ',' or '}'")
            }
        }
    }

    private mutating func array(depth: Int) throws(Failure) -> CodedValue {
        guard depth <= Self.maximumDepth else { throw failure("nests deeper than \(Self.maximumDepth) levels") }
        index += 1
        var elements: [CodedValue] = []
        skipSpace()
        if try peek() == UInt8(ascii: "]") { index += 1; return .array(elements) }
        while true {
            elements.append(try value(depth: depth))
            skipSpace()
            switch try peek() {
            case UInt8(ascii: ","):
                index += 1
                skipSpace()
                if try peek() == UInt8(ascii: "]") { index += 1; return .array(elements) }
            case UInt8(ascii: "]"):
                index += 1
                return .array(elements)
            default:
                throw failure("expected ',' or ']'")
            }
        }
    }

    /// A string value. Its text is checked only when a decoder reads it, as Foundation's decoder does: a string with a
    /// bad escape, a lone surrogate or a raw control character is kept as ``CodedValue/rawString(_:)``, refused if
    /// read and ignored if it belongs to a member nobody reads.
    private mutating func stringValue() throws(Failure) -> CodedValue {
        let (range, clean) = try scanString()
        let slice = UnsafeBufferPointer(rebasing: bytes[range])
        if clean { return .string(String(decoding: slice, as: UTF8.self)) }
        if let text = Self.unescape(slice) { return .string(text) }
        return .rawString(String(decoding: slice, as: UTF8.self))
    }

    /// A member name, which must be valid JSON text (Foundation's decoder reads every name).
    private mutating func memberName() throws(Failure) -> String {
        let start = index
        let (range, clean) = try scanString()
        let slice = UnsafeBufferPointer(rebasing: bytes[range])
        if clean { return String(decoding: slice, as: UTF8.self) }
        guard let text = Self.unescape(slice) else { throw Failure(offset: start, reason: "a member name that is not valid JSON text") }
        return text
    }

    /// Finds the closing quote of the string that opens at `index`: the bytes between, and whether they hold
    /// neither an escape nor a control character (the common case, taken as they are).
    private mutating func scanString() throws(Failure) -> (Range<Int>, clean: Bool) {
        index += 1
        let start = index
        var clean = true
        while index < bytes.count {
            let byte = bytes[index]
            if byte == UInt8(ascii: "\"") {
                defer { index += 1 }
                return (start..<index, clean)
            }
            if byte == UInt8(ascii: "\\") {
                clean = false
                index += 2
                continue
            }
            if byte < 0x20 { clean = false }
            index += 1
        }
        throw failure("the document ends inside a string")
    }

    /// The text of a string's bytes with escapes, or nil when they are not valid JSON text.
    private static func unescape(_ raw: UnsafeBufferPointer<UInt8>) -> String? {
        var text: [UInt8] = []
        text.reserveCapacity(raw.count)
        var index = 0
        while index < raw.count {
            let byte = raw[index]
            index += 1
            if byte < 0x20 { return nil }
            guard byte == UInt8(ascii: "\\") else { text.append(byte); continue }
            guard index < raw.count else { return nil }
            let escape = raw[index]
            index += 1
            switch escape {
            case UInt8(ascii: "\""), UInt8(ascii: "\\"), UInt8(ascii: "/"): text.append(escape)
            case UInt8(ascii: "b"): text.append(0x08)
            case UInt8(ascii: "f"): text.append(0x0C)
            case UInt8(ascii: "n"): text.append(0x0A)
            case UInt8(ascii: "r"): text.append(0x0D)
            case UInt8(ascii: "t"): text.append(0x09)
            case UInt8(ascii: "u"):
                guard let unit = hexQuad(raw, at: index) else { return nil }
                index += 4
                var value = UInt32(unit)
                switch unit {
                case 0xD800...0xDBFF:
                    guard index + 6 <= raw.count, raw[index] == UInt8(ascii: "\\"), raw[index + 1] == UInt8(ascii: "u"),
                          let low = hexQuad(raw, at: index + 2), (0xDC00...0xDFFF).contains(low) else { return nil }
                    index += 6
                    value = 0x10000 + ((value - 0xD800) << 10) + (UInt32(low) - 0xDC00)
                case 0xDC00...0xDFFF:
                    return nil
                default:
                    break
                }
                guard let scalar = Unicode.Scalar(value) else { return nil }
                text.append(contentsOf: scalar.utf8)
            default:
                return nil
            }
        }
        return String(decoding: text, as: UTF8.self)
    }

    private static func hexQuad(_ raw: UnsafeBufferPointer<UInt8>, at start: Int) -> UInt16? {
        guard start + 4 <= raw.count else { return nil }
        var unit: UInt16 = 0
        for byte in raw[start..<(start + 4)] {
            let digit: UInt8
            switch byte {
            case UInt8(ascii: "0")...UInt8(ascii: "9"): digit = byte - UInt8(ascii: "0")
            case UInt8(ascii: "a")...UInt8(ascii: "f"): digit = byte - UInt8(ascii: "a") + 10
            case UInt8(ascii: "A")...UInt8(ascii: "F"): digit = byte - UInt8(ascii: "A") + 10
            default: return nil
            }
            unit = unit << 4 | UInt16(digit)
        }
        return unit
    }

    /// A number's text: a sign or digit, then every byte that may continue a number (`0-9 . e E + -`), as
    /// Foundation's decoder scans it. Its grammar is checked only when a decoder reads it (``JSONNumber``).
    private mutating func number() -> String {
        let start = index
        index += 1
        while index < bytes.count {
            switch bytes[index] {
            case UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "."), UInt8(ascii: "e"), UInt8(ascii: "E"),
                 UInt8(ascii: "+"), UInt8(ascii: "-"):
                index += 1
            default:
                return String(decoding: UnsafeBufferPointer(rebasing: bytes[start..<index]), as: UTF8.self)
            }
        }
        return String(decoding: UnsafeBufferPointer(rebasing: bytes[start..<index]), as: UTF8.self)
    }

    private mutating func literal(_ word: StaticString) throws(Failure) {
        let count = word.utf8CodeUnitCount
        guard index + count <= bytes.count else { throw failure("the document ends inside \"\(word)\"") }
        for offset in 0..<count where bytes[index + offset] != word.utf8Start[offset] {
            index += offset
            throw failure("expected \"\(word)\"")
        }
        index += count
    }

    private func peek() throws(Failure) -> UInt8 {
        guard index < bytes.count else { throw failure("the document ends too early") }
        return bytes[index]
    }

    private mutating func skipSpace() {
        while index < bytes.count {
            switch bytes[index] {
            case 0x20, 0x0A, 0x0D, 0x09: index += 1
            default: return
            }
        }
    }

    private func failure(_ reason: String) -> Failure { Failure(offset: index, reason: reason) }
}
