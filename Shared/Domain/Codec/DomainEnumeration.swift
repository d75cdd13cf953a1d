/// A closed vocabulary of DOMAIN.md (severity, tier, claim state, …) written as its raw string.
///
/// Decoding an unknown word fails with `invalid_value` naming the words that are allowed.
public protocol DomainEnumeration: RawRepresentable, CaseIterable, Codable, Sendable, Hashable
where RawValue == String {}

extension DomainEnumeration {
    /// Decodes one of the known raw strings.
    public init(from decoder: any Decoder) throws {
        let text = try decoder.singleValueContainer().decode(String.self)
        guard let value = Self(rawValue: text) else {
            let allowed = Self.allCases.map(\.rawValue).joined(separator: ", ")
            let message = "\"\(text)\" is not one of \(allowed)"
            throw DecodingError.dataCorrupted(.init(
                codingPath: decoder.codingPath, debugDescription: message,
                underlyingError: EventRejection(code: .invalidValue, field: "", message: message)))
        }
        self = value
    }

    /// Encodes the raw string.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(rawValue)
    }
}
