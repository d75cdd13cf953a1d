/// The keyed container of ``TreeEncoder``: each member is appended as it is encoded.
struct KeyedTreeEncodingContainer<Key: CodingKey>: KeyedEncodingContainerProtocol {
    let encoder: TreeEncoder
    let builder: ObjectBuilder

    var codingPath: [any CodingKey] { encoder.codingPath }

    private func append(_ value: CodedValue, _ key: Key) {
        builder.members.append(CodedMember(key: key.stringValue, value: value))
    }

    mutating func encodeNil(forKey key: Key) throws { append(.null, key) }
    mutating func encode(_ value: Bool, forKey key: Key) throws { append(.bool(value), key) }
    mutating func encode(_ value: String, forKey key: Key) throws { append(.string(value), key) }
    mutating func encode(_ value: Double, forKey key: Key) throws {
        append(try TreeEncoder.float(value, at: codingPath + [key]), key)
    }
    mutating func encode(_ value: Float, forKey key: Key) throws {
        append(try TreeEncoder.float(value, at: codingPath + [key]), key)
    }
    mutating func encode(_ value: Int, forKey key: Key) throws { append(.integer(Int64(value)), key) }
    mutating func encode(_ value: Int8, forKey key: Key) throws { append(.integer(Int64(value)), key) }
    mutating func encode(_ value: Int16, forKey key: Key) throws { append(.integer(Int64(value)), key) }
    mutating func encode(_ value: Int32, forKey key: Key) throws { append(.integer(Int64(value)), key) }
    mutating func encode(_ value: Int64, forKey key: Key) throws { append(.integer(value), key) }
    mutating func encode(_ value: UInt, forKey key: Key) throws { append(TreeEncoder.integer(value), key) }
    mutating func encode(_ value: UInt8, forKey key: Key) throws { append(.integer(Int64(value)), key) }
    mutating func encode(_ value: UInt16, forKey key: Key) throws { append(.integer(Int64(value)), key) }
    mutating func encode(_ value: UInt32, forKey key: Key) throws { append(.integer(Int64(value)), key) }
    mutating func encode(_ value: UInt64, forKey key: Key) throws { append(TreeEncoder.integer(value), key) }
    mutating func encode<Value: Encodable>(_ value: Value, forKey key: Key) throws {
        append(try encoder.encodeChild(value, key: key), key)
    }

    mutating func nestedContainer<NestedKey: CodingKey>(
        keyedBy keyType: NestedKey.Type, forKey key: Key
    ) -> KeyedEncodingContainer<NestedKey> {
        pendingEncoder(key: key).container(keyedBy: keyType)
    }

    mutating func nestedUnkeyedContainer(forKey key: Key) -> any UnkeyedEncodingContainer {
        pendingEncoder(key: key).unkeyedContainer()
    }

    mutating func superEncoder() -> any Encoder { pendingEncoder(key: SuperCodingKey()) }
    mutating func superEncoder(forKey key: Key) -> any Encoder { pendingEncoder(key: key) }

    /// An encoder whose value is filled in when the object is finished.
    private func pendingEncoder(key: any CodingKey) -> TreeEncoder {
        let child = TreeEncoder(parent: encoder, key: key)
        builder.pending.append((builder.members.count, child))
        builder.members.append(CodedMember(key: key.stringValue, value: .null))
        return child
    }
}

/// The unkeyed container of ``TreeEncoder``: each element is appended as it is encoded.
struct UnkeyedTreeEncodingContainer: UnkeyedEncodingContainer {
    let encoder: TreeEncoder
    let builder: ArrayBuilder

    var codingPath: [any CodingKey] { encoder.codingPath }
    var count: Int { builder.elements.count }

    private func append(_ value: CodedValue) { builder.elements.append(value) }
    private var nextPath: [any CodingKey] { codingPath + [IndexCodingKey(count)] }

