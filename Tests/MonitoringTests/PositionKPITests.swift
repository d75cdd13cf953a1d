import Domain
import Monitoring
import Testing

/// The KPIs of DOMAIN.md §4 as other teams read them: on every buyer's position, and for the whole portfolio
/// from the positions read whole.
@Suite struct PositionKPITests {
    typealias F = Fixture

    /// The worked quarter (beginning 6,200; sales 3,390 / 3,610 / 3,890; ending 6,340 of which 3,590 current)
    /// built from invoice events: the position published at the end of 31 March carries its KPIs.
    @Test func theBuyersPositionCarriesTheKPIsOfTheWorkedQuarter() throws {
        var harness = Harness()
        harness.send(F.issued("X", 6200, issued: "2012-12-01", due: "2012-12-31"), on: "2012-12-01")
        harness.send(F.issued("JAN", 3390, issued: "2013-01-15", due: "2013-02-14"), on: "2013-01-15")
        harness.send(F.issued("FEB", 3610, issued: "2013-02-10", due: "2013-03-12"), on: "2013-02-10")
        harness.send(F.paid("X", 6200, on: "2013-02-15"), on: "2013-02-15")
        harness.send(F.paid("JAN", 1000, on: "2013-03-01"), on: "2013-03-01")
        harness.send(F.paid("FEB", 3250, on: "2013-03-15"), on: "2013-03-15")
        harness.send(F.issued("MAR", 3890, issued: "2013-03-20", due: "2013-04-19"), on: "2013-03-20")
        let last = harness.send(F.paid("MAR", 300, on: "2013-03-31"), on: "2013-03-31").outputs.positions
        let position = try #require(last.last)
        let kpis = try #require(position.kpis)
        #expect(position.openAmount == F.usd(6340))
        #expect(kpis.periodStart == F.day("2013-01-01"))
        #expect(kpis.beginningReceivables == F.usd(6200) && kpis.endingCurrentReceivables == F.usd(3590))
        #expect(kpis.monthlySales.map(\.sales) == [F.usd(3390), F.usd(3610), F.usd(3890)])
        #expect(AgingAndKPITests.twoDecimals(kpis.dso) == "52.40")
        #expect(AgingAndKPITests.twoDecimals(kpis.countBackDso) == "50.00")
        #expect(AgingAndKPITests.twoDecimals(kpis.bestPossibleDso) == "29.67")
        #expect(AgingAndKPITests.twoDecimals(kpis.averageDaysDelinquent) == "22.73")
        #expect(AgingAndKPITests.twoDecimals(kpis.cei) == "79.63")
    }

    /// The same quarter split over two buyers: the portfolio's KPIs are those of the summed figures
    /// (DSO 52.40), not the mean of the buyers' KPIs; a buyer in another currency is left out and named.
    @Test func thePortfolioKPIsAreTheKPIsOfTheBuyersSummedFigures() throws {
        let asOf = F.day("2013-03-31")
        func position(_ buyer: BuyerId, _ entries: [LedgerEntry]) throws -> ReceivablesPosition {
            let kpis = try ReceivablesKPIs.of(entries, asOf: asOf, months: 3, currency: .usd)
            let zero = Money.zero(.usd)
            return ReceivablesPosition(buyerId: buyer, asOf: asOf, openAmount: kpis.figures.endingReceivables, overdueAmount: zero,
                                       disputedAmount: zero, exposure: kpis.figures.endingReceivables, approvedOrdersAmount: zero,
                                       aging: AgingAmounts(current: zero, days1To30: zero, days31To60: zero, days61To90: zero, over90: zero),
                                       openInvoiceCount: 0, onCreditHold: false, kpis: ReceivablesKPISnapshot(kpis))
        }
        let ledger = AgingAndKPITests.workedLedger
        let first = try position("A", Array(ledger.prefix(2)))
        let second = try position("B", Array(ledger.suffix(2)))
        let secondAlone = try #require(second.kpis?.dso)
        let euro = ReceivablesPosition(buyerId: "EU", asOf: asOf, openAmount: Money(amountMinor: 100, currency: .eur),
                                       overdueAmount: .zero(.eur), disputedAmount: .zero(.eur), exposure: Money(amountMinor: 100, currency: .eur),
                                       approvedOrdersAmount: .zero(.eur),
                                       aging: AgingAmounts(current: .zero(.eur), days1To30: .zero(.eur), days31To60: .zero(.eur),
                                                           days61To90: .zero(.eur), over90: .zero(.eur)),
                                       openInvoiceCount: 1, onCreditHold: false,
                                       kpis: ReceivablesKPISnapshot(periodStart: F.day("2013-01-01"), beginningReceivables: .zero(.eur),
                                                                    endingCurrentReceivables: .zero(.eur), monthlySales: []))

        let portfolio = try #require(try PortfolioKPIs.of([first, second, euro], currency: .usd))
        #expect(portfolio.buyers == 2 && portfolio.leftOut == ["EU"])
        #expect(portfolio.kpis.figures.endingReceivables == F.usd(6340))
        #expect(AgingAndKPITests.twoDecimals(portfolio.kpis.dso) == "52.40")
        #expect(AgingAndKPITests.twoDecimals(portfolio.kpis.cei) == "79.63")
        #expect(AgingAndKPITests.twoDecimals(portfolio.kpis.countBackDSO) == "50.00")
        #expect(AgingAndKPITests.twoDecimals(secondAlone) != "52.40", "one buyer alone gives other figures")

        // A quiet buyer's position stays as it was published (here on 20 March, 20 days into March): the
        // portfolio recounts the days as of its latest position, so the figures are the same.
        var earlier = second
        earlier.asOf = F.day("2013-03-20")
        earlier.kpis?.monthlySales[2].days = 20
        let recounted = try #require(try PortfolioKPIs.of([first, earlier], currency: .usd))
        #expect(recounted.kpis.figures.days == 90)
        #expect(AgingAndKPITests.twoDecimals(recounted.kpis.dso) == "52.40")
    }
}
