import Domain

extension ReceivablesKPISnapshot {
    /// The snapshot a position carries: the KPIs and the figures they come from.
    public init(_ kpis: ReceivablesKPIs) {
        let figures = kpis.figures
        self.init(periodStart: figures.period.lowerBound, beginningReceivables: figures.beginningReceivables,
                  endingCurrentReceivables: figures.endingCurrentReceivables,
                  monthlySales: figures.monthlySales,
                  dso: kpis.dso, countBackDso: kpis.countBackDSO, bestPossibleDso: kpis.bestPossibleDSO,
                  averageDaysDelinquent: kpis.averageDaysDelinquent, cei: kpis.cei, turnover: kpis.turnover)
    }
}

/// The whole portfolio's KPIs from every buyer's latest position (the compacted `receivables.positions` read
/// whole, as a global table): the KPIs of the buyers' summed figures, never an average of their KPIs.
public enum PortfolioKPIs {
    /// What the portfolio figures are made of.
    public struct Result: Sendable, Hashable {
        public var kpis: ReceivablesKPIs
        /// Buyers whose figures are in the sum.
        public var buyers: Int
        /// Buyers left out: another currency, or a position of an earlier period that still has figures
        /// (a position is published whenever its figures change, so a quiet buyer's stays as it was).
        public var leftOut: [BuyerId]
    }

    /// The KPIs over the period of the latest position, as of its day, in `currency`; nil when no position
    /// has KPIs. The buyers' figures are summed exactly; `overflow` when a portfolio total does not fit in 64 bits.
    public static func of(_ positions: some Sequence<ReceivablesPosition>, currency: Currency) throws(MoneyError) -> Result? {
        let withKPIs = positions.filter { $0.kpis != nil }
        guard let latest = withKPIs.filter({ $0.openAmount.currency == currency }).max(by: { $0.asOf < $1.asOf }),
              let latestKPIs = latest.kpis else { return nil }
        var beginning: Int128 = 0, ending: Int128 = 0, current: Int128 = 0
        let months = latestKPIs.monthlySales.map(\.month)
        var sales = [Int128](repeating: 0, count: months.count)
        var included = 0
        var leftOut: [BuyerId] = []
        for position in withKPIs {
            guard let kpis = position.kpis else { continue }
            let quiet = position.openAmount.isZero && kpis.beginningReceivables.isZero && kpis.monthlySales.allSatisfy { $0.sales.isZero }
            guard position.openAmount.currency == currency, kpis.periodStart == latestKPIs.periodStart || quiet else {
                leftOut.append(position.buyerId)
                continue
            }
            included += 1
            beginning += Int128(kpis.beginningReceivables.amountMinor)
            ending += Int128(position.openAmount.amountMinor)
            current += Int128(kpis.endingCurrentReceivables.amountMinor)
            for month in kpis.monthlySales {
                if let index = months.firstIndex(of: month.month) { sales[index] += Int128(month.sales.amountMinor) }
            }
        }
        // The days of each month as of the latest position: a position is not republished for the calendar alone.
        var monthly: [MonthSales] = []
        for (month, sum) in zip(months, sales) {
            monthly.append(MonthSales(month: month, days: month.days(until: min(month.lastDayOfMonth, latest.asOf)) + 1,
                                      sales: try Money(exactly: sum, currency)))
        }
        _ = try Money(exactly: sales.reduce(0, +), currency)
        let figures = KPIFigures(period: latestKPIs.periodStart...latest.asOf,
                                 beginningReceivables: try Money(exactly: beginning, currency),
                                 endingReceivables: try Money(exactly: ending, currency),
                                 endingCurrentReceivables: try Money(exactly: current, currency), monthlySales: monthly)
        return Result(kpis: ReceivablesKPIs(figures), buyers: included, leftOut: leftOut.sorted { $0.rawValue < $1.rawValue })
    }
}
