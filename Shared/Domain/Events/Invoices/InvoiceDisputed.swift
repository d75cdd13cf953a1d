/// The buyer disputes an invoice; dunning of it stops until the dispute is resolved.
public struct InvoiceDisputed: DomainEventPayload {
    public static let kind = EventKind.invoiceDisputed
    public var buyerId: BuyerId
    public var invoiceId: InvoiceId
    public var reason: String
    public var date: CalendarDate
    /// The ERP's id of the dispute case, when it has one.
    public var disputeId: String?
    /// The part of the invoice in dispute, when not all of it.
    public var disputedAmount: Money?

    public init(buyerId: BuyerId, invoiceId: InvoiceId, reason: String, date: CalendarDate,
                disputeId: String? = nil, disputedAmount: Money? = nil) {
        self.buyerId = buyerId
        self.invoiceId = invoiceId
        self.reason = reason
        self.date = date
        self.disputeId = disputeId
        self.disputedAmount = disputedAmount
    }

    public var domainEvent: DomainEvent { .invoiceDisputed(self) }

    /// Refuses a negative disputed amount.
    public func validate() throws(EventRejection) {
        if let disputedAmount { try EventRejection.requireAmount(disputedAmount, at: "disputedAmount") }
    }
}
