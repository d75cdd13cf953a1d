/// An opaque, non-empty identifier chosen by the ERP, typed by what it names so that a buyer id
/// cannot be passed where an invoice id is expected. Encoded as a plain JSON string.
public struct Identifier<Subject>: Sendable, Hashable, Comparable, CustomStringConvertible,
    ExpressibleByStringLiteral {
    /// The identifier exactly as the ERP wrote it.
    public let rawValue: String

    public init(_ rawValue: String) {
        self.rawValue = rawValue
    }

    public init(stringLiteral value: String) {
        self.init(value)
    }

    public var description: String { rawValue }

    public static func < (lhs: Self, rhs: Self) -> Bool { lhs.rawValue < rhs.rawValue }
}

extension Identifier: Codable {
    /// Decodes a non-empty string; an empty one is an `invalid_value` rejection at this field.
    public init(from decoder: any Decoder) throws {
        let value = try decoder.singleValueContainer().decode(String.self)
        guard !value.isEmpty else {
            throw DecodingError.dataCorrupted(.init(
                codingPath: decoder.codingPath, debugDescription: "identifier must not be empty",
                underlyingError: EventRejection(code: .invalidValue, field: "", message: "identifier must not be empty")))
        }
        self.init(value)
    }

    /// Encodes the plain string.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(rawValue)
    }
}

/// Marks identifiers of buyers; everything about one buyer is keyed by its `BuyerId`.
public enum BuyerSubject {}
/// Marks identifiers of invoices.
public enum InvoiceSubject {}
/// Marks identifiers of orders.
public enum OrderSubject {}
/// Marks identifiers of insurance claims.
public enum ClaimSubject {}

/// The ERP's identifier of a buyer: the key and partitioning key of every topic.
public typealias BuyerId = Identifier<BuyerSubject>
/// The ERP's identifier of an invoice.
public typealias InvoiceId = Identifier<InvoiceSubject>
/// The ERP's identifier of an order.
public typealias OrderId = Identifier<OrderSubject>
/// The identifier of an insurance claim, derived by the claims stage.
public typealias ClaimId = Identifier<ClaimSubject>
