/// The tree a `Codable` value encodes to and decodes from, whatever its bytes: the JSON of events and the
/// binary changelog format both read into it and write from it, so one ``CodedValueEncoder`` and one
/// ``CodedValueDecoder`` serve both.
public enum CodedValue: Sendable, Equatable {
    case null
    case bool(Bool)
    /// A whole number, as an encoder or the binary format gives it.
    case integer(Int64)
    /// A whole number above `Int64.max`.
    case unsigned(UInt64)
    /// A finite binary floating-point number, as an encoder or the binary format gives it.
    case double(Double)
    /// A number as JSON text, exactly as read: checked and converted only when a decoder asks for a type, so an
    /// integer keeps every digit and a fraction is rounded once.
    case number(String)
    case string(String)
    /// The text between the quotes of a string that is not valid JSON text (a bad escape, a lone surrogate, a raw
    /// control character): refused only if a decoder reads it, as Foundation's decoder does.
    case rawString(String)
    case array([CodedValue])
    /// The members in the order they were read or encoded; a name may repeat in what was read (the
    /// first one counts, as with Foundation's decoder).
    case object([CodedMember])

    /// The JSON Schema name of the value's type, for messages.
    var typeName: String {
        switch self {
        case .null: "null"
        case .bool: "bool"
        case .integer, .unsigned, .double, .number: "number"
        case .string, .rawString: "a string"
        case .array: "an array"
        case .object: "a dictionary"
        }
    }
}

/// One member of a ``CodedValue/object(_:)``.
public struct CodedMember: Sendable, Equatable {
    public var key: String
    public var value: CodedValue

    public init(key: String, value: CodedValue) {
        self.key = key
        self.value = value
    }
}

extension CodedMember {
    /// Members in the canonical order of both formats — by the UTF-8 bytes of their names, as Foundation's
    /// `.sortedKeys` — so equal values give equal bytes.
    static func canonicalOrder(_ members: [CodedMember]) -> [CodedMember] {
        var isSorted = true
        for position in members.indices.dropFirst()
        where !members[position - 1].key.utf8.lexicographicallyPrecedes(members[position].key.utf8) {
            isSorted = false
            break
        }
        return isSorted ? members : members.sorted { $0.key.utf8.lexicographicallyPrecedes($1.key.utf8) }
    }
}
