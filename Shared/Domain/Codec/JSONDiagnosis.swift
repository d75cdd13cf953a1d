/// Explains why UTF-8 bytes did not decode as an event: cut short, malformed, or JSON that is not an
/// object — each with the byte offset where reading failed. Runs only after a parse has failed, so the
/// hot path never pays for it.
enum JSONDiagnosis {
    /// `truncated_json` when the bytes end inside a value (or are empty), `malformed_json` at the first byte
    /// that cannot continue a JSON document, `not_an_object` for a complete JSON value that is not an object,
    /// and nil for a well-formed object (the decoder's own error then names the field).
    static func rejection(for bytes: [UInt8]) -> EventRejection? {
        var scanner = JSONScanner(bytes: bytes)
        let start: Int
        do {
            start = try scanner.document()
        } catch {
            switch error {
            case .truncated where scanner.sawContent:
                return EventRejection(code: .truncatedJSON, field: "",
                                      message: "value ends before its JSON document is complete (at byte \(bytes.count))")
            case .truncated:
                return EventRejection(code: .truncatedJSON, field: "", message: "value is empty (at byte 0)")
            case .unexpected(let offset, let expected):
                return EventRejection(code: .malformedJSON, field: "",
                                      message: "value is not JSON: \(JSONScanner.describe(bytes[offset])) at byte \(offset), expected \(expected)")
            case .tooDeep(let offset):
                return EventRejection(code: .malformedJSON, field: "",
                                      message: "value nests deeper than \(JSONScanner.maximumDepth) levels at byte \(offset)")
            }
        }
        guard bytes[start] == UInt8(ascii: "{") else {
            return EventRejection(code: .notAnObject, field: "",
                                  message: "value is a JSON \(JSONScanner.typeName(of: bytes[start])), not an object (at byte \(start))")
        }
        return nil
    }
}

/// A strict RFC 8259 reader that only checks the syntax and says where it fails.
struct JSONScanner {
    static let maximumDepth = 512

    enum Failure: Error {
        /// The bytes ended inside a value.
        case truncated
        /// The byte at `offset` cannot continue the document; `expected` says what could.
        case unexpected(offset: Int, expected: String)
        case tooDeep(offset: Int)
    }

    let bytes: [UInt8]
    private var index = 0
    /// Whether anything but white space was read.
    private(set) var sawContent = false

    init(bytes: [UInt8]) { self.bytes = bytes }

    /// Reads one complete document; returns the offset where its value starts.
    mutating func document() throws(Failure) -> Int {
        skipSpace()
        let start = index
        try value(depth: 0)
        skipSpace()
        guard index == bytes.count else { throw .unexpected(offset: index, expected: "the end of the document") }
        return start
    }

    private mutating func value(depth: Int) throws(Failure) {
        skipSpace()
        guard index < bytes.count else { throw .truncated }
        sawContent = true
        switch bytes[index] {
        case UInt8(ascii: "{"): try object(depth: depth + 1)
        case UInt8(ascii: "["): try array(depth: depth + 1)
        case UInt8(ascii: "\""): try string()
        case UInt8(ascii: "t"): try literal("true")
        case UInt8(ascii: "f"): try literal("false")
        case UInt8(ascii: "n"): try literal("null")
        case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"): try number()
        default: throw .unexpected(offset: index, expected: "a JSON value")
        }
    }

    private mutating func object(depth: Int) throws(Failure) {
        guard depth <= Self.maximumDepth else { throw .tooDeep(offset: index) }
        index += 1
        skipSpace()
        if try peek() == UInt8(ascii: "}") { index += 1; return }
        while true {
            skipSpace()
            guard try peek() == UInt8(ascii: "\"") else { throw .unexpected(offset: index, expected: "a member name") }
            try string()
            skipSpace()
            guard try peek() == UInt8(ascii: ":") else { throw .unexpected(offset: index, expected: "':'") }
            index += 1
            try value(depth: depth)
            skipSpace()
            switch try peek() {
            case UInt8(ascii: ","): index += 1
            case UInt8(ascii: "}"): index += 1; return
            default: throw .unexpected(offset: index, expected: "',' or '}'")
            }
        }
    }

