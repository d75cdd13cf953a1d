/// The one codec of Credence: JSON values with CloudEvents 1.0 Kafka binary-mode headers.
///
/// Decoding reads the headers first, so the value is parsed once, straight into its Swift type,
/// and refused with an ``EventRejection`` naming the field and reason for any bad input. The JSON is
/// ``JSONCodec``'s, hand-written: no Foundation coder on the hot path.
public enum EventCodec {
    /// The header names of the CloudEvents Kafka protocol binding, binary mode.
    public enum HeaderKey {
        public static let specVersion = "ce_specversion"
        public static let id = "ce_id"
        public static let source = "ce_source"
        public static let type = "ce_type"
        public static let time = "ce_time"
        public static let contentType = "content-type"
    }

    /// The CloudEvents version written and accepted.
    public static let specVersion = "1.0"
    /// The media type of every value.
    public static let contentType = "application/json"

    // Headers that do not change between records are built once.
    private static let specVersionHeader = EventHeader(key: HeaderKey.specVersion, value: specVersion)
    private static let contentTypeHeader = EventHeader(key: HeaderKey.contentType, value: contentType)
    private static let typeHeaders = Dictionary(uniqueKeysWithValues: EventKind.allCases.map {
        ($0, EventHeader(key: HeaderKey.type, value: $0.ceType))
    })

    /// Encodes an envelope as a record: key `buyerId`, CloudEvents headers, sorted-key JSON value.
    /// Throws `invalid_value` for values JSON cannot carry (a NaN score).
    public static func encode(_ envelope: EventEnvelope) throws(EventRejection) -> EncodedEvent {
        let headers = [
            specVersionHeader,
            EventHeader(key: HeaderKey.id, value: envelope.id),
            EventHeader(key: HeaderKey.source, value: envelope.source),
            typeHeaders[envelope.event.kind] ?? EventHeader(key: HeaderKey.type, value: envelope.type),
            EventHeader(key: HeaderKey.time, value: envelope.time.rfc3339Bytes),
            contentTypeHeader,
        ]
        return EncodedEvent(key: Array(envelope.buyerId.rawValue.utf8), headers: headers,
                            value: try encodeValue(envelope.event))
    }

    /// The JSON value of an event alone.
    public static func encodeValue(_ event: DomainEvent) throws(EventRejection) -> [UInt8] {
        do {
            return try JSONCodec.encode(event.payload)
        } catch let error as EncodingError {
            guard case .invalidValue(_, let context) = error else {
                throw EventRejection(code: .invalidValue, field: "", message: "\(error)")
            }
            throw EventRejection(code: .invalidValue, field: DecodingErrorMapping.path(context.codingPath),
                                 message: context.debugDescription)
        } catch {
            throw EventRejection(code: .invalidValue, field: "", message: "\(error)")
        }
    }

    /// Decodes a record's headers and value into an envelope, or says precisely why not.
    public static func decode(headers: [EventHeader], value: [UInt8]) throws(EventRejection) -> EventEnvelope {
        let attributes = try decodeAttributes(headers: headers)
        let event = try decodeValue(value, as: attributes.kind)
        return EventEnvelope(id: attributes.id, source: attributes.source, time: attributes.time, event: event)
    }

    /// Reads and checks the CloudEvents headers only.
    public static func decodeAttributes(headers: [EventHeader]) throws(EventRejection) -> EventAttributes {
        let version = try header(HeaderKey.specVersion, in: headers)
        guard version == specVersion else {
            throw EventRejection(code: .invalidHeader, field: HeaderKey.specVersion,
                                 message: "expected CloudEvents \(specVersion), found \"\(version)\"")
        }
        // Required, as the AsyncAPI document says: a record without it is refused, not guessed at.
        let contentType = try header(HeaderKey.contentType, in: headers).lowercased()
        guard contentType == Self.contentType || contentType.hasPrefix(Self.contentType + ";") else {
            throw EventRejection(code: .invalidHeader, field: HeaderKey.contentType,
                                 message: "expected \(Self.contentType), found \"\(contentType)\"")
        }
        let id = try header(HeaderKey.id, in: headers)
        let source = try header(HeaderKey.source, in: headers)
        let kind = try EventTypeName.parse(try header(HeaderKey.type, in: headers))
        let timeText = try header(HeaderKey.time, in: headers)
        let time: Timestamp
        do { time = try Timestamp(rfc3339: timeText) } catch {
            throw EventRejection(code: .invalidHeader, field: HeaderKey.time, message: error.description)
        }
        return EventAttributes(id: id, source: source, kind: kind, time: time)
    }

    /// Decodes a JSON value as an event of `kind` and checks its rules.
    public static func decodeValue(_ value: [UInt8], as kind: EventKind) throws(EventRejection) -> DomainEvent {
        if let offset = UTF8Validation.firstInvalidOffset(in: value) {
            throw EventRejection(code: .invalidUTF8, field: "", message: "value is not valid UTF-8 at byte \(offset)")
        }
        let payload = try decodePayload(kind.payloadType, from: value)
        try payload.validate()
        return payload.domainEvent
    }

    private static func decodePayload<Payload: DomainEventPayload>(
        _ type: Payload.Type, from value: [UInt8]
    ) throws(EventRejection) -> Payload {
        do {
            return try JSONCodec.decode(Payload.self, fromValidUTF8: value)
        } catch let error as EventRejection {
            throw error
        } catch {
            // Syntax first: a value that is not a JSON object is reported as such, with the byte where reading failed.
            if let rejection = JSONDiagnosis.rejection(for: value) { throw rejection }
            if let error = error as? DecodingError, let rejection = DecodingErrorMapping.rejection(for: error) { throw rejection }
            if case .dataCorrupted(let context) = error as? DecodingError {
                throw EventRejection(code: .malformedJSON, field: "", message: "value is not a JSON document the decoder accepts: \(context.debugDescription)")
            }
            throw EventRejection(code: .malformedJSON, field: "", message: "value is not a JSON document the decoder accepts: \(error)")
        }
    }

    /// A header's UTF-8 text; missing, empty or non-UTF-8 headers are rejected.
    private static func header(_ key: String, in headers: [EventHeader]) throws(EventRejection) -> String {
        guard let bytes = headers.value(for: key) else {
            throw EventRejection(code: .missingHeader, field: key, message: "required CloudEvents header is missing")
        }
        guard UTF8Validation.firstInvalidOffset(in: bytes) == nil else {
            throw EventRejection(code: .invalidHeader, field: key, message: "header is not valid UTF-8")
        }
        let text = String(decoding: bytes, as: UTF8.self)
        guard !text.isEmpty else {
            throw EventRejection(code: .invalidHeader, field: key, message: "header must not be empty")
        }
        return text
    }
}
