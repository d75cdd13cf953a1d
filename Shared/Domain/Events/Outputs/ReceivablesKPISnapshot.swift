/// One calendar month of a KPI period: its first day inside the period, its days inside it, its credit sales.
public struct MonthSales: Sendable, Hashable, Codable {
    public var month: CalendarDate
    public var days: Int
    public var sales: Money

    public init(month: CalendarDate, days: Int, sales: Money) {
        self.month = month
        self.days = days
        self.sales = sales
    }
}

/// A buyer's collection KPIs of DOMAIN.md §4 over the policy's period ending on the position's day, with
/// the figures they come from, so that a portfolio's KPIs are the KPIs of the buyers' summed figures.
/// Ending receivables are the position's `openAmount`. A KPI is absent when its divisor is zero.
public struct ReceivablesKPISnapshot: Sendable, Hashable, Codable {
    /// The period's first day; it ends with the position's `asOf`.
    public var periodStart: CalendarDate
    /// Open at the end of the day before the period.
    public var beginningReceivables: Money
    /// The part of the ending receivables not past due.
    public var endingCurrentReceivables: Money
    /// Credit sales per month of the period, oldest first.
    public var monthlySales: [MonthSales]
    public var dso: Double?
    public var countBackDso: Double?
    public var bestPossibleDso: Double?
    public var averageDaysDelinquent: Double?
    /// Collection effectiveness index, in percent.
    public var cei: Double?
    public var turnover: Double?

    public init(periodStart: CalendarDate, beginningReceivables: Money, endingCurrentReceivables: Money,
                monthlySales: [MonthSales], dso: Double? = nil, countBackDso: Double? = nil, bestPossibleDso: Double? = nil,
                averageDaysDelinquent: Double? = nil, cei: Double? = nil, turnover: Double? = nil) {
        self.periodStart = periodStart
        self.beginningReceivables = beginningReceivables
        self.endingCurrentReceivables = endingCurrentReceivables
        self.monthlySales = monthlySales
        self.dso = dso
        self.countBackDso = countBackDso
        self.bestPossibleDso = bestPossibleDso
        self.averageDaysDelinquent = averageDaysDelinquent
        self.cei = cei
        self.turnover = turnover
    }

    /// Refuses negative amounts and a month of no days.
    public func validate() throws(EventRejection) {
        try EventRejection.requireNonNegative(beginningReceivables, at: "kpis.beginningReceivables")
        try EventRejection.requireNonNegative(endingCurrentReceivables, at: "kpis.endingCurrentReceivables")
        for (index, month) in monthlySales.enumerated() {
            try EventRejection.requireNonNegative(month.sales, at: "kpis.monthlySales[\(index)].sales")
            try EventRejection.require(month.days > 0, at: "kpis.monthlySales[\(index)].days", "a month of the period has at least one day")
        }
    }
}
