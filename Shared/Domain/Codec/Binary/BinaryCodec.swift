/// A compact, self-describing binary form of `Codable` values — the changelog's format since JSON cost most of a
/// stage's CPU. Self-describing (every value tagged, every member named), so a state type may gain or lose optional
/// fields between versions as it could in JSON; compact, because integers are varints, doubles their 8 bytes, and a
/// member name is written once per record and referred to by number after that.
///
/// Layout: one version byte (``version``), then the value: a tag byte and its payload —
///
/// | tag | value | payload |
/// | --- | --- | --- |
/// | 0 / 1 / 2 | null / false / true | — |
/// | 3 | integer | zigzag varint |
/// | 4 | unsigned above `Int64.max` | varint |
/// | 5 | double | IEEE 754 bits, 8 bytes little-endian |
/// | 6 / 7 / 8 | string / JSON number text / raw string | varint byte count, UTF-8 |
/// | 9 | array | varint count, the elements |
/// | 10 | object | varint count, then per member its name and value |
///
/// A name is a varint `n`: even, a new name of `n / 2` UTF-8 bytes follows (and takes the next number); odd, the name
/// numbered `n / 2` before. Members are written sorted by name, so equal values give equal bytes.
public enum BinaryCodec {
    /// The first byte of every record in this format. A JSON document starts with `{` (0x7B), never with it.
    public static let version: UInt8 = 1

    /// The bytes of a value, starting with ``version``.
    public static func encode<Value: Encodable>(_ value: Value) throws -> [UInt8] {
        var writer = BinaryWriter()
        writer.write(try CodedValueEncoder().encode(value))
        return writer.bytes
    }

    /// Decodes bytes written by ``encode(_:)``; throws ``BinaryReadError`` for bytes that are not such a record and
    /// `DecodingError` for a record of another shape.
    public static func decode<Value: Decodable>(_ type: Value.Type, from bytes: [UInt8]) throws -> Value {
        try CodedValueDecoder().decode(type, from: try BinaryReader.read(bytes))
    }
}

/// Why bytes are not a record of ``BinaryCodec``, and where reading stopped.
public struct BinaryReadError: Error, Sendable, Equatable, CustomStringConvertible {
    public var offset: Int
    public var reason: String
    public var description: String { "\(reason) at byte \(offset)" }
}

/// The tags of ``BinaryCodec``.
enum BinaryTag: UInt8 {
    case null = 0, `false`, `true`, integer, unsigned, double, string, number, rawString, array, object
}
