/// The seller wrote off what remained open on an invoice.
public struct InvoiceWrittenOff: DomainEventPayload {
    public static let kind = EventKind.invoiceWrittenOff
    public var buyerId: BuyerId
    public var invoiceId: InvoiceId
    /// The amount written off, never negative.
    public var amount: Money
    public var date: CalendarDate
    public var reason: String?

    public init(buyerId: BuyerId, invoiceId: InvoiceId, amount: Money, date: CalendarDate, reason: String? = nil) {
        self.buyerId = buyerId
        self.invoiceId = invoiceId
        self.amount = amount
        self.date = date
        self.reason = reason
    }

    public var domainEvent: DomainEvent { .invoiceWrittenOff(self) }

    /// Refuses a negative amount.
    public func validate() throws(EventRejection) {
        try EventRejection.requireAmount(amount, at: "amount")
    }
}
