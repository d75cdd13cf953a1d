/// How a dispute ended: upheld (the buyer was right; a credit note follows) or rejected.
public enum DisputeOutcome: String, DomainEnumeration {
    case upheld
    case rejected
}

/// The ERP resolved a dispute; dunning of the invoice resumes on whatever remains open.
public struct InvoiceDisputeResolved: DomainEventPayload {
    public static let kind = EventKind.invoiceDisputeResolved
    public var buyerId: BuyerId
    public var invoiceId: InvoiceId
    public var outcome: DisputeOutcome
    public var date: CalendarDate
    /// The credit note granted when upheld; absent when the ERP sends it as a separate ``InvoiceAdjusted``.
    public var creditNoteAmount: Money?

    public init(buyerId: BuyerId, invoiceId: InvoiceId, outcome: DisputeOutcome, date: CalendarDate,
                creditNoteAmount: Money? = nil) {
        self.buyerId = buyerId
        self.invoiceId = invoiceId
        self.outcome = outcome
        self.date = date
        self.creditNoteAmount = creditNoteAmount
    }

    public var domainEvent: DomainEvent { .invoiceDisputeResolved(self) }

    /// Refuses a negative credit note, and a credit note on a rejected dispute.
    public func validate() throws(EventRejection) {
        guard let creditNoteAmount else { return }
        try EventRejection.requireAmount(creditNoteAmount, at: "creditNoteAmount")
        try EventRejection.require(outcome == .upheld, at: "creditNoteAmount",
                                   "a rejected dispute grants no credit note")
    }
}
