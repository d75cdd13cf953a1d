import Domain
import Foundation
@testable import Scoring
import Testing

/// `StatementRatios` computes every UCI Polish ratio from a statement's amounts by the UCI attribute definition.
@Suite struct StatementRatiosTests {
    static func usd(_ major: Double) -> Money { Money(amountMinor: Int64(major * 100), currency: .usd) }

    // The hand-computed statement, in USD.
    static let ta = 1_000_000.0, tl = 600_000.0, ca = 400_000.0, stl = 250_000.0, wc = 150_000.0, re = 120_000.0
    static let ebit = 80_000.0, equity = 400_000.0, sales = 1_500_000.0, np = -20_000.0
    static let cash = 50_000.0, securities = 10_000.0, receivables = 200_000.0, inventory = 120_000.0
    static let fixed = 600_000.0, currentLiabilities = 180_000.0, ltl = 350_000.0, shareCapital = 100_000.0
    static let constantCapital = 750_000.0, previousSales = 1_200_000.0, cogs = 1_100_000.0, opex = 1_380_000.0
    static let totalCosts = 1_520_000.0, depreciation = 40_000.0, gp = -15_000.0, gp3 = 90_000.0, extraordinary = -2_000.0
    static let financialExpenses = 30_000.0, interest = 25_000.0, poa = 70_000.0, pos = 60_000.0

    static var statement: FinancialStatement {
        var s = FinancialStatement(
            buyerId: BuyerId("b"), periodEnd: try! CalendarDate("2024-12-31"), totalAssets: usd(ta), totalLiabilities: usd(tl),
            currentAssets: usd(ca), shortTermLiabilities: usd(stl), workingCapital: usd(wc), retainedEarnings: usd(re),
            ebit: usd(ebit), bookEquity: usd(equity), sales: usd(sales), netProfit: usd(np))
        s.cash = usd(cash); s.shortTermSecurities = usd(securities); s.receivables = usd(receivables)
        s.inventory = usd(inventory); s.fixedAssets = usd(fixed); s.currentLiabilities = usd(currentLiabilities)
        s.longTermLiabilities = usd(ltl); s.shareCapital = usd(shareCapital); s.constantCapital = usd(constantCapital)
        s.previousSales = usd(previousSales); s.costOfProductsSold = usd(cogs); s.operatingExpenses = usd(opex)
        s.totalCosts = usd(totalCosts); s.depreciation = usd(depreciation); s.grossProfit = usd(gp)
        s.grossProfitThreeYears = usd(gp3); s.extraordinaryItems = usd(extraordinary)
        s.financialExpenses = usd(financialExpenses); s.interest = usd(interest)
        s.profitOnOperatingActivities = usd(poa); s.profitOnSales = usd(pos)
        return s
    }

    /// Each ratio worked by hand from the amounts above, by the UCI definition.
    static let expected: [Int: Double] = [
        1: np / ta, 2: tl / ta, 3: wc / ta, 4: ca / stl,
        5: (cash + securities + receivables - stl) / (opex - depreciation) * 365,  // (260,000 − 250,000) / 1,340,000 × 365
        6: re / ta, 7: ebit / ta, 8: equity / tl, 9: sales / ta, 10: equity / ta,
        11: (gp + extraordinary + financialExpenses) / ta, 12: gp / stl, 13: (gp + depreciation) / sales,
        14: (gp + interest) / ta, 15: tl * 365 / (gp + depreciation), 16: (gp + depreciation) / tl, 17: ta / tl,
        18: gp / ta, 19: gp / sales, 20: inventory * 365 / sales, 21: sales / previousSales, 22: poa / ta, 23: np / sales,
        24: gp3 / ta, 25: (equity - shareCapital) / ta, 26: (np + depreciation) / tl, 27: poa / financialExpenses,
        28: wc / fixed, 29: 3,  // log10 of 1,000 thousand
        30: (tl - cash) / sales, 31: (gp + interest) / sales, 32: currentLiabilities * 365 / cogs, 33: opex / stl,
        34: opex / tl, 35: pos / ta, 36: sales / ta, 37: (ca - inventory) / ltl, 38: constantCapital / ta, 39: pos / sales,
        40: (ca - inventory - receivables) / stl, 41: tl / ((poa + depreciation) * 12 / 365), 42: poa / sales,
        43: receivables * 365 / sales + inventory * 365 / sales, 44: receivables * 365 / sales, 45: np / inventory,
        46: (ca - inventory) / stl, 47: inventory * 365 / cogs, 48: (poa - depreciation) / ta, 49: (poa - depreciation) / sales,
        50: ca / tl, 51: stl / ta, 52: stl * 365 / cogs, 53: equity / fixed, 54: constantCapital / fixed,
        55: 150,  // working capital in thousands
        56: (sales - cogs) / sales, 57: (ca - inventory - stl) / (sales - gp - depreciation), 58: totalCosts / sales,
        59: ltl / equity, 60: sales / inventory, 61: sales / receivables, 62: stl * 365 / sales, 63: sales / stl,
        64: sales / fixed,
    ]

