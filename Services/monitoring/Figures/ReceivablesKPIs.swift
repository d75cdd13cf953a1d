import Domain

/// The collection KPIs of DOMAIN.md §4 over one period. A KPI is nil when its divisor is zero (no sales,
/// no receivables).
public struct ReceivablesKPIs: Sendable, Hashable {
    public var figures: KPIFigures
    /// Days sales outstanding = ending receivables ÷ credit sales × days.
    public var dso: Double?
    /// Count-back DSO: ending receivables walked back month by month through each month's sales.
    public var countBackDSO: Double?
    /// Best possible DSO = ending current receivables ÷ credit sales × days.
    public var bestPossibleDSO: Double?
    /// Average days delinquent = DSO − best possible DSO.
    public var averageDaysDelinquent: Double?
    /// Collection effectiveness index, in percent: (beginning + sales − ending) ÷ (beginning + sales − ending current).
    public var cei: Double?
    /// Receivables turnover over the period = credit sales ÷ average of beginning and ending receivables.
    public var turnover: Double?

    /// The KPIs of the figures.
    public init(_ figures: KPIFigures) {
        self.figures = figures
        let sales = Double(figures.creditSales.amountMinor)
        let ending = Double(figures.endingReceivables.amountMinor)
        let current = Double(figures.endingCurrentReceivables.amountMinor)
        let beginning = Double(figures.beginningReceivables.amountMinor)
        let days = Double(figures.days)
        dso = sales > 0 ? ending / sales * days : nil
        bestPossibleDSO = sales > 0 ? current / sales * days : nil
        if let dso, let bestPossibleDSO { averageDaysDelinquent = dso - bestPossibleDSO }
        countBackDSO = Self.countBack(figures)
        // What could be collected in the period is everything open at its start plus all it sold; the variant
        // with sales ÷ months leaves 0…100 % whenever receivables grow, so DOMAIN.md §4 does not use it.
        let collectible = beginning + sales
        let denominator = collectible - current
        // Coherent figures keep it within 0…100 % (ending ≤ beginning + sales, current ≤ ending); converting each
        // figure from several currencies separately may leave it a hair outside, which is clamped — anything
        // further out is left visible, as the incoherence it is.
        if denominator > 0 {
            let raw = (collectible - ending) / denominator * 100
            cei = (-0.01...100.01).contains(raw) ? min(100, max(0, raw)) : raw
        } else {
            cei = nil
        }
        let average = (beginning + ending) / 2
        turnover = average > 0 ? sales / average : nil
    }

    /// The KPIs of `entries` over the `months` calendar months ending with `asOf`'s month; the one entry point
    /// for a buyer's ledger or a whole portfolio.
    public static func of(_ entries: some Sequence<LedgerEntry>, asOf: CalendarDate, months: Int,
                          fx: FXTable) throws(MoneyError) -> ReceivablesKPIs {
        ReceivablesKPIs(try KPIFigures.of(entries, asOf: asOf, months: months, fx: fx))
    }

    /// The KPIs of entries all in `currency`.
    public static func of(_ entries: some Sequence<LedgerEntry>, asOf: CalendarDate, months: Int,
                          currency: Currency) throws(MoneyError) -> ReceivablesKPIs {
        try of(entries, asOf: asOf, months: months, fx: FXTable(reportingCurrency: currency))
    }

    /// Walks back from the latest month: a month whose sales the remainder covers adds its days; the month it
    /// runs out in adds remainder ÷ that month's sales × its days. A remainder left after the period's first
    /// month is counted at the period's average daily sales (the history before the period is not part of it).
    static func countBack(_ figures: KPIFigures) -> Double? {
        let total = Double(figures.creditSales.amountMinor)
        guard total > 0 else { return nil }
        var remainder = Double(figures.endingReceivables.amountMinor)
        var days = 0.0
        for month in figures.monthlySales.reversed() {
            guard remainder > 0 else { break }
            let sales = Double(month.sales.amountMinor)
            if remainder >= sales {
                remainder -= sales
                days += Double(month.days)
            } else {
                days += remainder / sales * Double(month.days)
                remainder = 0
            }
        }
        if remainder > 0 { days += remainder / (total / Double(figures.days)) }
        return days
    }
}
