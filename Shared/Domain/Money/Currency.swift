/// An ISO 4217 currency: its alphabetic code and how many decimal places its minor unit has.
///
/// Only codes of ``Currency/known`` exist; decoding an unknown code fails with `unknown_currency`.
public struct Currency: Sendable, Hashable, Comparable, CustomStringConvertible {
    /// The three-letter ISO 4217 code, e.g. `EUR`.
    public let code: String
    /// The number of decimal places of the minor unit: 2 for EUR, 0 for JPY, 3 for KWD.
    public let minorUnitExponent: Int

    private init(known code: String, exponent: Int) {
        self.code = code
        self.minorUnitExponent = exponent
    }

    /// Looks a code up in the ISO 4217 table; throws `MoneyError.unknownCurrency` for anything else.
    public init(code: String) throws(MoneyError) {
        guard let exponent = Currency.exponents[code] else { throw MoneyError.unknownCurrency(code) }
        self.init(known: code, exponent: exponent)
    }

    /// The currency of a code that must exist; for literals in code and tests, never for input data.
    static func table(_ code: String) -> Currency {
        Currency(known: code, exponent: exponents[code] ?? 2)
    }

    public static let usd = table("USD")
    public static let eur = table("EUR")
    public static let gbp = table("GBP")
    public static let jpy = table("JPY")
    public static let chf = table("CHF")
    public static let pln = table("PLN")
    public static let cny = table("CNY")
    public static let sek = table("SEK")

    /// Every currency this build knows, sorted by code.
    public static var known: [Currency] {
        exponents.keys.sorted().map { table($0) }
    }

    /// One major unit in minor units: 100 for EUR, 1 for JPY.
    public var minorUnitsPerMajor: Int64 {
        var result: Int64 = 1
        for _ in 0..<minorUnitExponent { result *= 10 }
        return result
    }

    public var description: String { code }

    public static func < (lhs: Currency, rhs: Currency) -> Bool { lhs.code < rhs.code }
}

extension Currency: Codable {
    /// Decodes a code string; an unknown code becomes an `unknown_currency` rejection at this field.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        let code = try container.decode(String.self)
        do {
            try self.init(code: code)
        } catch {
            throw DecodingError.dataCorrupted(.init(
                codingPath: decoder.codingPath,
                debugDescription: "unknown ISO 4217 currency code \"\(code)\"",
                underlyingError: EventRejection(code: .unknownCurrency, field: "",
                                                message: "unknown ISO 4217 currency code \"\(code)\"")))
        }
    }

    /// Encodes the bare code string.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(code)
    }
}
