/// A customer tier; each may carry its own dunning policy.
public enum CustomerTier: String, DomainEnumeration {
    case strategic
    case standard
    case new
}

/// A collector (or account manager) placed a buyer in a customer tier.
public struct CustomerTierAssigned: DomainEventPayload {
    public static let kind = EventKind.customerTierAssigned
    public var buyerId: BuyerId
    public var tier: CustomerTier
    public var effectiveDate: CalendarDate

    public init(buyerId: BuyerId, tier: CustomerTier, effectiveDate: CalendarDate) {
        self.buyerId = buyerId
        self.tier = tier
        self.effectiveDate = effectiveDate
    }

    public var domainEvent: DomainEvent { .customerTierAssigned(self) }
}
