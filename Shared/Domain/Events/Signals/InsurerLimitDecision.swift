/// The credit insurer set (or withdrew, with limit 0) the insured credit limit on a buyer.
/// When present it caps the recommended limit, and it is the insured limit claims are paid on.
public struct InsurerLimitDecision: DomainEventPayload {
    public static let kind = EventKind.insurerLimitDecision
    public var buyerId: BuyerId
    /// The insurer's id of the decision.
    public var decisionId: String
    /// The insured limit, never negative; 0 withdraws cover.
    public var limit: Money
    public var effectiveDate: CalendarDate
    public var expiryDate: CalendarDate?
    public var insurer: String?

    public init(buyerId: BuyerId, decisionId: String, limit: Money, effectiveDate: CalendarDate,
                expiryDate: CalendarDate? = nil, insurer: String? = nil) {
        self.buyerId = buyerId
        self.decisionId = decisionId
        self.limit = limit
        self.effectiveDate = effectiveDate
        self.expiryDate = expiryDate
        self.insurer = insurer
    }

    public var domainEvent: DomainEvent { .insurerLimitDecision(self) }

    /// Refuses a negative limit and an expiry before the effective date.
    public func validate() throws(EventRejection) {
        try EventRejection.requireAmount(limit, at: "limit")
        if let expiryDate {
            try EventRejection.require(expiryDate >= effectiveDate, at: "expiryDate",
                                       "expiry \(expiryDate) is before the effective date \(effectiveDate)")
        }
    }
}