    mutating func encodeNil() throws { append(.null) }
    mutating func encode(_ value: Bool) throws { append(.bool(value)) }
    mutating func encode(_ value: String) throws { append(.string(value)) }
    mutating func encode(_ value: Double) throws { append(try TreeEncoder.float(value, at: nextPath)) }
    mutating func encode(_ value: Float) throws { append(try TreeEncoder.float(value, at: nextPath)) }
    mutating func encode(_ value: Int) throws { append(.integer(Int64(value))) }
    mutating func encode(_ value: Int8) throws { append(.integer(Int64(value))) }
    mutating func encode(_ value: Int16) throws { append(.integer(Int64(value))) }
    mutating func encode(_ value: Int32) throws { append(.integer(Int64(value))) }
    mutating func encode(_ value: Int64) throws { append(.integer(value)) }
    mutating func encode(_ value: UInt) throws { append(TreeEncoder.integer(value)) }
    mutating func encode(_ value: UInt8) throws { append(.integer(Int64(value))) }
    mutating func encode(_ value: UInt16) throws { append(.integer(Int64(value))) }
    mutating func encode(_ value: UInt32) throws { append(.integer(Int64(value))) }
    mutating func encode(_ value: UInt64) throws { append(TreeEncoder.integer(value)) }
    mutating func encode<Value: Encodable>(_ value: Value) throws {
        append(try encoder.encodeChild(value, key: IndexCodingKey(count)))
    }

    mutating func nestedContainer<NestedKey: CodingKey>(keyedBy keyType: NestedKey.Type) -> KeyedEncodingContainer<NestedKey> {
        pendingEncoder().container(keyedBy: keyType)
    }

    mutating func nestedUnkeyedContainer() -> any UnkeyedEncodingContainer { pendingEncoder().unkeyedContainer() }
    mutating func superEncoder() -> any Encoder { pendingEncoder() }

    /// An encoder whose value is filled in when the array is finished.
    private func pendingEncoder() -> TreeEncoder {
        let child = TreeEncoder(parent: encoder, key: IndexCodingKey(count))
        builder.pending.append((builder.elements.count, child))
        builder.elements.append(.null)
        return child
    }
}

/// The single-value container of ``TreeEncoder``: the value replaces whatever was there.
struct SingleTreeEncodingContainer: SingleValueEncodingContainer {
    let encoder: TreeEncoder

    var codingPath: [any CodingKey] { encoder.codingPath }

    private func set(_ value: CodedValue) { encoder.storage = .value(value) }

    mutating func encodeNil() throws { set(.null) }
    mutating func encode(_ value: Bool) throws { set(.bool(value)) }
    mutating func encode(_ value: String) throws { set(.string(value)) }
    mutating func encode(_ value: Double) throws { set(try TreeEncoder.float(value, at: codingPath)) }
    mutating func encode(_ value: Float) throws { set(try TreeEncoder.float(value, at: codingPath)) }
    mutating func encode(_ value: Int) throws { set(.integer(Int64(value))) }
    mutating func encode(_ value: Int8) throws { set(.integer(Int64(value))) }
    mutating func encode(_ value: Int16) throws { set(.integer(Int64(value))) }
    mutating func encode(_ value: Int32) throws { set(.integer(Int64(value))) }
    mutating func encode(_ value: Int64) throws { set(.integer(value)) }
    mutating func encode(_ value: UInt) throws { set(TreeEncoder.integer(value)) }
    mutating func encode(_ value: UInt8) throws { set(.integer(Int64(value))) }
    mutating func encode(_ value: UInt16) throws { set(.integer(Int64(value))) }
    mutating func encode(_ value: UInt32) throws { set(.integer(Int64(value))) }
    mutating func encode(_ value: UInt64) throws { set(TreeEncoder.integer(value)) }
    mutating func encode<Value: Encodable>(_ value: Value) throws { try value.encode(to: encoder) }
}
