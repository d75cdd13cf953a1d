/// Whether an adjustment lowers (credit note) or raises (debit note) what the buyer owes.
public enum AdjustmentKind: String, DomainEnumeration {
    case creditNote
    case debitNote
}

/// The ERP adjusted an invoice: a credit note lowers its open amount, a debit note raises it.
public struct InvoiceAdjusted: DomainEventPayload {
    public static let kind = EventKind.invoiceAdjusted
    public var buyerId: BuyerId
    public var invoiceId: InvoiceId
    /// The ERP's id of the credit or debit note.
    public var adjustmentId: String
    public var adjustmentKind: AdjustmentKind
    /// The size of the adjustment, never negative; its direction is `adjustmentKind`.
    public var amount: Money
    public var date: CalendarDate
    public var reason: String?

    public init(buyerId: BuyerId, invoiceId: InvoiceId, adjustmentId: String, adjustmentKind: AdjustmentKind,
                amount: Money, date: CalendarDate, reason: String? = nil) {
        self.buyerId = buyerId
        self.invoiceId = invoiceId
        self.adjustmentId = adjustmentId
        self.adjustmentKind = adjustmentKind
        self.amount = amount
        self.date = date
        self.reason = reason
    }

    public var domainEvent: DomainEvent { .invoiceAdjusted(self) }

    /// Refuses a negative amount.
    public func validate() throws(EventRejection) {
        try EventRejection.requireAmount(amount, at: "amount")
    }
}
