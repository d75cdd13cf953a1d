/// An open invoice reached an overdue threshold (1, 15, 31, 61 or 91 days past due by default)
/// at the end of a day; dunning escalates from these.
public struct OverdueTransition: DomainEventPayload {
    public static let kind = EventKind.overdueTransition
    public var buyerId: BuyerId
    public var invoiceId: InvoiceId
    /// The threshold reached: days past due at the end of `asOf`.
    public var daysPastDue: Int
    public var dueDate: CalendarDate
    public var asOf: CalendarDate
    public var openAmount: Money
    public var disputed: Bool

    public init(buyerId: BuyerId, invoiceId: InvoiceId, daysPastDue: Int, dueDate: CalendarDate,
                asOf: CalendarDate, openAmount: Money, disputed: Bool) {
        self.buyerId = buyerId
        self.invoiceId = invoiceId
        self.daysPastDue = daysPastDue
        self.dueDate = dueDate
        self.asOf = asOf
        self.openAmount = openAmount
        self.disputed = disputed
    }

    public var domainEvent: DomainEvent { .overdueTransition(self) }

    /// Refuses a negative open amount and days that disagree with the dates.
    public func validate() throws(EventRejection) {
        try EventRejection.requireNonNegative(openAmount, at: "openAmount")
        let expected = ReceivableDays.daysPastDue(dueDate: dueDate, on: asOf)
        try EventRejection.require(daysPastDue == expected, at: "daysPastDue",
                                   "\(asOf) is \(expected) days past due date \(dueDate), not \(daysPastDue)")
    }
}
