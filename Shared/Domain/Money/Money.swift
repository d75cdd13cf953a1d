/// An amount of money: an integer count of minor units in one ISO 4217 currency
/// (`{"amountMinor": 5594, "currency": "USD"}` is 55.94 USD). No floating point ever holds money.
public struct Money: Sendable, Hashable, Codable, CustomStringConvertible {
    /// The amount in minor units (cents for USD, yen for JPY); negative for credits and differences.
    public var amountMinor: Int64
    public var currency: Currency

    public init(amountMinor: Int64, currency: Currency) {
        self.amountMinor = amountMinor
        self.currency = currency
    }

    /// An exact sum (kept in 128 bits while it was built) as money; `overflow` when it does not fit in 64 bits.
    public init(exactly minor: Int128, _ currency: Currency) throws(MoneyError) {
        guard let value = Int64(exactly: minor) else { throw .overflow }
        self.init(amountMinor: value, currency: currency)
    }

    /// Zero in a currency, the neutral start of a sum.
    public static func zero(_ currency: Currency) -> Money { Money(amountMinor: 0, currency: currency) }

    /// Parses a decimal amount in major units (`"55.94"`), rounding half-even beyond the minor unit.
    public init(decimal text: String, currency: Currency) throws(MoneyError) {
        let factor = try DecimalFactor(text)
        let minor = try HalfEvenRounding.scale(factor.units, times: 1,
                                               powerOfTen: currency.minorUnitExponent - factor.scale)
        self.init(amountMinor: minor, currency: currency)
    }

    /// The largest magnitude, in minor units, of any amount an input may carry (DOMAIN.md §1: ±10^15):
    /// far beyond any real invoice, far enough inside 64 bits that thousands of them sum without overflow.
    public static let inputBoundMinor: Int64 = 1_000_000_000_000_000

    /// Whether the amount lies within ±``inputBoundMinor``.
    public var isWithinInputBounds: Bool { amountMinor.magnitude <= UInt64(Self.inputBoundMinor) }

    public var isZero: Bool { amountMinor == 0 }
    public var isNegative: Bool { amountMinor < 0 }

    /// The same amount with the opposite sign.
    public func negated() throws(MoneyError) -> Money {
        let (value, overflow) = Int64(0).subtractingReportingOverflow(amountMinor)
        guard !overflow else { throw .overflow }
        return Money(amountMinor: value, currency: currency)
    }

    /// Adds two amounts of the same currency; refuses mixed currencies and overflow.
    public static func + (lhs: Money, rhs: Money) throws(MoneyError) -> Money {
        guard lhs.currency == rhs.currency else { throw .mixedCurrencies(lhs.currency, rhs.currency) }
        let (value, overflow) = lhs.amountMinor.addingReportingOverflow(rhs.amountMinor)
        guard !overflow else { throw .overflow }
        return Money(amountMinor: value, currency: lhs.currency)
    }

    /// Subtracts two amounts of the same currency; refuses mixed currencies and overflow.
    public static func - (lhs: Money, rhs: Money) throws(MoneyError) -> Money {
        guard lhs.currency == rhs.currency else { throw .mixedCurrencies(lhs.currency, rhs.currency) }
        let (value, overflow) = lhs.amountMinor.subtractingReportingOverflow(rhs.amountMinor)
        guard !overflow else { throw .overflow }
        return Money(amountMinor: value, currency: lhs.currency)
    }

    /// Sums amounts that must all be in `currency`.
    public static func sum(_ amounts: some Sequence<Money>, in currency: Currency) throws(MoneyError) -> Money {
        var total = Money.zero(currency)
        for amount in amounts { total = try total + amount }
        return total
    }

    /// Orders two amounts of the same currency.
    public func isLess(than other: Money) throws(MoneyError) -> Bool {
        guard currency == other.currency else { throw .mixedCurrencies(currency, other.currency) }
        return amountMinor < other.amountMinor
    }

    /// Multiplies by an exact decimal (a percentage, an interest rate), rounding half-even on the minor unit.
    public func multiplied(by factor: DecimalFactor) throws(MoneyError) -> Money {
        let minor = try HalfEvenRounding.scale(amountMinor, times: factor.units, powerOfTen: -factor.scale)
        return Money(amountMinor: minor, currency: currency)
    }

    /// Multiplies by a policy ratio such as 0.9, read as the decimal it was written as.
    public func multiplied(by ratio: Double) throws(MoneyError) -> Money {
        try multiplied(by: DecimalFactor(ratio))
    }

    /// Converts into `target` at `rate` (units of `target` per one major unit of this currency),
    /// rounding half-even on the target's minor unit.
    public func converted(to target: Currency, at rate: DecimalFactor) throws(MoneyError) -> Money {
        let power = target.minorUnitExponent - currency.minorUnitExponent - rate.scale
        let minor = try HalfEvenRounding.scale(amountMinor, times: rate.units, powerOfTen: power)
        return Money(amountMinor: minor, currency: target)
    }

    /// The amount in major units as an exact decimal string, e.g. `55.94` or `-1200` for JPY.
    public var decimalString: String {
        let digits = String(amountMinor.magnitude)
        let sign = amountMinor < 0 ? "-" : ""
        let exponent = currency.minorUnitExponent
        guard exponent > 0 else { return sign + digits }
        let padded = String(repeating: "0", count: max(0, exponent + 1 - digits.count)) + digits
        let point = padded.index(padded.endIndex, offsetBy: -exponent)
        return sign + String(padded[..<point]) + "." + String(padded[point...])
    }

    public var description: String { "\(decimalString) \(currency.code)" }
}
