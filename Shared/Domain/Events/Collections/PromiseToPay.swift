/// A collector recorded the buyer's promise to pay an amount by a date; escalation pauses until then.
public struct PromiseToPay: DomainEventPayload {
    public static let kind = EventKind.promiseToPay
    public var buyerId: BuyerId
    public var invoiceId: InvoiceId
    public var promiseId: String
    /// The promised amount, never negative.
    public var amount: Money
    /// The date by which the buyer promised to pay; a promise still unpaid after it is broken.
    public var promisedDate: CalendarDate
    /// The day the promise was recorded.
    public var recordedOn: CalendarDate
    public var collector: String?

    public init(buyerId: BuyerId, invoiceId: InvoiceId, promiseId: String, amount: Money,
                promisedDate: CalendarDate, recordedOn: CalendarDate, collector: String? = nil) {
        self.buyerId = buyerId
        self.invoiceId = invoiceId
        self.promiseId = promiseId
        self.amount = amount
        self.promisedDate = promisedDate
        self.recordedOn = recordedOn
        self.collector = collector
    }

    public var domainEvent: DomainEvent { .promiseToPay(self) }

    /// Refuses a negative amount and a promise dated before it was recorded.
    public func validate() throws(EventRejection) {
        try EventRejection.requireAmount(amount, at: "amount")
        try EventRejection.require(promisedDate >= recordedOn, at: "promisedDate",
                                   "promised date \(promisedDate) is before the day it was recorded, \(recordedOn)")
    }
}
