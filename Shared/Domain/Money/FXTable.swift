/// The FX rates that bring amounts of many currencies into one reporting currency.
///
/// Sums are exact per currency first; each subtotal is then converted once with half-even
/// rounding on the reporting currency's minor unit, so the order of the amounts never matters.
public struct FXTable: Sendable, Hashable, Codable {
    /// The currency every sum is reported in.
    public var reportingCurrency: Currency
    /// Units of the reporting currency per one major unit of each currency, by ISO code.
    public var rates: [String: DecimalFactor]

    public init(reportingCurrency: Currency, rates: [Currency: DecimalFactor] = [:]) {
        self.reportingCurrency = reportingCurrency
        self.rates = Dictionary(uniqueKeysWithValues: rates.map { ($0.key.code, $0.value) })
    }

    /// The rate for one currency into the reporting currency (1 for the reporting currency itself).
    public func rate(for currency: Currency) throws(MoneyError) -> DecimalFactor {
        if currency == reportingCurrency { return try DecimalFactor(units: 1, scale: 0) }
        guard let rate = rates[currency.code] else { throw .missingRate(from: currency, to: reportingCurrency) }
        return rate
    }

    /// Converts one amount into the reporting currency.
    public func convert(_ amount: Money) throws(MoneyError) -> Money {
        if amount.currency == reportingCurrency { return amount }
        return try amount.converted(to: reportingCurrency, at: rate(for: amount.currency))
    }

    /// Sums amounts of any currencies into the reporting currency.
    public func sum(_ amounts: some Sequence<Money>) throws(MoneyError) -> Money {
        var subtotals: [Currency: Money] = [:]
        for amount in amounts {
            subtotals[amount.currency] = try (subtotals[amount.currency] ?? .zero(amount.currency)) + amount
        }
        var total = Money.zero(reportingCurrency)
        for currency in subtotals.keys.sorted() {
            if let subtotal = subtotals[currency] { total = try total + convert(subtotal) }
        }
        return total
    }
}
