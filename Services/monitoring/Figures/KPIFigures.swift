import Domain

/// The receivables figures the KPIs of DOMAIN.md §4 are computed from, for one period.
public struct KPIFigures: Sendable, Hashable {
    public var period: ClosedRange<CalendarDate>
    /// Open at the end of the day before the period.
    public var beginningReceivables: Money
    /// Open at the end of the period's last day.
    public var endingReceivables: Money
    /// The part of `endingReceivables` not past due at the end of the period.
    public var endingCurrentReceivables: Money
    /// Credit sales per month of the period, oldest first: invoices issued in the month, plus the debit notes and
    /// reversed payments dated in it (amounts that became collectible then).
    public var monthlySales: [MonthSales]

    /// The figures as given (e.g. from a report).
    public init(period: ClosedRange<CalendarDate>, beginningReceivables: Money, endingReceivables: Money,
                endingCurrentReceivables: Money, monthlySales: [MonthSales]) {
        self.period = period
        self.beginningReceivables = beginningReceivables
        self.endingReceivables = endingReceivables
        self.endingCurrentReceivables = endingCurrentReceivables
        self.monthlySales = monthlySales
    }

    /// The figures of the `months` calendar months ending with `asOf`'s month, read from ledger entries: sales are
    /// the invoices issued in the period; receivables are open amounts at the end of a day (DOMAIN.md §1).
    /// Each figure is summed exactly per currency and converted once into the reporting currency.
    ///
    /// - Parameter fx: the rates into the reporting currency; a missing rate throws `missingRate`, a sum beyond
    ///   64-bit minor units `overflow`.
    public static func of(_ entries: some Sequence<LedgerEntry>, asOf: CalendarDate, months: Int,
                          fx: FXTable) throws(MoneyError) -> KPIFigures {
        let period = ReceivableDays.kpiPeriod(months: months, endingOn: asOf)
        let dayBefore = period.lowerBound.adding(days: -1)
        var monthStarts: [CalendarDate] = []
        var month = period.lowerBound
        while month <= asOf {
            monthStarts.append(month)
            month = month.firstDayOfMonth.adding(months: 1)
        }
        /// beginning, ending, current, then one sale sum per month.
        var sums: [Currency: [Int128]] = [:]
        let width = 3 + monthStarts.count
        for entry in entries {
            var row = sums[entry.currency] ?? [Int128](repeating: 0, count: width)
            row[0] += Int128(entry.openAmount(atEndOf: dayBefore).amountMinor)
            let open = Int128(entry.openAmount(atEndOf: asOf).amountMinor)
            row[1] += open
            if ReceivableDays.daysPastDue(dueDate: entry.dueDate, on: asOf) <= 0 { row[2] += open }
            if entry.isSale(in: period), let index = monthStarts.lastIndex(where: { $0 <= entry.issueDate }) {
                row[3 + index] += Int128(entry.amount.amountMinor)
            }
            // What else became collectible in the period — debit notes, reversed payments — is billed like a sale
            // of its month, so what was collected never exceeds what could be (CEI stays within 0…100 %).
            if entry.cancelledOn.map({ $0 > asOf }) ?? true {
                for movement in entry.movements where movement.kind == .debitNote || movement.kind == .paymentReversed {
                    guard period.contains(movement.date),
                          let index = monthStarts.lastIndex(where: { $0 <= movement.date }) else { continue }
                    row[3 + index] += Int128(movement.amount.amountMinor)
                }
            }
            sums[entry.currency] = row
        }
        var converted = [Money](repeating: .zero(fx.reportingCurrency), count: width)
        for currency in sums.keys.sorted() {
            for (index, sum) in (sums[currency] ?? []).enumerated() {
                converted[index] = try converted[index] + fx.convert(Money(exactly: sum, currency))
            }
        }
        // The period's total sales must fit too: every KPI divides by it.
        _ = try Money(exactly: converted[3...].reduce(Int128(0)) { $0 + Int128($1.amountMinor) }, fx.reportingCurrency)
        let monthly = monthStarts.enumerated().map { index, start in
            MonthSales(month: start, days: start.days(until: min(start.lastDayOfMonth, asOf)) + 1,
                       sales: converted[3 + index])
        }
        return KPIFigures(period: period, beginningReceivables: converted[0], endingReceivables: converted[1],
                          endingCurrentReceivables: converted[2], monthlySales: monthly)
    }

    /// The figures of entries all in `currency`; another currency throws `missingRate`.
    public static func of(_ entries: some Sequence<LedgerEntry>, asOf: CalendarDate, months: Int,
                          currency: Currency) throws(MoneyError) -> KPIFigures {
        try of(entries, asOf: asOf, months: months, fx: FXTable(reportingCurrency: currency))
    }

    /// Total credit sales of the period, in the figures' currency; saturates rather than wrap for figures read
    /// from elsewhere (each month's sales were summed with checked arithmetic when the figures were built).
    public var creditSales: Money {
        let total = monthlySales.reduce(Int128(0)) { $0 + Int128($1.sales.amountMinor) }
        return Money(amountMinor: Int64(clamping: total), currency: endingReceivables.currency)
    }

    /// Days in the period, both ends included.
    public var days: Int { ReceivableDays.days(in: period) }
}
