/// Writes a ``CodedValue`` in ``BinaryCodec``'s format.
struct BinaryWriter {
    private(set) var bytes: [UInt8]
    /// The number of each member name written so far.
    private var names: [String: Int] = [:]

    init(capacity: Int = 256) {
        bytes = []
        bytes.reserveCapacity(capacity)
        bytes.append(BinaryCodec.version)
    }

    mutating func write(_ value: CodedValue) {
        switch value {
        case .null: bytes.append(BinaryTag.null.rawValue)
        case .bool(let flag): bytes.append(flag ? BinaryTag.true.rawValue : BinaryTag.false.rawValue)
        case .integer(let number):
            bytes.append(BinaryTag.integer.rawValue)
            writeVarint(UInt64(bitPattern: (number << 1) ^ (number >> 63)))
        case .unsigned(let number):
            bytes.append(BinaryTag.unsigned.rawValue)
            writeVarint(number)
        case .double(let number):
            bytes.append(BinaryTag.double.rawValue)
            withUnsafeBytes(of: number.bitPattern.littleEndian) { bytes.append(contentsOf: $0) }
        case .string(let text): writeText(text, tag: .string)
        case .number(let text): writeText(text, tag: .number)
        case .rawString(let text): writeText(text, tag: .rawString)
        case .array(let elements):
            bytes.append(BinaryTag.array.rawValue)
            writeVarint(UInt64(elements.count))
            for element in elements { write(element) }
        case .object(let members):
            bytes.append(BinaryTag.object.rawValue)
            writeVarint(UInt64(members.count))
            for member in CodedMember.canonicalOrder(members) {
                writeName(member.key)
                write(member.value)
            }
        }
    }

    private mutating func writeName(_ name: String) {
        if let number = names[name] {
            writeVarint(UInt64(number) << 1 | 1)
            return
        }
        names[name] = names.count
        writeVarint(UInt64(name.utf8.count) << 1)
        bytes.append(contentsOf: name.utf8)
    }

    private mutating func writeText(_ text: String, tag: BinaryTag) {
        bytes.append(tag.rawValue)
        writeVarint(UInt64(text.utf8.count))
        bytes.append(contentsOf: text.utf8)
    }

    private mutating func writeVarint(_ value: UInt64) {
        var rest = value
        while rest >= 0x80 {
            bytes.append(UInt8(truncatingIfNeeded: rest) | 0x80)
            rest >>= 7
        }
        bytes.append(UInt8(rest))
    }
}
