/// Reads a versioned `ce_type` such as `credence.invoice.issued.v1`.
enum EventTypeName {
    /// The kind named by `text`; refuses malformed names, unknown kinds and versions this reader does not know.
    static func parse(_ text: String) throws(EventRejection) -> EventKind {
        let field = EventCodec.HeaderKey.type
        guard let dot = text.lastIndex(of: "."), text[text.index(after: dot)...].hasPrefix("v") else {
            throw EventRejection(code: .invalidHeader, field: field,
                                 message: "expected a versioned type such as credence.invoice.issued.v1, found \"\(text)\"")
        }
        let base = String(text[..<dot])
        let digits = text[text.index(dot, offsetBy: 2)...]
        guard !digits.isEmpty, digits.allSatisfy(\.isASCII), let version = Int(digits), version > 0 else {
            throw EventRejection(code: .invalidHeader, field: field,
                                 message: "expected a positive version number after \".v\", found \"\(text)\"")
        }
        guard let kind = EventKind(rawValue: base) else {
            throw EventRejection(code: .unknownType, field: field, message: "unknown event type \"\(text)\"")
        }
        guard version == kind.version else {
            let relation = version > kind.version ? "newer than" : "older than"
            throw EventRejection(code: .unsupportedVersion, field: field,
                                 message: "\(base) v\(version) is \(relation) this reader, which knows v\(kind.version)")
        }
        return kind
    }
}
