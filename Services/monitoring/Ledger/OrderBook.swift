import Domain

/// One order the stage decided on.
public struct TrackedOrder: Sendable, Hashable, Codable {
    public var orderId: OrderId
    public var amount: Money
    public var orderDate: CalendarDate
    public var outcome: CreditDecisionOutcome
    /// Set when an invoice billed it; an approved order counts in exposure until then.
    public var invoiceId: InvoiceId?

    /// Whether the order is approved and not yet invoiced, so it counts in exposure.
    public var isOpenApproval: Bool { outcome == .approved && invoiceId == nil }
}

/// A buyer's recent orders: approved ones not yet invoiced (part of exposure) and the history the order-surge
/// average is taken over.
///
/// An invoice consumes the approved order it names (`InvoiceIssued.orderId`). An invoice that names none
/// consumes the oldest open approval of exactly its amount, if any; an approval no invoice ever consumes
/// lapses after the order-surge look-back (6 months by default), so exposure never carries it forever.
public struct OrderBook: Sendable, Hashable, Codable {
    /// In order of arrival.
    public private(set) var orders: [TrackedOrder] = []

    /// An empty book.
    public init() {}

    /// The order with this id, if decided before.
    public func order(_ orderId: OrderId) -> TrackedOrder? { orders.first { $0.orderId == orderId } }

    /// Approved, not-yet-invoiced orders.
    public var openApprovals: [TrackedOrder] { orders.filter(\.isOpenApproval) }

    /// The mean amount, in the reporting currency of `fx`, of the orders requested since `date` (nil when there
    /// were none); each currency is summed exactly and converted once.
    public func averageOrder(since date: CalendarDate, fx: FXTable) throws(MoneyError) -> Money? {
        let recent = orders.filter { $0.orderDate >= date }
        guard !recent.isEmpty else { return nil }
        var sums: [Currency: Int128] = [:]
        for order in recent { sums[order.amount.currency, default: 0] += Int128(order.amount.amountMinor) }
        var total = Money.zero(fx.reportingCurrency)
        for currency in sums.keys.sorted() { total = try total + fx.convert(Money(exactly: sums[currency] ?? 0, currency)) }
        return Money(amountMinor: total.amountMinor / Int64(recent.count), currency: total.currency)
    }

    /// Records a decided order.
    public mutating func record(_ order: TrackedOrder) { orders.append(order) }

    /// Marks the approval an invoice bills as consumed.
    public mutating func consume(by invoice: InvoiceIssued) {
        let index: Int?
        if let orderId = invoice.orderId {
            index = orders.firstIndex { $0.orderId == orderId && $0.isOpenApproval }
        } else {
            index = orders.firstIndex { $0.isOpenApproval && $0.amount == invoice.amount }
        }
        if let index { orders[index].invoiceId = invoice.invoiceId }
    }

    /// Forgets orders placed before `date`: they leave the surge average, and an approval still open then lapses.
    public mutating func prune(placedBefore date: CalendarDate) {
        orders.removeAll { $0.orderDate < date }
    }
}
