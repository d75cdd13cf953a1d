/// The ERP cancelled an invoice; it no longer counts in any position.
public struct InvoiceCancelled: DomainEventPayload {
    public static let kind = EventKind.invoiceCancelled
    public var buyerId: BuyerId
    public var invoiceId: InvoiceId
    public var date: CalendarDate
    public var reason: String?

    public init(buyerId: BuyerId, invoiceId: InvoiceId, date: CalendarDate, reason: String? = nil) {
        self.buyerId = buyerId
        self.invoiceId = invoiceId
        self.date = date
        self.reason = reason
    }

    public var domainEvent: DomainEvent { .invoiceCancelled(self) }
}
