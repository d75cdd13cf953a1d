/// Decodes any `Decodable` value from a ``CodedValue`` — the second half of reading JSON (``JSONCodec``) or the
/// binary changelog format, without Foundation.
///
/// It fails as Foundation's `JSONDecoder` fails, with the same `DecodingError` cases and coding paths
/// (`keyNotFound`, `valueNotFound` for null, `typeMismatch`), so ``DecodingErrorMapping`` names the same field
/// and code; a number that does not fit its type is `dataCorrupted` with an empty path, as there.
public struct CodedValueDecoder: Sendable {
    public init() {}

    /// The value a tree stands for.
    public func decode<Value: Decodable>(_ type: Value.Type, from value: CodedValue) throws -> Value {
        try Value(from: TreeDecoder(value: value, parent: nil, key: nil))
    }
}

/// The `Decoder` of one value in the tree.
final class TreeDecoder: Decoder, TreeCoder {
    let value: CodedValue
    let parent: TreeDecoder?
    let key: (any CodingKey)?

    init(value: CodedValue, parent: TreeDecoder?, key: (any CodingKey)?) {
        self.value = value
        self.parent = parent
        self.key = key
    }

    var userInfo: [CodingUserInfoKey: Any] { [:] }

    func container<Key: CodingKey>(keyedBy type: Key.Type) throws -> KeyedDecodingContainer<Key> {
        switch value {
        case .object(let members):
            return KeyedDecodingContainer(KeyedTreeDecodingContainer<Key>(decoder: self, members: members))
        case .null:
            throw DecodingError.valueNotFound([String: Any].self, .init(
                codingPath: codingPath, debugDescription: "Cannot get keyed decoding container -- found null value instead"))
        default:
            throw DecodingError.typeMismatch([String: Any].self, .init(
                codingPath: codingPath, debugDescription: "Expected to decode Dictionary<String, Any> but found \(value.typeName) instead."))
        }
    }

    func unkeyedContainer() throws -> any UnkeyedDecodingContainer {
        switch value {
        case .array(let elements):
            return UnkeyedTreeDecodingContainer(decoder: self, elements: elements)
        case .null:
            throw DecodingError.valueNotFound([Any].self, .init(
                codingPath: codingPath, debugDescription: "Cannot get unkeyed decoding container -- found null value instead"))
        default:
            throw DecodingError.typeMismatch([Any].self, .init(
                codingPath: codingPath, debugDescription: "Expected to decode Array<Any> but found \(value.typeName) instead."))
        }
    }

    func singleValueContainer() throws -> any SingleValueDecodingContainer { SingleTreeDecodingContainer(decoder: self) }
}

/// Converts one tree value to the primitive a container asks for, failing as Foundation's decoder fails.
enum TreeUnboxing {
    static func bool(_ value: CodedValue, at path: @autoclosure () -> [any CodingKey]) throws -> Bool {
        guard case .bool(let flag) = value else {
            // Foundation's decoder reports a null where a Bool belongs as a type mismatch, not as a missing value.
            throw DecodingError.typeMismatch(Bool.self, .init(
                codingPath: path(), debugDescription: "Expected to decode Bool but found \(value.typeName) instead."))
        }
        return flag
    }

    static func string(_ value: CodedValue, at path: @autoclosure () -> [any CodingKey]) throws -> String {
        switch value {
        case .string(let text):
            return text
        case .rawString(let text):
            let field = DecodingErrorMapping.path(path())
            throw DecodingError.dataCorrupted(.init(
                codingPath: [], debugDescription: "string \"\(text)\" at \(field.isEmpty ? "the top level" : field) is not valid JSON text"))
        default:
            throw mismatch(String.self, value, path())
        }
    }

    static func double(_ value: CodedValue, at path: @autoclosure () -> [any CodingKey]) throws -> Double {
        switch value {
        case .double(let number): return number
        case .integer(let number): return Double(number)
        case .unsigned(let number): return Double(number)
        case .number(let text):
            guard let number = JSONNumber.double(text) else { throw outOfRange(value, Double.self, path()) }
            return number
        default: throw mismatch(Double.self, value, path())
        }
    }

    static func float(_ value: CodedValue, at path: @autoclosure () -> [any CodingKey]) throws -> Float {
        if case .number(let text) = value {
            guard let number = JSONNumber.float(text) else { throw outOfRange(value, Float.self, path()) }
            return number
        }
        let number = Float(try double(value, at: path()))
        guard number.isFinite else { throw outOfRange(value, Float.self, path()) }
        return number
    }

    static func integer<Number: FixedWidthInteger>(
        _ value: CodedValue, as type: Number.Type, at path: @autoclosure () -> [any CodingKey]
    ) throws -> Number {
        let result: Number?
        switch value {
        case .integer(let number): result = Number(exactly: number)
        case .unsigned(let number): result = Number(exactly: number)
        case .double(let number): result = Number(exactly: number)
        case .number(let text): result = JSONNumber.integer(text, as: Number.self)
        default: throw mismatch(Number.self, value, path())
        }
        guard let result else { throw outOfRange(value, Number.self, path()) }
        return result
    }

    /// `valueNotFound` for null, `typeMismatch` for any other kind of value.
    static func mismatch(_ type: Any.Type, _ value: CodedValue, _ path: [any CodingKey]) -> DecodingError {
        if value == .null {
            return .valueNotFound(type, .init(codingPath: path, debugDescription: "Cannot get value of type \(type) -- found null value instead"))
        }
        return .typeMismatch(type, .init(codingPath: path, debugDescription: "Expected to decode \(type) but found \(value.typeName) instead."))
    }

    /// A number that does not fit: `dataCorrupted` with an empty path (Foundation's decoder reports the document as
    /// invalid), the field named in the description.
    private static func outOfRange(_ value: CodedValue, _ type: Any.Type, _ path: [any CodingKey]) -> DecodingError {
        let field = DecodingErrorMapping.path(path)
        let text = switch value {
        case .number(let text): text
        case .integer(let number): "\(number)"
        case .unsigned(let number): "\(number)"
        case .double(let number): "\(number)"
        default: value.typeName
        }
        return .dataCorrupted(.init(codingPath: [], debugDescription: "number \(text) at \(field.isEmpty ? "the top level" : field) does not fit in \(type)"))
    }
}
