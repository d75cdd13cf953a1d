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
    /// Credit sales per month of the period, oldest first.
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
    ///
    /// - Parameter currency: every entry must be in it (convert a multi-currency portfolio first).
    public static func of(_ entries: some Sequence<LedgerEntry>, asOf: CalendarDate, months: Int,
                          currency: Currency) throws(MoneyError) -> KPIFigures {
        let period = ReceivableDays.kpiPeriod(months: months, endingOn: asOf)
        let dayBefore = period.lowerBound.adding(days: -1)
        var monthStarts: [CalendarDate] = []
        var month = period.lowerBound
        while month <= asOf {
            monthStarts.append(month)
            month = month.firstDayOfMonth.adding(months: 1)
        }
        var sales = [Int64](repeating: 0, count: monthStarts.count)
        var beginning: Int64 = 0, ending: Int64 = 0, current: Int64 = 0
        for entry in entries {
            guard entry.currency == currency else { throw .mixedCurrencies(currency, entry.currency) }
            beginning += entry.openAmount(atEndOf: dayBefore).amountMinor
            let open = entry.openAmount(atEndOf: asOf).amountMinor
            ending += open
            if ReceivableDays.daysPastDue(dueDate: entry.dueDate, on: asOf) <= 0 { current += open }
            if entry.isSale(in: period), let index = monthStarts.lastIndex(where: { $0 <= entry.issueDate }) {
                sales[index] += entry.amount.amountMinor
            }
        }
        let monthly = monthStarts.enumerated().map { index, start in
            MonthSales(month: start, days: start.days(until: min(start.lastDayOfMonth, asOf)) + 1,
                         sales: Money(amountMinor: sales[index], currency: currency))
        }
        return KPIFigures(period: period, beginningReceivables: Money(amountMinor: beginning, currency: currency),
                          endingReceivables: Money(amountMinor: ending, currency: currency),
                          endingCurrentReceivables: Money(amountMinor: current, currency: currency),
                          monthlySales: monthly)
    }

    /// Total credit sales of the period.
    public var creditSales: Money {
        Money(amountMinor: monthlySales.reduce(0) { $0 + $1.sales.amountMinor }, currency: endingReceivables.currency)
    }

    /// Days in the period, both ends included.
    public var days: Int { ReceivableDays.days(in: period) }
}
