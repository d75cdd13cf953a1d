/// A collector recorded how a dispute ended, from the collection tool rather than the ERP.
public struct DisputeOutcomeRecorded: DomainEventPayload {
    public static let kind = EventKind.disputeOutcome
    public var buyerId: BuyerId
    public var invoiceId: InvoiceId
    public var outcome: DisputeOutcome
    public var date: CalendarDate
    /// The credit note agreed when upheld.
    public var creditNoteAmount: Money?
    public var note: String?

    public init(buyerId: BuyerId, invoiceId: InvoiceId, outcome: DisputeOutcome, date: CalendarDate,
                creditNoteAmount: Money? = nil, note: String? = nil) {
        self.buyerId = buyerId
        self.invoiceId = invoiceId
        self.outcome = outcome
        self.date = date
        self.creditNoteAmount = creditNoteAmount
        self.note = note
    }

    public var domainEvent: DomainEvent { .disputeOutcome(self) }

    /// Refuses a negative credit note, and a credit note on a rejected dispute.
    public func validate() throws(EventRejection) {
        guard let creditNoteAmount else { return }
        try EventRejection.requireAmount(creditNoteAmount, at: "creditNoteAmount")
        try EventRejection.require(outcome == .upheld, at: "creditNoteAmount", "a rejected dispute grants no credit note")
    }
}
