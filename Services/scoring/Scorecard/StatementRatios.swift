import Domain

/// Reads the scorecard's ratios from a financial statement, by their UCI Polish names `X1`…`X64`.
///
/// A ratio the provider supplied in `ratios` wins; otherwise the ratios that the statement's named amounts
/// define are computed from them (below); any other ratio is missing (`nil`) and the scorecard replaces it
/// with its training median. A ratio over a zero amount is missing too.
public enum StatementRatios {
    /// The names of the ratios the named amounts define.
    public static let amountRatioNames = ["X1", "X2", "X3", "X4", "X6", "X7", "X8", "X9", "X10", "X51"]

    /// The ratio `name` of `statement`, or nil when it is missing.
    public static func value(_ name: String, in statement: FinancialStatement) -> Double? {
        if let supplied = statement.ratios?[name] { return supplied }
        return amountRatio(name, in: statement)
    }

    /// The ratio `name` computed from the named amounts only, or nil when they do not define it.
    public static func amountRatio(_ name: String, in statement: FinancialStatement) -> Double? {
        let s = statement
        switch name {
        case "X1": return FinancialStatement.ratio(s.netProfit, s.totalAssets)
        case "X2": return FinancialStatement.ratio(s.totalLiabilities, s.totalAssets)
        case "X3": return FinancialStatement.ratio(s.workingCapital, s.totalAssets)
        case "X4": return FinancialStatement.ratio(s.currentAssets, s.shortTermLiabilities)
        case "X6": return FinancialStatement.ratio(s.retainedEarnings, s.totalAssets)
        case "X7": return FinancialStatement.ratio(s.ebit, s.totalAssets)
        case "X8": return FinancialStatement.ratio(s.bookEquity, s.totalLiabilities)
        case "X9": return FinancialStatement.ratio(s.sales, s.totalAssets)
        case "X10": return FinancialStatement.ratio(s.bookEquity, s.totalAssets)
        case "X51": return FinancialStatement.ratio(s.shortTermLiabilities, s.totalAssets)
        default: return nil
        }
    }

    /// Whether the statement gives anything the required fields do not: a provider ratio (or, once the statement
    /// carries them, a further line item).
    public static func reportsBeyondRequiredFields(_ statement: FinancialStatement) -> Bool {
        !(statement.ratios ?? [:]).isEmpty
    }

    /// The scorecard's input vector: one entry per feature name, in order.
    public static func values(_ names: [String], in statement: FinancialStatement) -> [Double?] {
        names.map { value($0, in: statement) }
    }
}
