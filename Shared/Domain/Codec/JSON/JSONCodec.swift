/// Hand-written UTF-8 JSON for `Codable` values, without Foundation: the codec of every event value.
///
/// It writes what Foundation's `JSONEncoder` with `[.sortedKeys, .withoutEscapingSlashes]` writes, byte for byte,
/// and accepts and refuses what Foundation's `JSONDecoder` accepts and refuses on UTF-8 input, failing with the
/// same `DecodingError`s (see ``JSONReader``, ``JSONWriter``, ``CodedValueDecoder``).
public enum JSONCodec {
    /// The canonical JSON of a value: compact, members sorted by name.
    public static func encode<Value: Encodable>(_ value: Value) throws -> [UInt8] {
        var writer = JSONWriter()
        writer.write(try CodedValueEncoder().encode(value))
        return writer.bytes
    }

    /// Decodes a JSON document; throws ``JSONReadError`` for bytes that are not one (or not UTF-8) and
    /// `DecodingError` for a document of the wrong shape.
    public static func decode<Value: Decodable>(_ type: Value.Type, from bytes: [UInt8]) throws -> Value {
        if let offset = UTF8Validation.firstInvalidOffset(in: bytes) {
            throw JSONReadError(offset: offset, reason: "invalid UTF-8")
        }
        return try decode(type, fromValidUTF8: bytes)
    }

    /// Decodes bytes the caller has already checked to be UTF-8.
    static func decode<Value: Decodable>(_ type: Value.Type, fromValidUTF8 bytes: [UInt8]) throws -> Value {
        try CodedValueDecoder().decode(type, from: try JSONReader.read(bytes))
    }

    /// The tree of a JSON document, for callers that look at its shape.
    public static func read(_ bytes: [UInt8]) throws(JSONReadError) -> CodedValue {
        if let offset = UTF8Validation.firstInvalidOffset(in: bytes) {
            throw JSONReadError(offset: offset, reason: "invalid UTF-8")
        }
        return try JSONReader.read(bytes)
    }
}

/// Why bytes are not a JSON document, and the byte where reading failed.
public struct JSONReadError: Error, Sendable, Equatable, CustomStringConvertible {
    public var offset: Int
    public var reason: String
    public var description: String { "\(reason) at byte \(offset)" }
}
