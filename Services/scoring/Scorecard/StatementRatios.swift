import Domain
import Foundation

/// Reads the scorecard's ratios from a financial statement, by their UCI Polish names `X1`…`X64`.
///
/// A ratio the provider supplied in `ratios` wins; otherwise it is computed from the statement's amounts by the UCI
/// attribute definition written beside it (`amountRatio`). A ratio is missing (`nil`) when an amount it needs is
/// not given or when it divides by a zero amount.
public enum StatementRatios {
    /// The names of the ratios the required fields of the statement define.
    public static let amountRatioNames = ["X1", "X2", "X3", "X4", "X6", "X7", "X8", "X9", "X10", "X17", "X23", "X29",
                                          "X36", "X50", "X51", "X55", "X62", "X63"]

    /// The ratio `name` of `statement`, or nil when it is missing.
    public static func value(_ name: String, in statement: FinancialStatement) -> Double? {
        if let supplied = statement.ratios?[name] { return supplied }
        return amountRatio(name, in: statement)
    }

    /// Whether the statement gives anything the required fields do not: a provider ratio or a further line item.
    public static func reportsBeyondRequiredFields(_ statement: FinancialStatement) -> Bool {
        !(statement.ratios ?? [:]).isEmpty || statement.lineItems.contains { $0.amount != nil }
    }

    /// The scorecard's input vector: one entry per feature name, in order.
    public static func values(_ names: [String], in statement: FinancialStatement) -> [Double?] {
        names.map { value($0, in: statement) }
    }

