/// The ERP asks for a credit decision on a new order.
public struct OrderRequested: DomainEventPayload {
    public static let kind = EventKind.orderRequested
    public var buyerId: BuyerId
    public var orderId: OrderId
    /// The order value, never negative.
    public var amount: Money
    public var orderDate: CalendarDate

    public init(buyerId: BuyerId, orderId: OrderId, amount: Money, orderDate: CalendarDate) {
        self.buyerId = buyerId
        self.orderId = orderId
        self.amount = amount
        self.orderDate = orderDate
    }

    public var domainEvent: DomainEvent { .orderRequested(self) }

    /// Refuses a negative amount.
    public func validate() throws(EventRejection) {
        try EventRejection.requireAmount(amount, at: "amount")
    }
}
