/// The keyed container of ``TreeDecoder``. A name that repeats counts once, with its first value (as in
/// Foundation's decoder); objects of more than ``indexThreshold`` members are looked up through an index.
struct KeyedTreeDecodingContainer<Key: CodingKey>: KeyedDecodingContainerProtocol {
    static var indexThreshold: Int { 12 }

    let decoder: TreeDecoder
    let members: [CodedMember]
    /// The position of each name's first member, for large objects (dictionaries) only.
    private let index: [String: Int]?

    init(decoder: TreeDecoder, members: [CodedMember]) {
        self.decoder = decoder
        self.members = members
        if members.count > Self.indexThreshold {
            var index = [String: Int](minimumCapacity: members.count)
            for (position, member) in members.enumerated() where index[member.key] == nil { index[member.key] = position }
            self.index = index
        } else {
            self.index = nil
        }
    }

    var codingPath: [any CodingKey] { decoder.codingPath }

    var allKeys: [Key] {
        if let index {
            return members.indices.compactMap { index[members[$0].key] == $0 ? Key(stringValue: members[$0].key) : nil }
        }
        var seen: Set<String> = []
        return members.compactMap { seen.insert($0.key).inserted ? Key(stringValue: $0.key) : nil }
    }

    private func find(_ key: Key) -> CodedValue? {
        let name = key.stringValue
        if let index { return index[name].map { members[$0].value } }
        for member in members where member.key == name { return member.value }
        return nil
    }

    private func value(_ key: Key) throws -> CodedValue {
        guard let value = find(key) else {
            throw DecodingError.keyNotFound(key, .init(
                codingPath: codingPath, debugDescription: "No value associated with key \(key) (\"\(key.stringValue)\")."))
        }
        return value
    }

    func contains(_ key: Key) -> Bool { find(key) != nil }
    func decodeNil(forKey key: Key) throws -> Bool { try value(key) == .null }
    func decode(_ type: Bool.Type, forKey key: Key) throws -> Bool { try TreeUnboxing.bool(value(key), at: codingPath + [key]) }
    func decode(_ type: String.Type, forKey key: Key) throws -> String { try TreeUnboxing.string(value(key), at: codingPath + [key]) }
    func decode(_ type: Double.Type, forKey key: Key) throws -> Double { try TreeUnboxing.double(value(key), at: codingPath + [key]) }
    func decode(_ type: Float.Type, forKey key: Key) throws -> Float { try TreeUnboxing.float(value(key), at: codingPath + [key]) }
    func decode(_ type: Int.Type, forKey key: Key) throws -> Int { try integer(key) }
    func decode(_ type: Int8.Type, forKey key: Key) throws -> Int8 { try integer(key) }
    func decode(_ type: Int16.Type, forKey key: Key) throws -> Int16 { try integer(key) }
    func decode(_ type: Int32.Type, forKey key: Key) throws -> Int32 { try integer(key) }
    func decode(_ type: Int64.Type, forKey key: Key) throws -> Int64 { try integer(key) }
    func decode(_ type: UInt.Type, forKey key: Key) throws -> UInt { try integer(key) }
    func decode(_ type: UInt8.Type, forKey key: Key) throws -> UInt8 { try integer(key) }
    func decode(_ type: UInt16.Type, forKey key: Key) throws -> UInt16 { try integer(key) }
    func decode(_ type: UInt32.Type, forKey key: Key) throws -> UInt32 { try integer(key) }
    func decode(_ type: UInt64.Type, forKey key: Key) throws -> UInt64 { try integer(key) }

    private func integer<Number: FixedWidthInteger>(_ key: Key) throws -> Number {
        try TreeUnboxing.integer(value(key), as: Number.self, at: codingPath + [key])
    }

    func decode<Value: Decodable>(_ type: Value.Type, forKey key: Key) throws -> Value {
        try Value(from: TreeDecoder(value: value(key), parent: decoder, key: key))
    }

    func nestedContainer<NestedKey: CodingKey>(
        keyedBy type: NestedKey.Type, forKey key: Key
    ) throws -> KeyedDecodingContainer<NestedKey> {
        try TreeDecoder(value: value(key), parent: decoder, key: key).container(keyedBy: type)
    }

    func nestedUnkeyedContainer(forKey key: Key) throws -> any UnkeyedDecodingContainer {
        try TreeDecoder(value: value(key), parent: decoder, key: key).unkeyedContainer()
    }

    func superDecoder() throws -> any Decoder {
        let key = SuperCodingKey()
        return TreeDecoder(value: members.first { $0.key == key.stringValue }?.value ?? .null, parent: decoder, key: key)
    }

    func superDecoder(forKey key: Key) throws -> any Decoder {
        TreeDecoder(value: find(key) ?? .null, parent: decoder, key: key)
    }
}

/// The unkeyed container of ``TreeDecoder``: elements in order, `valueNotFound` past the end.
struct UnkeyedTreeDecodingContainer: UnkeyedDecodingContainer {
    let decoder: TreeDecoder
    let elements: [CodedValue]
    private(set) var currentIndex = 0

    init(decoder: TreeDecoder, elements: [CodedValue]) {
        self.decoder = decoder
        self.elements = elements
    }

    var codingPath: [any CodingKey] { decoder.codingPath }
    var count: Int? { elements.count }
    var isAtEnd: Bool { currentIndex >= elements.count }
    private var path: [any CodingKey] { codingPath + [IndexCodingKey(currentIndex)] }

