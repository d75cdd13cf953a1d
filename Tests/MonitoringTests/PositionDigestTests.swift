import Domain
import Testing
@testable import Monitoring

/// A position is published when its figures change, not for the calendar alone: the digest that decides it
/// moves with every figure and with nothing else.
@Suite struct PositionDigestTests {
    typealias F = Fixture

    static let position = ReceivablesPosition(
        buyerId: F.buyer, asOf: F.day("2024-03-31"), openAmount: F.usd(2_100), overdueAmount: F.usd(1_100),
        disputedAmount: F.usd(300), exposure: F.usd(2_600), approvedOrdersAmount: F.usd(500),
        aging: AgingAmounts(current: F.usd(1_000), days1To30: F.usd(500), days31To60: F.usd(300), days61To90: F.usd(200), over90: F.usd(100)),
        openInvoiceCount: 5, onCreditHold: false, creditLimit: F.usd(10_000),
        kpis: ReceivablesKPISnapshot(periodStart: F.day("2024-01-01"), beginningReceivables: F.usd(6_200),
                                     endingCurrentReceivables: F.usd(1_000),
                                     monthlySales: [MonthSales(month: F.day("2024-01-01"), days: 31, sales: F.usd(3_390)),
                                                    MonthSales(month: F.day("2024-02-01"), days: 29, sales: F.usd(3_610)),
                                                    MonthSales(month: F.day("2024-03-01"), days: 31, sales: F.usd(3_890))],
                                     dso: 52.4, countBackDso: 50, bestPossibleDso: 29.67, averageDaysDelinquent: 22.73, cei: 79.63, turnover: 1.7),
        currencies: [CurrencyPosition(openAmount: F.usd(2_100), overdueAmount: F.usd(1_100), approvedOrdersAmount: F.usd(500),
                                      unappliedCash: F.usd(50))],
        unappliedCash: F.usd(50), parentId: "HOLDING")

    static func digest(_ change: (inout ReceivablesPosition) -> Void) -> UInt64 {
        var position = Self.position
        change(&position)
        return BuyerMonitor.figuresDigest(position)
    }

    @Test func theCalendarAloneLeavesTheDigestAsItIs() {
        let base = BuyerMonitor.figuresDigest(Self.position)
        #expect(Self.digest { $0.asOf = F.day("2024-03-30") } == base)
        #expect(Self.digest { $0.kpis?.monthlySales[2].days = 30 } == base, "the days of the running month grow daily")
        #expect(Self.digest { $0.kpis?.dso = 60 } == base, "the KPIs follow from the figures and the days")
    }

    @Test(arguments: 0..<23)
    func everyFigureMovesTheDigest(_ figure: Int) {
        let changes: [(inout ReceivablesPosition) -> Void] = [
            { $0.buyerId = "B-2" }, { $0.openAmount = F.usd(2_101) }, { $0.overdueAmount = F.usd(1_101) },
            { $0.disputedAmount = F.usd(0) }, { $0.exposure = F.usd(2_700) }, { $0.approvedOrdersAmount = F.usd(0) },
            { $0.aging.current = F.usd(999) }, { $0.aging.days1To30 = F.usd(501) }, { $0.aging.days31To60 = F.usd(0) },
            { $0.aging.days61To90 = F.usd(201) }, { $0.aging.over90 = F.usd(101) }, { $0.openInvoiceCount = 6 },
            { $0.onCreditHold = true }, { $0.creditLimit = nil },
            { $0.kpis?.beginningReceivables = F.usd(6_201) }, { $0.kpis?.monthlySales[0].sales = F.usd(3_391) },
            { $0.kpis = nil },
            { $0.currencies?[0].openAmount = F.usd(2_000) }, { $0.currencies?[0].approvedOrdersAmount = F.usd(0) },
            { $0.currencies = nil }, { $0.unappliedCash = F.usd(60) }, { $0.currencies?[0].unappliedCash = nil },
            { $0.parentId = nil },
        ]
        #expect(changes.count == 23)
        #expect(Self.digest(changes[figure]) != BuyerMonitor.figuresDigest(Self.position))
    }

    /// A field added to a position must be fed to the digest too, or its changes would never be published.
    @Test func theDigestKnowsEveryFieldOfAPosition() {
        #expect(Mirror(reflecting: Self.position).children.count == 15, "ReceivablesPosition changed: update BuyerMonitor.figuresDigest")
        #expect(Mirror(reflecting: Self.position.currencies![0]).children.count == 4, "CurrencyPosition changed: update BuyerMonitor.figuresDigest")
        #expect(Mirror(reflecting: Self.position.aging).children.count == 5, "AgingAmounts changed: update BuyerMonitor.figuresDigest")
        #expect(Mirror(reflecting: Self.position.kpis!).children.count == 10, "ReceivablesKPISnapshot changed: update BuyerMonitor.figuresDigest")
        #expect(Mirror(reflecting: Self.position.kpis!.monthlySales[0]).children.count == 3, "MonthSales changed: update BuyerMonitor.figuresDigest")
    }
}
