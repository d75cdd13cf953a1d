/// Whether an order may ship on credit.
public enum CreditDecisionOutcome: String, DomainEnumeration {
    case approved
    case held
}

/// Monitoring's decision on an order: approve when the buyer is not on hold, its grade is below 10
/// and exposure + order fits the limit; otherwise hold, with the reason and the amount that would fit.
public struct CreditDecision: DomainEventPayload {
    public static let kind = EventKind.creditDecision
    public var buyerId: BuyerId
    public var orderId: OrderId
    public var outcome: CreditDecisionOutcome
    public var orderAmount: Money
    /// Open invoices plus approved, not-yet-invoiced orders, before this order.
    public var exposure: Money
    public var creditLimit: Money
    /// The largest order that would have fitted (limit − exposure, at least 0).
    public var availableAmount: Money
    public var decidedAt: Timestamp
    /// Why the order was held, a stable word such as `limit_exceeded`, `credit_hold`, `grade_10`, `unrated`.
    public var reason: String?

    public init(buyerId: BuyerId, orderId: OrderId, outcome: CreditDecisionOutcome, orderAmount: Money,
                exposure: Money, creditLimit: Money, availableAmount: Money, decidedAt: Timestamp,
                reason: String? = nil) {
        self.buyerId = buyerId
        self.orderId = orderId
        self.outcome = outcome
        self.orderAmount = orderAmount
        self.exposure = exposure
        self.creditLimit = creditLimit
        self.availableAmount = availableAmount
        self.decidedAt = decidedAt
        self.reason = reason
    }

    public var domainEvent: DomainEvent { .creditDecision(self) }

    /// Refuses negative amounts and a hold without its reason.
    public func validate() throws(EventRejection) {
        for (field, amount) in [("orderAmount", orderAmount), ("exposure", exposure),
                                ("creditLimit", creditLimit), ("availableAmount", availableAmount)] {
            try EventRejection.requireNonNegative(amount, at: field)
        }
        if outcome == .held, reason == nil { throw .missingField("reason") }
    }
}