    private mutating func array(depth: Int) throws(Failure) {
        guard depth <= Self.maximumDepth else { throw .tooDeep(offset: index) }
        index += 1
        skipSpace()
        if try peek() == UInt8(ascii: "]") { index += 1; return }
        while true {
            try value(depth: depth)
            skipSpace()
            switch try peek() {
            case UInt8(ascii: ","): index += 1
            case UInt8(ascii: "]"): index += 1; return
            default: throw .unexpected(offset: index, expected: "',' or ']'")
            }
        }
    }

    private mutating func string() throws(Failure) {
        index += 1
        while true {
            let byte = try peek()
            switch byte {
            case UInt8(ascii: "\""):
                index += 1
                return
            case UInt8(ascii: "\\"):
                index += 1
                let escape = try peek()
                if escape == UInt8(ascii: "u") {
                    for _ in 0..<4 {
                        index += 1
                        guard Self.isHexDigit(try peek()) else { throw .unexpected(offset: index, expected: "a hexadecimal digit") }
                    }
                } else if !"\"\\/bfnrt".utf8.contains(escape) {
                    throw .unexpected(offset: index, expected: "an escape character")
                }
                index += 1
            case 0..<0x20:
                throw .unexpected(offset: index, expected: "an escaped control character")
            default:
                index += 1
            }
        }
    }

    private mutating func number() throws(Failure) {
        if bytes[index] == UInt8(ascii: "-") { index += 1 }
        if try peek() == UInt8(ascii: "0") {
            index += 1
        } else {
            try digits()
        }
        if index < bytes.count, bytes[index] == UInt8(ascii: ".") {
            index += 1
            try digits()
        }
        if index < bytes.count, bytes[index] == UInt8(ascii: "e") || bytes[index] == UInt8(ascii: "E") {
            index += 1
            if try peek() == UInt8(ascii: "+") || bytes[index] == UInt8(ascii: "-") { index += 1 }
            try digits()
        }
    }

    /// One or more decimal digits.
    private mutating func digits() throws(Failure) {
        guard Self.isDigit(try peek()) else { throw .unexpected(offset: index, expected: "a digit") }
        while index < bytes.count, Self.isDigit(bytes[index]) { index += 1 }
    }

    private mutating func literal(_ word: StaticString) throws(Failure) {
        let expected = word.withUTF8Buffer { Array($0) }
        for byte in expected {
            guard try peek() == byte else { throw .unexpected(offset: index, expected: "\"\(word)\"") }
            index += 1
        }
    }

    /// The current byte; the document is truncated when there is none.
    private func peek() throws(Failure) -> UInt8 {
        guard index < bytes.count else { throw .truncated }
        return bytes[index]
    }

    private mutating func skipSpace() {
        while index < bytes.count, [0x20, 0x0A, 0x0D, 0x09].contains(bytes[index]) { index += 1 }
    }

    private static func isDigit(_ byte: UInt8) -> Bool { (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte) }

    private static func isHexDigit(_ byte: UInt8) -> Bool {
        isDigit(byte) || (UInt8(ascii: "a")...UInt8(ascii: "f")).contains(byte) || (UInt8(ascii: "A")...UInt8(ascii: "F")).contains(byte)
    }

    /// The JSON type a value starting with `byte` has.
    static func typeName(of byte: UInt8) -> String {
        switch byte {
        case UInt8(ascii: "["): "array"
        case UInt8(ascii: "\""): "string"
        case UInt8(ascii: "t"), UInt8(ascii: "f"): "boolean"
        case UInt8(ascii: "n"): "null"
        default: "number"
        }
    }

    /// A byte as a person reads it in a message: `'h'`, or `0x00` when it is not printable ASCII.
    static func describe(_ byte: UInt8) -> String {
        (0x21...0x7E).contains(byte) ? "'\(Character(Unicode.Scalar(byte)))'" : "byte 0x" + String(byte, radix: 16, uppercase: true)
    }
}
