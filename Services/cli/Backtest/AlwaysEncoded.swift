/// An optional member that is written as `null` when undefined. Synthesized `Codable` leaves a nil optional's key
/// out, but the report of DOMAIN.md §7 names every member, so a reader must find each key in every report.
@propertyWrapper
struct AlwaysEncoded<Value: Codable & Sendable & Equatable>: Codable, Sendable, Equatable {
    var wrappedValue: Value?

    init(wrappedValue: Value?) {
        self.wrappedValue = wrappedValue
    }

    init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        wrappedValue = container.decodeNil() ? nil : try container.decode(Value.self)
    }

    func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        if let wrappedValue { try container.encode(wrappedValue) } else { try container.encodeNil() }
    }
}

extension KeyedDecodingContainer {
    /// Reads a missing key as undefined too, as synthesized decoding does for a plain optional.
    func decode<Value>(_ type: AlwaysEncoded<Value>.Type, forKey key: Key) throws -> AlwaysEncoded<Value> {
        AlwaysEncoded(wrappedValue: try decodeIfPresent(Value.self, forKey: key))
    }
}
