/// Encodes any `Encodable` value as a ``CodedValue`` — the first half of writing JSON (``JSONCodec``) or the
/// binary changelog format, without Foundation.
///
/// Optionals that are nil are left out (the synthesized `encodeIfPresent`); a `Double` or `Float` that is NaN or
/// infinite is refused with `EncodingError.invalidValue` at its coding path, as Foundation's encoder refuses it.
public struct CodedValueEncoder: Sendable {
    public init() {}

    /// The tree of a value.
    public func encode<Value: Encodable>(_ value: Value) throws -> CodedValue {
        let encoder = TreeEncoder(parent: nil, key: nil)
        try value.encode(to: encoder)
        return encoder.finish()
    }
}

/// The `Encoder` of one value in the tree. A class, because the containers it hands out write back into it.
final class TreeEncoder: Encoder, TreeCoder {
    /// What the value has encoded so far.
    enum Storage {
        case empty
        case value(CodedValue)
        case object(ObjectBuilder)
        case array(ArrayBuilder)
    }

    var storage = Storage.empty
    let parent: TreeEncoder?
    let key: (any CodingKey)?

    init(parent: TreeEncoder?, key: (any CodingKey)?) {
        self.parent = parent
        self.key = key
    }

    var userInfo: [CodingUserInfoKey: Any] { [:] }

    func container<Key: CodingKey>(keyedBy type: Key.Type) -> KeyedEncodingContainer<Key> {
        let builder: ObjectBuilder
        if case .object(let existing) = storage {
            builder = existing
        } else {
            builder = ObjectBuilder()
            storage = .object(builder)
        }
        return KeyedEncodingContainer(KeyedTreeEncodingContainer<Key>(encoder: self, builder: builder))
    }

    func unkeyedContainer() -> any UnkeyedEncodingContainer {
        let builder: ArrayBuilder
        if case .array(let existing) = storage {
            builder = existing
        } else {
            builder = ArrayBuilder()
            storage = .array(builder)
        }
        return UnkeyedTreeEncodingContainer(encoder: self, builder: builder)
    }

    func singleValueContainer() -> any SingleValueEncodingContainer { SingleTreeEncodingContainer(encoder: self) }

    /// The finished tree; a value that encoded nothing is an empty object, as with Foundation.
    func finish() -> CodedValue {
        switch storage {
        case .empty: .object([])
        case .value(let value): value
        case .object(let builder): .object(builder.finish())
        case .array(let builder): .array(builder.finish())
        }
    }

    /// Encodes a nested value under `key` (nil for array elements) and returns its tree.
    func encodeChild<Value: Encodable>(_ value: Value, key: any CodingKey) throws -> CodedValue {
        let child = TreeEncoder(parent: self, key: key)
        try value.encode(to: child)
        return child.finish()
    }

    static func float<Number: BinaryFloatingPoint & CustomStringConvertible>(
        _ number: Number, at path: @autoclosure () -> [any CodingKey]
    ) throws -> CodedValue {
        guard number.isFinite else {
            throw EncodingError.invalidValue(number, .init(
                codingPath: path(), debugDescription: "Unable to encode \(Number.self).\(number) directly in JSON."))
        }
        if let double = number as? Double { return .double(double) }
        // A Float keeps its own shortest text, as Foundation writes it.
        let text = number.description
        return .number(text.hasSuffix(".0") ? String(text.dropLast(2)) : text)
    }

    static func integer<Number: FixedWidthInteger>(_ number: Number) -> CodedValue {
        if let value = Int64(exactly: number) { return .integer(value) }
        return .unsigned(UInt64(number))
    }
}

/// An encoder or decoder of one value in a tree, which knows its coding path through its parent: the path is built
/// only when asked for (errors, custom codings), not for every value.
protocol TreeCoder: AnyObject {
    var parent: Self? { get }
    var key: (any CodingKey)? { get }
}

extension TreeCoder {
    var codingPath: [any CodingKey] {
        var path = parent?.codingPath ?? []
        if let key { path.append(key) }
        return path
    }
}

/// The members of an object being encoded; nested containers are finished when the object is.
final class ObjectBuilder {
    var members: [CodedMember] = []
    var pending: [(position: Int, encoder: TreeEncoder)] = []

    func finish() -> [CodedMember] {
        for (position, encoder) in pending { members[position].value = encoder.finish() }
        pending = []
        return members
    }
}

/// The elements of an array being encoded; nested containers are finished when the array is.
final class ArrayBuilder {
    var elements: [CodedValue] = []
    var pending: [(position: Int, encoder: TreeEncoder)] = []

    func finish() -> [CodedValue] {
        for (position, encoder) in pending { elements[position] = encoder.finish() }
        pending = []
        return elements
    }
}

/// The coding key of an array element, named as Foundation names it (`Index 2`).
struct IndexCodingKey: CodingKey {
    let intValue: Int?
    let stringValue: String

    init(_ index: Int) {
        intValue = index
        stringValue = "Index \(index)"
    }

    init?(intValue: Int) { self.init(intValue) }
    init?(stringValue: String) { nil }
}

/// The key `super` of `superEncoder()` and `superDecoder()`.
struct SuperCodingKey: CodingKey {
    var stringValue: String { "super" }
    var intValue: Int? { nil }
    init() {}
    init?(stringValue: String) { nil }
    init?(intValue: Int) { nil }
}
