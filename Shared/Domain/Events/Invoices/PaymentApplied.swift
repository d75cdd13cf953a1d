/// The ERP applied a payment, in full or in part, to an invoice.
public struct PaymentApplied: DomainEventPayload {
    public static let kind = EventKind.paymentApplied
    public var buyerId: BuyerId
    public var invoiceId: InvoiceId
    /// The ERP's id of the payment.
    public var paymentId: String
    /// The amount applied to this invoice, never negative.
    public var amount: Money
    /// The settlement date of this payment (the basis of days beyond terms).
    public var paymentDate: CalendarDate

    public init(buyerId: BuyerId, invoiceId: InvoiceId, paymentId: String, amount: Money, paymentDate: CalendarDate) {
        self.buyerId = buyerId
        self.invoiceId = invoiceId
        self.paymentId = paymentId
        self.amount = amount
        self.paymentDate = paymentDate
    }

    public var domainEvent: DomainEvent { .paymentApplied(self) }

    /// Refuses a negative amount.
    public func validate() throws(EventRejection) {
        try EventRejection.requireAmount(amount, at: "amount")
    }
}
