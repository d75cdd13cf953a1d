/// The ERP reversed a payment it had applied to an invoice (a bounced transfer, a charge-back, a payment posted to
/// the wrong invoice): the amount is owed again, and an invoice the payment had settled reopens.
public struct PaymentReversed: DomainEventPayload {
    public static let kind = EventKind.paymentReversed
    public var buyerId: BuyerId
    public var invoiceId: InvoiceId
    /// The ERP's id of the payment reversed; with the invoice, it names the payment applied before.
    public var paymentId: String
    /// The amount reversed on this invoice, never negative and never more than the payment applied to it.
    public var amount: Money
    /// The day the reversal was booked.
    public var date: CalendarDate
    public var reason: String?

    public init(buyerId: BuyerId, invoiceId: InvoiceId, paymentId: String, amount: Money, date: CalendarDate,
                reason: String? = nil) {
        self.buyerId = buyerId
        self.invoiceId = invoiceId
        self.paymentId = paymentId
        self.amount = amount
        self.date = date
        self.reason = reason
    }

    public var domainEvent: DomainEvent { .paymentReversed(self) }

    /// Refuses a negative amount or one beyond ±10^15 minor units.
    public func validate() throws(EventRejection) {
        try EventRejection.requireAmount(amount, at: "amount")
    }
}
