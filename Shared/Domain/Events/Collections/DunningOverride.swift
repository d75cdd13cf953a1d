/// What a collector did to the dunning of an invoice or a whole buyer.
public enum DunningOverrideAction: String, DomainEnumeration {
    /// Stop dunning until unblocked.
    case block
    /// Resume dunning.
    case unblock
    /// Force the dunning level to `level`.
    case setLevel
    /// Return to the level the policy computes.
    case clearLevel
    /// Release the credit hold an invoice (or, without one, every invoice) put on the buyer: what a collector does
    /// once a written-off invoice no longer stands in the way of new orders.
    case releaseHold
}

/// A collector blocked dunning or overrode its level; an audited manual decision.
public struct DunningOverride: DomainEventPayload {
    public static let kind = EventKind.dunningOverride
    public var buyerId: BuyerId
    /// The invoice concerned; absent for every invoice of the buyer.
    public var invoiceId: InvoiceId?
    public var action: DunningOverrideAction
    /// The forced level (0…4), required for `setLevel`.
    public var level: Int?
    public var date: CalendarDate
    public var collector: String?
    public var reason: String?

    public init(buyerId: BuyerId, invoiceId: InvoiceId? = nil, action: DunningOverrideAction, level: Int? = nil,
                date: CalendarDate, collector: String? = nil, reason: String? = nil) {
        self.buyerId = buyerId
        self.invoiceId = invoiceId
        self.action = action
        self.level = level
        self.date = date
        self.collector = collector
        self.reason = reason
    }

    public var domainEvent: DomainEvent { .dunningOverride(self) }

    /// Requires a level for `setLevel` and keeps any level within 0…4.
    public func validate() throws(EventRejection) {
        if action == .setLevel, level == nil { throw .missingField("level") }
        if let level {
            try EventRejection.require((0...4).contains(level), at: "level", "dunning level must be 0…4, found \(level)")
        }
    }
}
