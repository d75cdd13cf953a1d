import Domain

/// Late-payment interest and the fixed compensation of a formal notice (DOMAIN.md §5), computed exactly.
///
/// **Interest** is simple interest per day overdue on the open amount, in the invoice's currency:
/// `open × rate% / 100 × days / dayCountBasis`, computed in 128-bit integers over minor units and
/// rounded once, half-even, on the minor unit. The yearly rate is the policy's reference rate plus its
/// margin (4.5 + 8 = 12.5 % by default), or the contract's own rate when the invoice carries one. Rates
/// are `Double`s in the policy and the invoice; each is read as the shortest decimal it prints as
/// (4.5 → 45/10), so no binary fraction ever reaches an amount.
///
/// **Compensation** is the policy's fixed sum (40 EUR). An invoice in that currency gets it as is; an
/// invoice in the reporting currency gets it converted through the FX table when the table has the
/// rate (half-even on the minor unit); any other invoice gets none, and the notice says so.
public enum LatePaymentCharges {
    /// The yearly interest rate in percent: the contract's rate when given, else reference rate + margin.
    public static func yearlyRatePercent(_ interest: LatePaymentInterest,
                                         contractRatePercent: Double?) throws(MoneyError) -> DecimalFactor {
        if let contractRatePercent { return try DecimalFactor(contractRatePercent) }
        return try sum(DecimalFactor(interest.referenceRatePercent), DecimalFactor(interest.marginPercentagePoints))
    }

    /// Simple interest on `openAmount` for `days` days at `ratePercent` a year, half-even on the minor unit.
    ///
    /// - Parameter dayCountBasis: the days of the interest year (365 by default).
    public static func interest(on openAmount: Money, ratePercent: DecimalFactor, days: Int,
                                dayCountBasis: Int) throws(MoneyError) -> Money {
        guard days > 0, openAmount.amountMinor > 0, ratePercent.units > 0 else { return .zero(openAmount.currency) }
        var numerator = UInt128(openAmount.amountMinor)
        for factor in [UInt128(ratePercent.units), UInt128(days)] {
            let (product, overflow) = numerator.multipliedReportingOverflow(by: factor)
            guard !overflow else { throw .overflow }
            numerator = product
        }
        var denominator = UInt128(100 * dayCountBasis)
        for _ in 0..<ratePercent.scale { denominator *= 10 }
        let (quotient, remainder) = numerator.quotientAndRemainder(dividingBy: denominator)
        var minor = quotient
        let twice = remainder * 2
        if twice > denominator || (twice == denominator && quotient % 2 == 1) { minor += 1 }
        guard minor <= UInt128(Int64.max) else { throw .overflow }
        return Money(amountMinor: Int64(minor), currency: openAmount.currency)
    }

    /// The fixed compensation for an invoice in `currency`, or nil with the reason it cannot be claimed.
    public static func compensation(_ interest: LatePaymentInterest, invoiceCurrency currency: Currency,
                                    fxTable: FXTable) -> (amount: Money?, note: String?) {
        let fixed = interest.compensation
        if fixed.currency == currency { return (fixed, nil) }
        if currency == fxTable.reportingCurrency, let converted = try? fxTable.convert(fixed) {
            return (converted, "compensation \(fixed) converted to \(converted)")
        }
        return (nil, "no compensation: the policy's \(fixed) has no FX rate into \(currency)")
    }

    /// The exact sum of two decimals, on the finer of their two scales.
    static func sum(_ a: DecimalFactor, _ b: DecimalFactor) throws(MoneyError) -> DecimalFactor {
        let scale = max(a.scale, b.scale)
        func aligned(_ value: DecimalFactor) throws(MoneyError) -> Int64 {
            var units = value.units
            for _ in value.scale..<scale {
                let (shifted, overflow) = units.multipliedReportingOverflow(by: 10)
                guard !overflow else { throw .overflow }
                units = shifted
            }
            return units
        }
        let (total, overflow) = try aligned(a).addingReportingOverflow(try aligned(b))
        guard !overflow else { throw .overflow }
        return try DecimalFactor(units: total, scale: scale)
    }
}
