import Foundation
@testable import Domain

/// The event codec as it was with Foundation's coders (`JSONEncoder` with sorted keys and unescaped slashes,
/// `JSONDecoder`), kept as the oracle the hand-written codec is compared with.
enum FoundationReference {
    static func encodeValue(_ event: DomainEvent) throws -> [UInt8] {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return Array(try encoder.encode(event.payload))
    }

    /// The event Foundation's decoder reads from `value`, or the rejection the codec made of its failure.
    static func decodeValue(_ value: [UInt8], as kind: EventKind) -> Result<DomainEvent, EventRejection> {
        if let offset = UTF8Validation.firstInvalidOffset(in: value) {
            return .failure(EventRejection(code: .invalidUTF8, field: "", message: "value is not valid UTF-8 at byte \(offset)"))
        }
        do {
            let payload = try decode(kind.payloadType, from: value)
            try payload.validate()
            return .success(payload.domainEvent)
        } catch let error as EventRejection {
            return .failure(error)
        } catch {
            if let rejection = JSONDiagnosis.rejection(for: value) { return .failure(rejection) }
            if let error = error as? DecodingError, let rejection = DecodingErrorMapping.rejection(for: error) { return .failure(rejection) }
            return .failure(EventRejection(code: .malformedJSON, field: "", message: "\(error)"))
        }
    }

    private static func decode<Payload: DomainEventPayload>(_ type: Payload.Type, from value: [UInt8]) throws -> Payload {
        try JSONDecoder().decode(type, from: Data(value))
    }

    /// Whether Foundation's decoder would read the bytes as UTF-16 or UTF-32 (a zero byte among the first four):
    /// the hand-written reader reads UTF-8 only, as RFC 8259 §8.1 requires of JSON between systems.
    static func looksLikeUTF16or32(_ value: [UInt8]) -> Bool {
        value.prefix(4).contains(0)
    }
}
