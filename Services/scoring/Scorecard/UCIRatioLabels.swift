/// The words of each UCI Polish ratio (`X1`…`X64`), as a credit manager reads them in reasons and in the model card.
public enum UCIRatioLabels {
    /// The label of `X<n>`, or the name itself for an unknown one.
    public static func label(_ ratio: String) -> String {
        guard ratio.hasPrefix("X"), let number = Int(ratio.dropFirst()), (1...64).contains(number) else { return ratio }
        return labels[number - 1]
    }

    static let labels = [
        "net profit / total assets", "total liabilities / total assets", "working capital / total assets",
        "current assets / short-term liabilities",
        "(cash + short-term securities + receivables − short-term liabilities) / (operating expenses − depreciation) × 365",
        "retained earnings / total assets", "EBIT / total assets", "book value of equity / total liabilities",
        "sales / total assets", "equity / total assets",
        "(gross profit + extraordinary items + financial expenses) / total assets", "gross profit / short-term liabilities",
        "(gross profit + depreciation) / sales", "(gross profit + interest) / total assets",
        "total liabilities × 365 / (gross profit + depreciation)", "(gross profit + depreciation) / total liabilities",
        "total assets / total liabilities", "gross profit / total assets", "gross profit / sales", "inventory × 365 / sales",
        "sales growth (sales / previous year's sales)", "profit on operating activities / total assets", "net profit / sales",
        "gross profit (3 years) / total assets", "(equity − share capital) / total assets",
        "(net profit + depreciation) / total liabilities", "profit on operating activities / financial expenses",
        "working capital / fixed assets", "log of total assets", "(total liabilities − cash) / sales",
        "(gross profit + interest) / sales", "current liabilities × 365 / cost of products sold",
        "operating expenses / short-term liabilities", "operating expenses / total liabilities",
        "profit on sales / total assets", "total sales / total assets",
        "(current assets − inventories) / long-term liabilities", "constant capital / total assets",
        "profit on sales / sales", "(current assets − inventory − receivables) / short-term liabilities",
        "total liabilities / ((profit on operating activities + depreciation) × 12 / 365)",
        "profit on operating activities / sales", "receivables and inventory turnover in days",
        "receivables × 365 / sales", "net profit / inventory", "(current assets − inventory) / short-term liabilities",
        "inventory × 365 / cost of products sold", "(profit on operating activities − depreciation) / total assets",
        "(profit on operating activities − depreciation) / sales", "current assets / total liabilities",
        "short-term liabilities / total assets", "short-term liabilities × 365 / cost of products sold",
        "equity / fixed assets", "constant capital / fixed assets", "working capital",
        "(sales − cost of products sold) / sales",
        "(current assets − inventory − short-term liabilities) / (sales − gross profit − depreciation)",
        "total costs / total sales", "long-term liabilities / equity", "sales / inventory", "sales / receivables",
        "short-term liabilities × 365 / sales", "sales / short-term liabilities", "sales / fixed assets",
    ]
}
