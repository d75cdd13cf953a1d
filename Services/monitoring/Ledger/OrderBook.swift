import Domain

/// One order the stage decided on.
public struct TrackedOrder: Sendable, Hashable, Codable {
    public var orderId: OrderId
    public var amount: Money
    public var orderDate: CalendarDate
    public var outcome: CreditDecisionOutcome
    /// The last invoice that billed (part of) it.
    public var invoiceId: InvoiceId?
    /// What invoices have billed of it so far, in its currency; nil in states written before partial invoices were
    /// tracked, where an `invoiceId` meant the whole order was billed.
    public var invoicedMinor: Int64?
    /// The day its approval stopped counting in exposure because no invoice billed it in time.
    public var expiredOn: CalendarDate?

    public init(orderId: OrderId, amount: Money, orderDate: CalendarDate, outcome: CreditDecisionOutcome,
                invoiceId: InvoiceId? = nil) {
        self.orderId = orderId
        self.amount = amount
        self.orderDate = orderDate
        self.outcome = outcome
        self.invoiceId = invoiceId
        self.invoicedMinor = 0
        self.expiredOn = nil
    }

    /// What of the approval no invoice has billed yet: it counts in exposure until billed or expired.
    public var unbilled: Money {
        guard outcome == .approved, expiredOn == nil else { return .zero(amount.currency) }
        let billed = invoicedMinor ?? (invoiceId == nil ? 0 : amount.amountMinor)
        return Money(amountMinor: max(0, amount.amountMinor - billed), currency: amount.currency)
    }

    /// Whether the order is approved and not yet wholly invoiced, so (the rest of) it counts in exposure.
    public var isOpenApproval: Bool { !unbilled.isZero }
}

/// A buyer's recent orders: approved ones not yet invoiced (part of exposure) and the history the order-surge
/// average is taken over.
///
/// An invoice consumes the approval of the order it names by the invoiced amount, so a partial invoice leaves the
/// rest approved; an invoice that names none consumes the buyer's oldest approvals in its currency first. An
/// approval no invoice billed within the policy's validity (30 days by default) stops counting in exposure.
public struct OrderBook: Sendable, Hashable, Codable {
    /// In order of arrival.
    public private(set) var orders: [TrackedOrder] = []

    /// An empty book.
    public init() {}

    /// The order with this id, if decided before.
    public func order(_ orderId: OrderId) -> TrackedOrder? { orders.first { $0.orderId == orderId } }

    /// Approved orders with an unbilled part.
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

    /// Consumes approvals by what `invoice` bills: the order it names, or, when it names none, the oldest open
    /// approvals in its currency. Never more than an approval's unbilled part; what an invoice bills beyond it
    /// (a 10,500 invoice of a 10,000 order) consumes nothing else.
    public mutating func consume(by invoice: InvoiceIssued) {
        var left = invoice.amount.amountMinor
        var candidates: [Int] = []
        if let orderId = invoice.orderId, let named = orders.firstIndex(where: { $0.orderId == orderId }) {
            candidates.append(named)
        } else {
            candidates = orders.indices.filter { orders[$0].amount.currency == invoice.amount.currency }
        }
        for index in candidates where left > 0 && orders[index].amount.currency == invoice.amount.currency {
            let take = min(left, orders[index].unbilled.amountMinor)
            guard take > 0 else { continue }
            let billed = orders[index].invoicedMinor ?? (orders[index].invoiceId == nil ? 0 : orders[index].amount.amountMinor)
            orders[index].invoicedMinor = billed + take
            orders[index].invoiceId = invoice.invoiceId
            left -= take
        }
    }

    /// Expires every approval with an unbilled part placed more than `validityDays` before `today`; returns them as
    /// they were (with what they still held in exposure) for the event that says so.
    public mutating func expireApprovals(olderThan validityDays: Int, today: CalendarDate) -> [TrackedOrder] {
        var expired: [TrackedOrder] = []
        for index in orders.indices where orders[index].isOpenApproval
            && orders[index].orderDate.adding(days: validityDays) < today {
            expired.append(orders[index])
            orders[index].expiredOn = today
        }
        return expired
    }

    /// Forgets orders placed before `date`: they leave the surge average, and an approval still open then lapses.
    public mutating func prune(placedBefore date: CalendarDate) {
        orders.removeAll { $0.orderDate < date }
    }
}
