/// Exact integer scaling with banker's rounding (half to even), the one rounding rule for money.
enum HalfEvenRounding {
    /// Computes `value × multiplier × 10^powerOfTen`, rounding half to even when `powerOfTen` is negative.
    ///
    /// The product is held in 128 bits, so the only failure is a result outside `Int64`.
    static func scale(_ value: Int64, times multiplier: Int64, powerOfTen: Int) throws(MoneyError) -> Int64 {
        let negative = (value < 0) != (multiplier < 0)
        let product = value.magnitude.multipliedFullWidth(by: multiplier.magnitude)
        var magnitude: UInt64
        if powerOfTen >= 0 {
            guard product.high == 0, let factor = powerOfTenValue(powerOfTen) else { throw .overflow }
            let (scaled, overflow) = product.low.multipliedReportingOverflow(by: factor)
            guard !overflow else { throw .overflow }
            magnitude = scaled
        } else {
            guard let divisor = powerOfTenValue(-powerOfTen) else {
                guard product.high == 0 else { throw .overflow }
                return 0
            }
            guard product.high < divisor else { throw .overflow }
            let (quotient, remainder) = divisor.dividingFullWidth((high: product.high, low: product.low))
            magnitude = quotient
            let rest = divisor - remainder
            if remainder > rest || (remainder == rest && quotient & 1 == 1) {
                magnitude += 1
            }
        }
        guard magnitude <= UInt64(Int64.max) else { throw .overflow }
        return negative ? -Int64(magnitude) : Int64(magnitude)
    }

    /// `10^exponent` when it fits in 64 bits.
    private static func powerOfTenValue(_ exponent: Int) -> UInt64? {
        guard exponent <= 19 else { return nil }
        var result: UInt64 = 1
        for _ in 0..<exponent { result *= 10 }
        return result
    }
}
