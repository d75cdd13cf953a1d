import Domain

/// Open amounts by aging bucket at the end of a day, for one buyer or a whole portfolio (DOMAIN.md §4), in the
/// reporting currency, with what each currency contributes.
public struct AgingReport: Sendable, Hashable {
    public var asOf: CalendarDate
    /// The policy's buckets in order (current, 1–30, 31–60, 61–90, 90+ by default), in the reporting currency.
    public var amounts: AgingAmounts
    /// Everything open at the end of `asOf`: the sum of the converted buckets, so the buckets always add up to it.
    public var total: Money
    /// What is more than 0 days past due.
    public var pastDue: Money
    /// Open and past-due amounts in each currency the entries are in, unconverted, by currency code.
    public var byCurrency: [CurrencyAging]

    /// One currency's part of the report, in that currency.
    public struct CurrencyAging: Sendable, Hashable {
        public var open: Money
        public var pastDue: Money
    }

    /// Past-due share of the total (0…1); nil when nothing is open.
    public var pastDueShare: Double? {
        total.isZero ? nil : Double(pastDue.amountMinor) / Double(total.amountMinor)
    }

    /// Ages `entries` at the end of `asOf`: each open amount goes to the bucket of its days past due; each
    /// currency's bucket is summed exactly and converted once into the reporting currency (half-even).
    ///
    /// - Parameters:
    ///   - buckets: the policy's buckets; the i-th fills the i-th field of `AgingAmounts` (current, 1-30, 31-60,
    ///     61-90, 90+) and any beyond the fifth adds to 90+.
    ///   - fx: the rates into the reporting currency; an entry in a currency without one throws `missingRate`, a
    ///     sum beyond 64-bit minor units throws `overflow`.
    public static func of(_ entries: some Sequence<LedgerEntry>, asOf: CalendarDate, buckets: [AgingBucketBound],
                          fx: FXTable) throws(MoneyError) -> AgingReport {
        var minor: [Currency: [Int128]] = [:]
        var pastDue: [Currency: Int128] = [:]
        for entry in entries {
            let open = entry.openAmount(atEndOf: asOf)
            guard !open.isZero else { continue }
            let days = ReceivableDays.daysPastDue(dueDate: entry.dueDate, on: asOf)
            minor[open.currency, default: [0, 0, 0, 0, 0]][min(bucketIndex(daysPastDue: days, buckets: buckets), 4)]
                += Int128(open.amountMinor)
            if days > 0 { pastDue[open.currency, default: 0] += Int128(open.amountMinor) }
        }
        let reporting = fx.reportingCurrency
        var converted = [Money](repeating: .zero(reporting), count: 5)
        var convertedPastDue = Money.zero(reporting)
        var byCurrency: [CurrencyAging] = []
        for currency in minor.keys.sorted() {
            let sums = minor[currency] ?? []
            for (index, sum) in sums.enumerated() {
                converted[index] = try converted[index] + fx.convert(Money(exactly: sum, currency))
            }
            let due = try Money(exactly: pastDue[currency] ?? 0, currency)
            convertedPastDue = try convertedPastDue + fx.convert(due)
            byCurrency.append(CurrencyAging(open: try Money(exactly: sums.reduce(0, +), currency), pastDue: due))
        }
        return AgingReport(
            asOf: asOf,
            amounts: AgingAmounts(current: converted[0], days1To30: converted[1], days31To60: converted[2],
                                  days61To90: converted[3], over90: converted[4]),
            total: try Money.sum(converted, in: reporting), pastDue: convertedPastDue, byCurrency: byCurrency)
    }

    /// Ages `entries` that are all in `currency` (a single-currency ledger or test); another currency throws
    /// `missingRate`.
    public static func of(_ entries: some Sequence<LedgerEntry>, asOf: CalendarDate, buckets: [AgingBucketBound],
                          currency: Currency) throws(MoneyError) -> AgingReport {
        try of(entries, asOf: asOf, buckets: buckets, fx: FXTable(reportingCurrency: currency))
    }

    /// The index of the first bucket whose upper end holds `daysPastDue` (the last one has none).
    static func bucketIndex(daysPastDue: Int, buckets: [AgingBucketBound]) -> Int {
        buckets.firstIndex { bound in bound.maximumDaysPastDue.map { daysPastDue <= $0 } ?? true }
            ?? max(0, buckets.count - 1)
    }
}
