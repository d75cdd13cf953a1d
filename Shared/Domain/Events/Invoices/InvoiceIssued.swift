/// The ERP issued an invoice to a buyer on credit terms.
public struct InvoiceIssued: DomainEventPayload {
    public static let kind = EventKind.invoiceIssued
    public var buyerId: BuyerId
    public var invoiceId: InvoiceId
    /// The invoiced amount; never negative (a credit is an ``InvoiceAdjusted`` credit note).
    public var amount: Money
    public var issueDate: CalendarDate
    /// The date payment is due; never before the issue date.
    public var dueDate: CalendarDate
    /// The credit terms in days (net 30 → 30).
    public var termsDays: Int
    /// The order this invoice bills, when known.
    public var orderId: OrderId?
    /// The contract's own yearly late-payment interest rate in percent, which overrides the statutory one.
    public var contractInterestRatePercent: Double?

    public init(buyerId: BuyerId, invoiceId: InvoiceId, amount: Money, issueDate: CalendarDate,
                dueDate: CalendarDate, termsDays: Int, orderId: OrderId? = nil,
                contractInterestRatePercent: Double? = nil) {
        self.buyerId = buyerId
        self.invoiceId = invoiceId
        self.amount = amount
        self.issueDate = issueDate
        self.dueDate = dueDate
        self.termsDays = termsDays
        self.orderId = orderId
        self.contractInterestRatePercent = contractInterestRatePercent
    }

    public var domainEvent: DomainEvent { .invoiceIssued(self) }

    /// Refuses a negative amount, negative terms, a negative contract rate and a due date before the issue date.
    public func validate() throws(EventRejection) {
        try EventRejection.requireAmount(amount, at: "amount")
        try EventRejection.require(termsDays >= 0, at: "termsDays", "terms must not be negative, found \(termsDays)")
        if let rate = contractInterestRatePercent {
            try EventRejection.require(rate >= 0, at: "contractInterestRatePercent",
                                       "interest rate must not be negative, found \(rate)")
        }
        guard dueDate >= issueDate else {
            throw EventRejection(code: .dueDateBeforeIssueDate, field: "dueDate",
                                 message: "due date \(dueDate) is before issue date \(issueDate)")
        }
    }
}