    @Test func everyRatioFollowsItsUCIDefinitionOnAHandComputedStatement() throws {
        let statement = Self.statement
        try statement.validate()
        #expect(Self.expected.count == 64)
        for number in 1...64 {
            let computed = StatementRatios.value("X\(number)", in: statement)
            let expected = try #require(Self.expected[number])
            #expect(computed.map { abs($0 - expected) <= 1e-12 * max(1, abs(expected)) } == true,
                    "X\(number): computed \(String(describing: computed)), expected \(expected)")
        }
        // Two worked out in full: X5 = 10,000 / 1,340,000 × 365 = 2.7239; X41 = 600,000 / (110,000 × 12 / 365) = 182.5 × 10 / 11.
        #expect(abs((StatementRatios.value("X5", in: statement) ?? 0) - 2.7238805970149254) < 1e-9)
        #expect(abs((StatementRatios.value("X41", in: statement) ?? 0) - 165.9090909090909) < 1e-9)
        #expect(StatementRatios.reportsBeyondRequiredFields(statement))
    }

    @Test func aSuppliedRatioWinsAndARatioOverAZeroOrAbsentAmountIsMissing() {
        var statement = Self.statement
        statement.ratios = ["X21": 0.5]
        #expect(StatementRatios.value("X21", in: statement) == 0.5)
        statement.inventory = Money(amountMinor: 0, currency: .usd)
        #expect(StatementRatios.value("X60", in: statement) == nil && StatementRatios.value("X45", in: statement) == nil)
        #expect(StatementRatios.value("X20", in: statement) == 0)  // zero over sales is a ratio, not a missing one
        statement.receivables = nil
        #expect(StatementRatios.value("X44", in: statement) == nil && StatementRatios.value("X43", in: statement) == nil)
        statement.depreciation = Money(amountMinor: -1_000_000, currency: .usd)
        statement.grossProfit = Money(amountMinor: 1_000_000, currency: .usd)
        #expect(StatementRatios.value("X15", in: statement) == nil)  // gross profit + depreciation = 0
        // Today's required fields alone: the ratios they define, nothing more.
        let required = FinancialStatement(
            buyerId: BuyerId("b"), periodEnd: statement.periodEnd, totalAssets: statement.totalAssets,
            totalLiabilities: statement.totalLiabilities, currentAssets: statement.currentAssets,
            shortTermLiabilities: statement.shortTermLiabilities, workingCapital: statement.workingCapital,
            retainedEarnings: statement.retainedEarnings, ebit: statement.ebit, bookEquity: statement.bookEquity,
            sales: statement.sales, netProfit: statement.netProfit)
        let defined = (1...64).map { "X\($0)" }.filter { StatementRatios.value($0, in: required) != nil }
        #expect(defined == StatementRatios.amountRatioNames)
        #expect(!StatementRatios.reportsBeyondRequiredFields(required))
    }

    @Test func aLineItemInAnotherCurrencyOrNegativeWhereItCannotBeIsRefused() {
        var statement = Self.statement
        statement.cash = Money(amountMinor: 100, currency: .eur)
        #expect(throws: EventRejection.self) { try statement.validate() }
        statement.cash = Money(amountMinor: -100, currency: .usd)
        #expect(throws: EventRejection.self) { try statement.validate() }
        statement.cash = nil
        statement.grossProfit = Money(amountMinor: -100, currency: .usd)  // a loss is allowed
        #expect(throws: Never.self) { try statement.validate() }
    }
}