    /// The ratio `name` computed from the statement's amounts alone, or nil when they do not define it.
    public static func amountRatio(_ name: String, in statement: FinancialStatement) -> Double? {
        guard name.hasPrefix("X"), let number = Int(name.dropFirst()) else { return nil }
        let a = Amounts(statement)
        let s = statement
        let days = 365.0
        switch number {
        case 1: return a.ratio(s.netProfit, s.totalAssets)  // net profit / total assets
        case 2: return a.ratio(s.totalLiabilities, s.totalAssets)  // total liabilities / total assets
        case 3: return a.ratio(s.workingCapital, s.totalAssets)  // working capital / total assets
        case 4: return a.ratio(s.currentAssets, s.shortTermLiabilities)  // current assets / short-term liabilities
        case 5:  // [(cash + short-term securities + receivables − short-term liabilities) / (operating expenses − depreciation)] × 365
            return a.quotient(a.sum([s.cash, s.shortTermSecurities, s.receivables], minus: [s.shortTermLiabilities]),
                              a.sum([s.operatingExpenses], minus: [s.depreciation])).map { $0 * days }
        case 6: return a.ratio(s.retainedEarnings, s.totalAssets)  // retained earnings / total assets
        case 7: return a.ratio(s.ebit, s.totalAssets)  // EBIT / total assets
        case 8: return a.ratio(s.bookEquity, s.totalLiabilities)  // book value of equity / total liabilities
        case 9: return a.ratio(s.sales, s.totalAssets)  // sales / total assets
        case 10: return a.ratio(s.bookEquity, s.totalAssets)  // equity / total assets
        case 11:  // (gross profit + extraordinary items + financial expenses) / total assets
            return a.quotient(a.sum([s.grossProfit, s.extraordinaryItems, s.financialExpenses]), a.sum([s.totalAssets]))
        case 12: return a.ratio(s.grossProfit, s.shortTermLiabilities)  // gross profit / short-term liabilities
        case 13: return a.quotient(a.sum([s.grossProfit, s.depreciation]), a.sum([s.sales]))  // (gross profit + depreciation) / sales
        case 14: return a.quotient(a.sum([s.grossProfit, s.interest]), a.sum([s.totalAssets]))  // (gross profit + interest) / total assets
        case 15:  // (total liabilities × 365) / (gross profit + depreciation)
            return a.quotient(a.sum([s.totalLiabilities]), a.sum([s.grossProfit, s.depreciation])).map { $0 * days }
        case 16:  // (gross profit + depreciation) / total liabilities
            return a.quotient(a.sum([s.grossProfit, s.depreciation]), a.sum([s.totalLiabilities]))
        case 17: return a.ratio(s.totalAssets, s.totalLiabilities)  // total assets / total liabilities
        case 18: return a.ratio(s.grossProfit, s.totalAssets)  // gross profit / total assets
        case 19: return a.ratio(s.grossProfit, s.sales)  // gross profit / sales
        case 20: return a.ratio(s.inventory, s.sales).map { $0 * days }  // (inventory × 365) / sales
        case 21: return a.ratio(s.sales, s.previousSales)  // sales (n) / sales (n − 1)
        case 22: return a.ratio(s.profitOnOperatingActivities, s.totalAssets)  // profit on operating activities / total assets
        case 23: return a.ratio(s.netProfit, s.sales)  // net profit / sales
        case 24: return a.ratio(s.grossProfitThreeYears, s.totalAssets)  // gross profit (in 3 years) / total assets
        case 25: return a.quotient(a.sum([s.bookEquity], minus: [s.shareCapital]), a.sum([s.totalAssets]))  // (equity − share capital) / total assets
        case 26:  // (net profit + depreciation) / total liabilities
            return a.quotient(a.sum([s.netProfit, s.depreciation]), a.sum([s.totalLiabilities]))
        case 27: return a.ratio(s.profitOnOperatingActivities, s.financialExpenses)  // profit on operating activities / financial expenses
        case 28: return a.ratio(s.workingCapital, s.fixedAssets)  // working capital / fixed assets
        case 29:  // logarithm (base 10) of total assets, in thousands of the currency's major unit as the UCI figures are
            let thousands = a.major(s.totalAssets).map { $0 / 1_000 }
            return thousands.flatMap { $0 > 0 ? log10($0) : nil }
        case 30: return a.quotient(a.sum([s.totalLiabilities], minus: [s.cash]), a.sum([s.sales]))  // (total liabilities − cash) / sales
        case 31: return a.quotient(a.sum([s.grossProfit, s.interest]), a.sum([s.sales]))  // (gross profit + interest) / sales
        case 32: return a.ratio(s.currentLiabilities, s.costOfProductsSold).map { $0 * days }  // (current liabilities × 365) / cost of products sold
        case 33: return a.ratio(s.operatingExpenses, s.shortTermLiabilities)  // operating expenses / short-term liabilities
        case 34: return a.ratio(s.operatingExpenses, s.totalLiabilities)  // operating expenses / total liabilities
        case 35: return a.ratio(s.profitOnSales, s.totalAssets)  // profit on sales / total assets
        case 36: return a.ratio(s.sales, s.totalAssets)  // total sales / total assets
        case 37:  // (current assets − inventories) / long-term liabilities
            return a.quotient(a.sum([s.currentAssets], minus: [s.inventory]), a.sum([s.longTermLiabilities]))
        case 38: return a.ratio(s.constantCapital, s.totalAssets)  // constant capital / total assets
        case 39: return a.ratio(s.profitOnSales, s.sales)  // profit on sales / sales
        case 40:  // (current assets − inventory − receivables) / short-term liabilities
            return a.quotient(a.sum([s.currentAssets], minus: [s.inventory, s.receivables]), a.sum([s.shortTermLiabilities]))
        case 41:  // total liabilities / ((profit on operating activities + depreciation) × (12 / 365))
            return a.quotient(a.sum([s.totalLiabilities]), a.sum([s.profitOnOperatingActivities, s.depreciation]).map { $0 * 12 / days })
        case 42: return a.ratio(s.profitOnOperatingActivities, s.sales)  // profit on operating activities / sales
        case 43:  // rotation receivables + inventory turnover in days: (receivables × 365) / sales + (inventory × 365) / sales
            guard let receivables = amountRatio("X44", in: s), let inventory = amountRatio("X20", in: s) else { return nil }
            return receivables + inventory
        case 44: return a.ratio(s.receivables, s.sales).map { $0 * days }  // (receivables × 365) / sales
        case 45: return a.ratio(s.netProfit, s.inventory)  // net profit / inventory
        case 46:  // (current assets − inventory) / short-term liabilities
            return a.quotient(a.sum([s.currentAssets], minus: [s.inventory]), a.sum([s.shortTermLiabilities]))
        case 47: return a.ratio(s.inventory, s.costOfProductsSold).map { $0 * days }  // (inventory × 365) / cost of products sold
        case 48:  // EBITDA (profit on operating activities − depreciation) / total assets
            return a.quotient(a.sum([s.profitOnOperatingActivities], minus: [s.depreciation]), a.sum([s.totalAssets]))
        case 49:  // EBITDA (profit on operating activities − depreciation) / sales
            return a.quotient(a.sum([s.profitOnOperatingActivities], minus: [s.depreciation]), a.sum([s.sales]))
        case 50: return a.ratio(s.currentAssets, s.totalLiabilities)  // current assets / total liabilities
        case 51: return a.ratio(s.shortTermLiabilities, s.totalAssets)  // short-term liabilities / total assets
        case 52: return a.ratio(s.shortTermLiabilities, s.costOfProductsSold).map { $0 * days }  // (short-term liabilities × 365) / cost of products sold
        case 53: return a.ratio(s.bookEquity, s.fixedAssets)  // equity / fixed assets
        case 54: return a.ratio(s.constantCapital, s.fixedAssets)  // constant capital / fixed assets
        case 55: return a.major(s.workingCapital).map { $0 / 1_000 }  // working capital, in thousands (as the UCI figures are)
        case 56: return a.quotient(a.sum([s.sales], minus: [s.costOfProductsSold]), a.sum([s.sales]))  // (sales − cost of products sold) / sales
        case 57:  // (current assets − inventory − short-term liabilities) / (sales − gross profit − depreciation)
            return a.quotient(a.sum([s.currentAssets], minus: [s.inventory, s.shortTermLiabilities]),
                              a.sum([s.sales], minus: [s.grossProfit, s.depreciation]))
        case 58: return a.ratio(s.totalCosts, s.sales)  // total costs / total sales
        case 59: return a.ratio(s.longTermLiabilities, s.bookEquity)  // long-term liabilities / equity
        case 60: return a.ratio(s.sales, s.inventory)  // sales / inventory
        case 61: return a.ratio(s.sales, s.receivables)  // sales / receivables
        case 62: return a.ratio(s.shortTermLiabilities, s.sales).map { $0 * days }  // (short-term liabilities × 365) / sales
        case 63: return a.ratio(s.sales, s.shortTermLiabilities)  // sales / short-term liabilities
        case 64: return a.ratio(s.sales, s.fixedAssets)  // sales / fixed assets
        default: return nil
        }
    }

    /// The statement's amounts as numbers of minor units, nil when absent or in another currency than total assets.
    private struct Amounts {
        let currency: Currency

        init(_ statement: FinancialStatement) { currency = statement.currency }

        func value(_ money: Money?) -> Double? {
            guard let money, money.currency == currency else { return nil }
            return Double(money.amountMinor)
        }

        /// Σ `plus` − Σ `minus`, nil when any of them is absent.
        func sum(_ plus: [Money?], minus: [Money?] = []) -> Double? {
            var total = 0.0
            for money in plus { guard let value = value(money) else { return nil }; total += value }
            for money in minus { guard let value = value(money) else { return nil }; total -= value }
            return total
        }

        /// `numerator / denominator`, nil when either is absent or the denominator is zero.
        func quotient(_ numerator: Double?, _ denominator: Double?) -> Double? {
            guard let numerator, let denominator, denominator != 0 else { return nil }
            return numerator / denominator
        }

        func ratio(_ numerator: Money?, _ denominator: Money?) -> Double? { quotient(value(numerator), value(denominator)) }

        /// The amount in major units of its currency.
        func major(_ money: Money?) -> Double? { value(money).map { $0 / Double(currency.minorUnitsPerMajor) } }
    }
}
