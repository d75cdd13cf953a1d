import Domain
import Monitoring
import Testing

@Suite struct AgingAndKPITests {
    typealias F = Fixture

    @Test func theAgingExampleOfDomainSection4() throws {
        let entries = [
            F.entry("A", 1000, issued: "2024-03-16", due: "2024-04-15"),
            F.entry("B", 500, issued: "2024-02-20", due: "2024-03-21"),
            F.entry("C", 300, issued: "2024-01-21", due: "2024-02-20"),
            F.entry("D", 200, issued: "2023-12-17", due: "2024-01-16"),
            F.entry("E", 100, issued: "2023-11-01", due: "2023-12-01"),
        ]
        let report = try AgingReport.of(entries, asOf: F.day("2024-03-31"), buckets: Policy.defaults.monitoring.agingBuckets,
                                        currency: .usd)
        #expect(report.amounts == AgingAmounts(current: F.usd(1000), days1To30: F.usd(500), days31To60: F.usd(300),
                                               days61To90: F.usd(200), over90: F.usd(100)))
        #expect(report.total == F.usd(2100))
        #expect(report.pastDue == F.usd(1100))
        #expect(String(format: "%.1f", (report.pastDueShare ?? 0) * 100) == "52.4")
    }

    @Test func anInvoicePaidOnADayIsNotOpenAtTheEndOfThatDay() throws {
        let entry = F.entry("A", 1000, issued: "2024-03-01", due: "2024-03-31", payments: [(1000, "2024-03-20")])
        #expect(entry.openAmount(atEndOf: F.day("2024-03-19")) == F.usd(1000))
        #expect(entry.openAmount(atEndOf: F.day("2024-03-20")).isZero)
        let report = try AgingReport.of([entry], asOf: F.day("2024-03-20"), buckets: Policy.defaults.monitoring.agingBuckets,
                                        currency: .usd)
        #expect(report.total.isZero)
    }

    @Test func theKPIWorkedExampleFromItsFigures() {
        let figures = KPIFigures(
            period: F.day("2013-01-01")...F.day("2013-03-31"), beginningReceivables: F.usd(6200),
            endingReceivables: F.usd(6340), endingCurrentReceivables: F.usd(3590),
            monthlySales: [MonthSales(month: F.day("2013-01-01"), days: 31, sales: F.usd(3390)),
                           MonthSales(month: F.day("2013-02-01"), days: 28, sales: F.usd(3610)),
                           MonthSales(month: F.day("2013-03-01"), days: 31, sales: F.usd(3890))])
        let kpis = ReceivablesKPIs(figures)
        #expect(figures.days == 90)
        #expect(figures.creditSales == F.usd(10890))
        #expect(Self.twoDecimals(kpis.dso) == "52.40")
        #expect(Self.twoDecimals(kpis.countBackDSO) == "50.00")
        #expect(Self.twoDecimals(kpis.bestPossibleDSO) == "29.67")
        #expect(Self.twoDecimals(kpis.averageDaysDelinquent) == "22.73")
        #expect(Self.twoDecimals(kpis.cei) == "79.63")
        #expect(Self.twoDecimals(kpis.turnover) == "1.74")
    }

    /// The same quarter built from invoices: 6,200 open at the start, sales of 3,390 / 3,610 / 3,890, and
    /// partial payments leaving 6,340 open at 31 March of which 3,590 not yet due.
    static let workedLedger = [
        F.entry("X", 6200, issued: "2012-12-01", due: "2012-12-31", payments: [(6200, "2013-02-15")]),
        F.entry("JAN", 3390, issued: "2013-01-15", due: "2013-02-14", payments: [(1000, "2013-03-01")]),
        F.entry("FEB", 3610, issued: "2013-02-10", due: "2013-03-12", payments: [(3250, "2013-03-15")]),
        F.entry("MAR", 3890, issued: "2013-03-20", due: "2013-04-19", payments: [(300, "2013-03-31")]),
    ]

    /// DOMAIN.md §4: CEI divides by beginning receivables plus all the period's sales, so a growing portfolio
    /// (a new buyer) stays within 0…100 % — the variant with sales ÷ months gave 121 % here.
    @Test func ceiOfAGrowingPortfolioStaysAPercentage() {
        let figures = KPIFigures(
            period: F.day("2013-01-01")...F.day("2013-03-31"), beginningReceivables: F.usd(0),
            endingReceivables: F.usd(9000), endingCurrentReceivables: F.usd(8000),
            monthlySales: [MonthSales(month: F.day("2013-01-01"), days: 31, sales: F.usd(2000)),
                           MonthSales(month: F.day("2013-02-01"), days: 28, sales: F.usd(3000)),
                           MonthSales(month: F.day("2013-03-01"), days: 31, sales: F.usd(5000))])
        let cei = ReceivablesKPIs(figures).cei
        #expect(Self.twoDecimals(cei) == "50.00")
        #expect((0...100).contains(cei ?? -1))
    }

    @Test func theKPIWorkedExampleFromALedger() throws {
        let kpis = try ReceivablesKPIs.of(Self.workedLedger, asOf: F.day("2013-03-31"), months: 3, currency: .usd)
        #expect(kpis.figures.beginningReceivables == F.usd(6200))
        #expect(kpis.figures.endingReceivables == F.usd(6340))
        #expect(kpis.figures.endingCurrentReceivables == F.usd(3590))
        #expect(kpis.figures.monthlySales.map(\.sales) == [F.usd(3390), F.usd(3610), F.usd(3890)])
        #expect(Self.twoDecimals(kpis.dso) == "52.40")
        #expect(Self.twoDecimals(kpis.countBackDSO) == "50.00")
        #expect(Self.twoDecimals(kpis.bestPossibleDSO) == "29.67")
        #expect(Self.twoDecimals(kpis.averageDaysDelinquent) == "22.73")
        #expect(Self.twoDecimals(kpis.cei) == "79.63")
    }

    @Test func theKPIPeriodIsNCalendarMonthsEndingWithTheAsOfMonth() throws {
        let kpis = try ReceivablesKPIs.of(Self.workedLedger, asOf: F.day("2013-06-30"), months: 3, currency: .usd)
        #expect(kpis.figures.period == F.day("2013-04-01")...F.day("2013-06-30"))
        #expect(kpis.figures.days == 91)
        #expect(kpis.figures.creditSales.isZero)
        #expect(kpis.dso == nil)
    }

    @Test func aCurrencyWithoutARateIsNeverMixedIntoATotal() {
        var euro = F.entry("EU", 100, issued: "2013-03-01", due: "2013-03-31")
        euro.amount = Money(amountMinor: 10_000, currency: .eur)
        euro.movements = [LedgerMovement(kind: .issued, date: F.day("2013-03-01"), amount: euro.amount)]
        #expect(throws: MoneyError.missingRate(from: .eur, to: .usd)) {
            try ReceivablesKPIs.of(Self.workedLedger + [euro], asOf: F.day("2013-03-31"), months: 3, currency: .usd)
        }
    }

    static func twoDecimals(_ value: Double?) -> String {
        value.map { String(format: "%.2f", $0) } ?? "nil"
    }
}
