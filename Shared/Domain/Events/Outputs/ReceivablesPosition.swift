/// Open amounts by aging bucket of days past due: current (≤ 0), 1–30, 31–60, 61–90, 90+.
public struct AgingAmounts: Sendable, Hashable, Codable {
    public var current: Money
    public var days1To30: Money
    public var days31To60: Money
    public var days61To90: Money
    public var over90: Money

    enum CodingKeys: String, CodingKey {
        case current
        case days1To30 = "1-30"
        case days31To60 = "31-60"
        case days61To90 = "61-90"
        case over90 = "90+"
    }

    public init(current: Money, days1To30: Money, days31To60: Money, days61To90: Money, over90: Money) {
        self.current = current
        self.days1To30 = days1To30
        self.days31To60 = days31To60
        self.days61To90 = days61To90
        self.over90 = over90
    }

    /// The buckets in order with their JSON names.
    public var buckets: [(name: String, amount: Money)] {
        [("current", current), ("1-30", days1To30), ("31-60", days31To60), ("61-90", days61To90), ("90+", over90)]
    }
}

/// One currency's part of a buyer's position, in that currency: what the buyer owes in it before conversion.
public struct CurrencyPosition: Sendable, Hashable, Codable {
    public var openAmount: Money
    public var overdueAmount: Money
    public var approvedOrdersAmount: Money
    /// Cash the buyer paid in this currency beyond what was open, not yet applied (absent: none).
    public var unappliedCash: Money?

    public init(openAmount: Money, overdueAmount: Money, approvedOrdersAmount: Money, unappliedCash: Money? = nil) {
        self.openAmount = openAmount
        self.overdueAmount = overdueAmount
        self.approvedOrdersAmount = approvedOrdersAmount
        self.unappliedCash = unappliedCash
    }
}

/// Where a buyer's receivables stand at the end of a day: open, overdue, aging and exposure.
/// Compacted per buyer, so the latest position is always readable.
public struct ReceivablesPosition: DomainEventPayload {
    public static let kind = EventKind.receivablesPosition
    public var buyerId: BuyerId
    public var asOf: CalendarDate
    public var openAmount: Money
    public var overdueAmount: Money
    public var disputedAmount: Money
    /// Open invoices plus approved, not-yet-invoiced orders, less the buyer's unapplied cash (never below zero).
    public var exposure: Money
    public var approvedOrdersAmount: Money
    public var aging: AgingAmounts
    public var openInvoiceCount: Int
    public var onCreditHold: Bool
    /// The limit in force; nil while the buyer has none (unrated).
    public var creditLimit: Money?
    /// The buyer's KPIs over the policy's period ending on `asOf`.
    public var kpis: ReceivablesKPISnapshot?
    /// The figures per currency the buyer owes or has approved orders in, in currency-code order, before
    /// conversion; every other amount of the position is in the reporting currency at the policy's rates.
    public var currencies: [CurrencyPosition]?
    /// Cash the buyer paid beyond what was open on the invoices it paid, not yet applied, in the reporting
    /// currency (absent: none); it lowers exposure.
    public var unappliedCash: Money?
    /// The buyer's parent company, when it belongs to a group (from its profile): how the group's figures are
    /// gathered from the positions of buyers on other partitions.
    public var parentId: BuyerId?

    public init(buyerId: BuyerId, asOf: CalendarDate, openAmount: Money, overdueAmount: Money, disputedAmount: Money,
                exposure: Money, approvedOrdersAmount: Money, aging: AgingAmounts, openInvoiceCount: Int,
                onCreditHold: Bool, creditLimit: Money? = nil, kpis: ReceivablesKPISnapshot? = nil,
                currencies: [CurrencyPosition]? = nil, unappliedCash: Money? = nil, parentId: BuyerId? = nil) {
        self.buyerId = buyerId
        self.asOf = asOf
        self.openAmount = openAmount
        self.overdueAmount = overdueAmount
        self.disputedAmount = disputedAmount
        self.exposure = exposure
        self.approvedOrdersAmount = approvedOrdersAmount
        self.aging = aging
        self.openInvoiceCount = openInvoiceCount
        self.onCreditHold = onCreditHold
        self.creditLimit = creditLimit
        self.kpis = kpis
        self.currencies = currencies
        self.unappliedCash = unappliedCash
        self.parentId = parentId
    }

    public var domainEvent: DomainEvent { .receivablesPosition(self) }

    /// Refuses negative amounts and counts.
    public func validate() throws(EventRejection) {
        var amounts = [("openAmount", openAmount), ("overdueAmount", overdueAmount), ("disputedAmount", disputedAmount),
                       ("exposure", exposure), ("approvedOrdersAmount", approvedOrdersAmount)]
        amounts += aging.buckets.map { ("aging.\($0.name)", $0.amount) }
        if let creditLimit { amounts.append(("creditLimit", creditLimit)) }
        if let unappliedCash { amounts.append(("unappliedCash", unappliedCash)) }
        for (index, part) in (currencies ?? []).enumerated() {
            amounts += [("currencies[\(index)].openAmount", part.openAmount),
                        ("currencies[\(index)].overdueAmount", part.overdueAmount),
                        ("currencies[\(index)].approvedOrdersAmount", part.approvedOrdersAmount)]
        }
        for (field, amount) in amounts { try EventRejection.requireNonNegative(amount, at: field) }
        try EventRejection.require(openInvoiceCount >= 0, at: "openInvoiceCount", "count must not be negative")
        try kpis?.validate()
    }
}
