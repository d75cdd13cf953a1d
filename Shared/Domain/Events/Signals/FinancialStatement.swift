/// A buyer's financial statement: the figures the financial-strength scorecard and the
/// credit-limit rule (a share of book equity) are computed from, all in one currency.
public struct FinancialStatement: DomainEventPayload {
    public static let kind = EventKind.financialStatement
    public var buyerId: BuyerId
    /// The last day of the period the statement covers.
    public var periodEnd: CalendarDate
    public var totalAssets: Money
    public var totalLiabilities: Money
    public var currentAssets: Money
    public var shortTermLiabilities: Money
    /// Current assets minus short-term liabilities; may be negative.
    public var workingCapital: Money
    /// May be negative (accumulated losses).
    public var retainedEarnings: Money
    /// Earnings before interest and taxes; may be negative.
    public var ebit: Money
    /// Book value of equity; may be negative.
    public var bookEquity: Money
    public var sales: Money
    /// May be negative.
    public var netProfit: Money
    /// Further named ratios a provider supplies (e.g. the UCI Polish attributes `X1`…`X64`).
    public var ratios: [String: Double]?

    // Optional line items: with them every UCI Polish ratio can be computed from amounts (see `StatementRatios`).
    /// Cash and cash equivalents.
    public var cash: Money?
    /// Short-term (marketable) securities.
    public var shortTermSecurities: Money?
    /// Trade and other receivables.
    public var receivables: Money?
    /// Inventories.
    public var inventory: Money?
    /// Fixed (non-current) assets.
    public var fixedAssets: Money?
    /// Current liabilities as UCI's X32 counts them (trade and other current payables); the short-term liabilities above are the wider total.
    public var currentLiabilities: Money?
    /// Long-term liabilities.
    public var longTermLiabilities: Money?
    /// Share capital (subscribed capital).
    public var shareCapital: Money?
    /// Constant capital: equity plus long-term liabilities.
    public var constantCapital: Money?
    /// Sales of the previous period.
    public var previousSales: Money?
    /// Cost of products sold.
    public var costOfProductsSold: Money?
    /// Operating expenses.
    public var operatingExpenses: Money?
    /// Total costs.
    public var totalCosts: Money?
    /// Depreciation and amortisation of the period.
    public var depreciation: Money?
    /// Gross profit (profit before tax); may be negative.
    public var grossProfit: Money?
    /// Gross profit summed over the last three years; may be negative.
    public var grossProfitThreeYears: Money?
    /// Extraordinary items; may be negative.
    public var extraordinaryItems: Money?
    /// Financial expenses.
    public var financialExpenses: Money?
    /// Interest expense.
    public var interest: Money?
    /// Profit on operating activities; may be negative.
    public var profitOnOperatingActivities: Money?
    /// Profit on sales; may be negative.
    public var profitOnSales: Money?

    public init(buyerId: BuyerId, periodEnd: CalendarDate, totalAssets: Money, totalLiabilities: Money,
                currentAssets: Money, shortTermLiabilities: Money, workingCapital: Money, retainedEarnings: Money,
                ebit: Money, bookEquity: Money, sales: Money, netProfit: Money, ratios: [String: Double]? = nil) {
        self.buyerId = buyerId
        self.periodEnd = periodEnd
        self.totalAssets = totalAssets
        self.totalLiabilities = totalLiabilities
        self.currentAssets = currentAssets
        self.shortTermLiabilities = shortTermLiabilities
        self.workingCapital = workingCapital
        self.retainedEarnings = retainedEarnings
        self.ebit = ebit
        self.bookEquity = bookEquity
        self.sales = sales
        self.netProfit = netProfit
        self.ratios = ratios
    }

    /// The optional line items by field name, for validation.
    public var lineItems: [(field: String, amount: Money?)] {
        [("cash", cash), ("shortTermSecurities", shortTermSecurities), ("receivables", receivables), ("inventory", inventory), ("fixedAssets", fixedAssets), ("currentLiabilities", currentLiabilities), ("longTermLiabilities", longTermLiabilities), ("shareCapital", shareCapital), ("constantCapital", constantCapital), ("previousSales", previousSales), ("costOfProductsSold", costOfProductsSold), ("operatingExpenses", operatingExpenses), ("totalCosts", totalCosts), ("depreciation", depreciation), ("grossProfit", grossProfit), ("grossProfitThreeYears", grossProfitThreeYears), ("extraordinaryItems", extraordinaryItems), ("financialExpenses", financialExpenses), ("interest", interest), ("profitOnOperatingActivities", profitOnOperatingActivities), ("profitOnSales", profitOnSales)]
    }

    /// The line items that must not be negative.
    static let nonNegativeLineItems: Set<String> = ["cash", "shortTermSecurities", "receivables", "inventory", "fixedAssets", "currentLiabilities", "longTermLiabilities", "previousSales", "costOfProductsSold", "operatingExpenses", "totalCosts", "depreciation", "financialExpenses", "interest"]

    public var domainEvent: DomainEvent { .financialStatement(self) }

    /// The statement's currency (that of total assets).
    public var currency: Currency { totalAssets.currency }

    /// `numerator / denominator` as a ratio, or nil when the denominator is zero or currencies differ.
    public static func ratio(_ numerator: Money, _ denominator: Money) -> Double? {
        guard denominator.amountMinor != 0, numerator.currency == denominator.currency else { return nil }
        return Double(numerator.amountMinor) / Double(denominator.amountMinor)
    }

    /// Refuses mixed currencies, amounts outside ±10^15 minor units, and negative balance-sheet totals, sales or stock figures.
    public func validate() throws(EventRejection) {
        try EventRejection.requireSameCurrency([
            ("totalAssets", totalAssets), ("totalLiabilities", totalLiabilities), ("currentAssets", currentAssets),
            ("shortTermLiabilities", shortTermLiabilities), ("workingCapital", workingCapital),
            ("retainedEarnings", retainedEarnings), ("ebit", ebit), ("bookEquity", bookEquity),
            ("sales", sales), ("netProfit", netProfit),
        ])
        for (field, amount) in [("totalAssets", totalAssets), ("totalLiabilities", totalLiabilities),
                                ("currentAssets", currentAssets), ("shortTermLiabilities", shortTermLiabilities),
                                ("workingCapital", workingCapital), ("retainedEarnings", retainedEarnings),
                                ("ebit", ebit), ("bookEquity", bookEquity), ("sales", sales), ("netProfit", netProfit)] {
            try EventRejection.requireWithinBounds(amount, at: field)
        }
        for (field, amount) in [("totalAssets", totalAssets), ("totalLiabilities", totalLiabilities),
                                ("currentAssets", currentAssets), ("shortTermLiabilities", shortTermLiabilities),
                                ("sales", sales)] {
            try EventRejection.requireNonNegative(amount, at: field)
        }
        let present = lineItems.compactMap { item in item.amount.map { (field: item.field, amount: $0) } }
        try EventRejection.requireSameCurrency([("totalAssets", totalAssets)] + present)
        for (field, amount) in present {
            try EventRejection.requireWithinBounds(amount, at: field)
            if Self.nonNegativeLineItems.contains(field) { try EventRejection.requireNonNegative(amount, at: field) }
        }
        for (name, value) in ratios ?? [:] where !value.isFinite {
            throw EventRejection(code: .invalidValue, field: "ratios.\(name)", message: "ratio must be finite")
        }
    }
}
