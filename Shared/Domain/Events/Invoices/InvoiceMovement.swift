/// A later event on an issued invoice — a payment, adjustment, dispute, resolution, write-off or cancellation —
/// reduced to what the one date rule needs: no movement is dated before its invoice was issued.
public struct InvoiceMovement: Sendable, Hashable {
    public var invoiceId: InvoiceId
    public var date: CalendarDate
    /// The value's field that carries the date (`paymentDate`, `date`).
    public var field: String

    public init(invoiceId: InvoiceId, date: CalendarDate, field: String) {
        self.invoiceId = invoiceId
        self.date = date
        self.field = field
    }

    /// Refuses the movement as `date_before_issue` when it is dated before `issueDate`, the issue date of its invoice.
    public func requireOnOrAfter(issueDate: CalendarDate) throws(EventRejection) {
        guard date >= issueDate else {
            throw EventRejection(code: .dateBeforeIssue, field: field,
                                 message: "\(field) \(date) is before invoice \"\(invoiceId)\" was issued on \(issueDate)")
        }
    }
}

extension DomainEvent {
    /// The invoice movement this event is, or nil for an event that moves no issued invoice.
    public var invoiceMovement: InvoiceMovement? {
        switch self {
        case .paymentApplied(let e): InvoiceMovement(invoiceId: e.invoiceId, date: e.paymentDate, field: "paymentDate")
        case .paymentReversed(let e): InvoiceMovement(invoiceId: e.invoiceId, date: e.date, field: "date")
        case .invoiceAdjusted(let e): InvoiceMovement(invoiceId: e.invoiceId, date: e.date, field: "date")
        case .invoiceDisputed(let e): InvoiceMovement(invoiceId: e.invoiceId, date: e.date, field: "date")
        case .invoiceDisputeResolved(let e): InvoiceMovement(invoiceId: e.invoiceId, date: e.date, field: "date")
        case .invoiceWrittenOff(let e): InvoiceMovement(invoiceId: e.invoiceId, date: e.date, field: "date")
        case .invoiceCancelled(let e): InvoiceMovement(invoiceId: e.invoiceId, date: e.date, field: "date")
        default: nil
        }
    }
}
