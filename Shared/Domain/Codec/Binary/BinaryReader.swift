/// Reads a record of ``BinaryCodec``'s format into a ``CodedValue``, checking every length against the bytes and
/// nesting no deeper than JSON may.
struct BinaryReader {
    private let bytes: UnsafeBufferPointer<UInt8>
    private var index = 0
    private var names: [String] = []

    private init(_ bytes: UnsafeBufferPointer<UInt8>) { self.bytes = bytes }

    static func read(_ bytes: [UInt8]) throws(BinaryReadError) -> CodedValue {
        try bytes.withUnsafeBufferPointer { (buffer) throws(BinaryReadError) -> CodedValue in
            var reader = BinaryReader(buffer)
            guard buffer.first == BinaryCodec.version else {
                throw BinaryReadError(offset: 0, reason: "not a version \(BinaryCodec.version) binary record")
            }
            reader.index = 1
            let value = try reader.value(depth: 0)
            guard reader.index == buffer.count else { throw reader.failure("bytes after the value") }
            return value
        }
    }

    private mutating func value(depth: Int) throws(BinaryReadError) -> CodedValue {
        guard depth <= JSONReader.maximumDepth else { throw failure("nests deeper than \(JSONReader.maximumDepth) levels") }
        let byte = try next()
        guard let tag = BinaryTag(rawValue: byte) else { throw failure("unknown tag \(byte)") }
        switch tag {
        case .null: return .null
        case .false: return .bool(false)
        case .true: return .bool(true)
        case .integer:
            let zigzag = try varint()
            return .integer(Int64(bitPattern: zigzag >> 1) ^ -Int64(bitPattern: zigzag & 1))
        case .unsigned: return .unsigned(try varint())
        case .double:
            let raw = try take(8)
            var bits: UInt64 = 0
            for (position, byte) in raw.enumerated() { bits |= UInt64(byte) << (8 * position) }
            return .double(Double(bitPattern: bits))
        case .string: return .string(try text())
        case .number: return .number(try text())
        case .rawString: return .rawString(try text())
        case .array:
            let count = try count()
            var elements: [CodedValue] = []
            elements.reserveCapacity(count)
            for _ in 0..<count { elements.append(try value(depth: depth + 1)) }
            return .array(elements)
        case .object:
            let count = try count()
            var members: [CodedMember] = []
            members.reserveCapacity(count)
            for _ in 0..<count {
                let key = try name()
                members.append(CodedMember(key: key, value: try value(depth: depth + 1)))
            }
            return .object(members)
        }
    }

    private mutating func name() throws(BinaryReadError) -> String {
        let reference = try varint()
        if reference & 1 == 1 {
            let number = reference >> 1
            guard number < UInt64(names.count) else { throw failure("name number \(number) before it was written") }
            return names[Int(number)]
        }
        guard reference >> 1 <= UInt64(bytes.count - index) else { throw failure("a name longer than the record") }
        let name = String(decoding: try take(Int(reference >> 1)), as: UTF8.self)
        names.append(name)
        return name
    }

    private mutating func text() throws(BinaryReadError) -> String {
        String(decoding: try take(try count()), as: UTF8.self)
    }

    /// A count or length, which cannot exceed the bytes left (every element takes at least one).
    private mutating func count() throws(BinaryReadError) -> Int {
        let count = try varint()
        guard count <= UInt64(bytes.count - index) else { throw failure("a count of \(count) beyond the record's end") }
        return Int(count)
    }

    private mutating func varint() throws(BinaryReadError) -> UInt64 {
        var value: UInt64 = 0
        var shift: UInt64 = 0
        while true {
            let byte = try next()
            guard shift < 64 else { throw failure("a varint longer than 64 bits") }
            value |= UInt64(byte & 0x7F) << shift
            if byte < 0x80 { return value }
            shift += 7
        }
    }

    private mutating func take(_ count: Int) throws(BinaryReadError) -> UnsafeBufferPointer<UInt8> {
        guard count <= bytes.count - index else { throw failure("the record ends too early") }
        defer { index += count }
        return UnsafeBufferPointer(rebasing: bytes[index..<(index + count)])
    }

    private mutating func next() throws(BinaryReadError) -> UInt8 {
        guard index < bytes.count else { throw failure("the record ends too early") }
        defer { index += 1 }
        return bytes[index]
    }

    private func failure(_ reason: String) -> BinaryReadError { BinaryReadError(offset: index, reason: reason) }
}
