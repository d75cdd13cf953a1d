import Domain

/// Open amounts by aging bucket at the end of a day, for one buyer or a whole portfolio (DOMAIN.md §4).
public struct AgingReport: Sendable, Hashable {
    public var asOf: CalendarDate
    /// The policy's buckets in order (current, 1–30, 31–60, 61–90, 90+ by default).
    public var amounts: AgingAmounts
    /// Everything open at the end of `asOf`.
    public var total: Money
    /// What is more than 0 days past due.
    public var pastDue: Money

    /// Past-due share of the total (0…1); nil when nothing is open.
    public var pastDueShare: Double? {
        total.isZero ? nil : Double(pastDue.amountMinor) / Double(total.amountMinor)
    }

    /// Ages `entries` at the end of `asOf`: each open amount goes to the bucket of its days past due.
    ///
    /// - Parameters:
    ///   - buckets: the policy's buckets; the i-th fills the i-th field of `AgingAmounts` (current, 1-30, 31-60,
    ///     61-90, 90+) and any beyond the fifth adds to 90+.
    ///   - currency: every entry must be in it (convert a multi-currency portfolio first); else `mixedCurrencies`.
    public static func of(_ entries: some Sequence<LedgerEntry>, asOf: CalendarDate, buckets: [AgingBucketBound],
                          currency: Currency) throws(MoneyError) -> AgingReport {
        var minor = [Int64](repeating: 0, count: 5)
        var pastDue: Int64 = 0
        for entry in entries {
            let open = entry.openAmount(atEndOf: asOf)
            guard !open.isZero else { continue }
            guard open.currency == currency else { throw .mixedCurrencies(currency, open.currency) }
            let days = ReceivableDays.daysPastDue(dueDate: entry.dueDate, on: asOf)
            minor[min(bucketIndex(daysPastDue: days, buckets: buckets), 4)] += open.amountMinor
            if days > 0 { pastDue += open.amountMinor }
        }
        func money(_ value: Int64) -> Money { Money(amountMinor: value, currency: currency) }
        return AgingReport(
            asOf: asOf,
            amounts: AgingAmounts(current: money(minor[0]), days1To30: money(minor[1]), days31To60: money(minor[2]),
                                  days61To90: money(minor[3]), over90: money(minor[4])),
            total: money(minor.reduce(0, +)), pastDue: money(pastDue))
    }

    /// The index of the first bucket whose upper end holds `daysPastDue` (the last one has none).
    static func bucketIndex(daysPastDue: Int, buckets: [AgingBucketBound]) -> Int {
        buckets.firstIndex { bound in bound.maximumDaysPastDue.map { daysPastDue <= $0 } ?? true }
            ?? max(0, buckets.count - 1)
    }
}