    /// The next element, consumed.
    private mutating func next(_ type: Any.Type) throws -> CodedValue {
        guard !isAtEnd else {
            throw DecodingError.valueNotFound(type, .init(codingPath: path, debugDescription: "Unkeyed container is at end."))
        }
        defer { currentIndex += 1 }
        return elements[currentIndex]
    }

    mutating func decodeNil() throws -> Bool {
        guard !isAtEnd else {
            throw DecodingError.valueNotFound(Any?.self, .init(codingPath: path, debugDescription: "Unkeyed container is at end."))
        }
        guard elements[currentIndex] == .null else { return false }
        currentIndex += 1
        return true
    }

    mutating func decode(_ type: Bool.Type) throws -> Bool { let path = path; return try TreeUnboxing.bool(next(type), at: path) }
    mutating func decode(_ type: String.Type) throws -> String { let path = path; return try TreeUnboxing.string(next(type), at: path) }
    mutating func decode(_ type: Double.Type) throws -> Double { let path = path; return try TreeUnboxing.double(next(type), at: path) }
    mutating func decode(_ type: Float.Type) throws -> Float { let path = path; return try TreeUnboxing.float(next(type), at: path) }
    mutating func decode(_ type: Int.Type) throws -> Int { try integer() }
    mutating func decode(_ type: Int8.Type) throws -> Int8 { try integer() }
    mutating func decode(_ type: Int16.Type) throws -> Int16 { try integer() }
    mutating func decode(_ type: Int32.Type) throws -> Int32 { try integer() }
    mutating func decode(_ type: Int64.Type) throws -> Int64 { try integer() }
    mutating func decode(_ type: UInt.Type) throws -> UInt { try integer() }
    mutating func decode(_ type: UInt8.Type) throws -> UInt8 { try integer() }
    mutating func decode(_ type: UInt16.Type) throws -> UInt16 { try integer() }
    mutating func decode(_ type: UInt32.Type) throws -> UInt32 { try integer() }
    mutating func decode(_ type: UInt64.Type) throws -> UInt64 { try integer() }

    private mutating func integer<Number: FixedWidthInteger>() throws -> Number {
        let key = IndexCodingKey(currentIndex)
        let value = try next(Number.self)
        return try TreeUnboxing.integer(value, as: Number.self, at: codingPath + [key])
    }

    mutating func decode<Value: Decodable>(_ type: Value.Type) throws -> Value {
        let key = IndexCodingKey(currentIndex)
        return try Value(from: TreeDecoder(value: next(type), parent: decoder, key: key))
    }

    mutating func nestedContainer<NestedKey: CodingKey>(keyedBy type: NestedKey.Type) throws -> KeyedDecodingContainer<NestedKey> {
        let key = IndexCodingKey(currentIndex)
        return try TreeDecoder(value: next([String: Any].self), parent: decoder, key: key).container(keyedBy: type)
    }

    mutating func nestedUnkeyedContainer() throws -> any UnkeyedDecodingContainer {
        let key = IndexCodingKey(currentIndex)
        return try TreeDecoder(value: next([Any].self), parent: decoder, key: key).unkeyedContainer()
    }

    mutating func superDecoder() throws -> any Decoder {
        let key = IndexCodingKey(currentIndex)
        return TreeDecoder(value: try next(Any.self), parent: decoder, key: key)
    }
}

/// The single-value container of ``TreeDecoder``.
struct SingleTreeDecodingContainer: SingleValueDecodingContainer {
    let decoder: TreeDecoder

    var codingPath: [any CodingKey] { decoder.codingPath }
    private var value: CodedValue { decoder.value }

    func decodeNil() -> Bool { value == .null }
    func decode(_ type: Bool.Type) throws -> Bool { try TreeUnboxing.bool(value, at: codingPath) }
    func decode(_ type: String.Type) throws -> String { try TreeUnboxing.string(value, at: codingPath) }
    func decode(_ type: Double.Type) throws -> Double { try TreeUnboxing.double(value, at: codingPath) }
    func decode(_ type: Float.Type) throws -> Float { try TreeUnboxing.float(value, at: codingPath) }
    func decode(_ type: Int.Type) throws -> Int { try TreeUnboxing.integer(value, as: type, at: codingPath) }
    func decode(_ type: Int8.Type) throws -> Int8 { try TreeUnboxing.integer(value, as: type, at: codingPath) }
    func decode(_ type: Int16.Type) throws -> Int16 { try TreeUnboxing.integer(value, as: type, at: codingPath) }
    func decode(_ type: Int32.Type) throws -> Int32 { try TreeUnboxing.integer(value, as: type, at: codingPath) }
    func decode(_ type: Int64.Type) throws -> Int64 { try TreeUnboxing.integer(value, as: type, at: codingPath) }
    func decode(_ type: UInt.Type) throws -> UInt { try TreeUnboxing.integer(value, as: type, at: codingPath) }
    func decode(_ type: UInt8.Type) throws -> UInt8 { try TreeUnboxing.integer(value, as: type, at: codingPath) }
    func decode(_ type: UInt16.Type) throws -> UInt16 { try TreeUnboxing.integer(value, as: type, at: codingPath) }
    func decode(_ type: UInt32.Type) throws -> UInt32 { try TreeUnboxing.integer(value, as: type, at: codingPath) }
    func decode(_ type: UInt64.Type) throws -> UInt64 { try TreeUnboxing.integer(value, as: type, at: codingPath) }
    func decode<Value: Decodable>(_ type: Value.Type) throws -> Value { try Value(from: decoder) }
}
