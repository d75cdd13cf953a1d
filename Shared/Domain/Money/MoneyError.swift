/// Why a money operation was refused; money never silently mixes currencies or overflows.
public enum MoneyError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The code is not an ISO 4217 currency this build knows.
    case unknownCurrency(String)
    /// Two amounts of different currencies were combined without an FX conversion.
    case mixedCurrencies(Currency, Currency)
    /// The FX table has no rate for converting this currency into the reporting currency.
    case missingRate(from: Currency, to: Currency)
    /// The result does not fit in 64-bit minor units.
    case overflow
    /// A decimal factor could not be parsed or is out of the supported range.
    case invalidFactor(String)

    /// A stable, machine-readable name for logs and dead-letter headers.
    public var code: String {
        switch self {
        case .unknownCurrency: "unknown_currency"
        case .mixedCurrencies: "mixed_currency"
        case .missingRate: "missing_fx_rate"
        case .overflow: "overflow"
        case .invalidFactor: "invalid_factor"
        }
    }

    public var description: String {
        switch self {
        case .unknownCurrency(let code): "unknown ISO 4217 currency code \"\(code)\""
        case .mixedCurrencies(let a, let b): "cannot combine \(a) with \(b) without an FX conversion"
        case .missingRate(let from, let to): "no FX rate from \(from) to \(to)"
        case .overflow: "amount does not fit in 64-bit minor units"
        case .invalidFactor(let text): "invalid decimal factor \"\(text)\""
        }
    }
}
