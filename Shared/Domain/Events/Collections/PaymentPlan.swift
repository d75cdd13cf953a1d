/// One instalment of a payment plan: an amount due on a date.
public struct Instalment: Sendable, Hashable, Codable {
    public var dueDate: CalendarDate
    public var amount: Money

    public init(dueDate: CalendarDate, amount: Money) {
        self.dueDate = dueDate
        self.amount = amount
    }
}

/// A collector agreed a payment plan; its instalments replace the invoice's due date.
public struct PaymentPlan: DomainEventPayload {
    public static let kind = EventKind.paymentPlan
    public var buyerId: BuyerId
    public var invoiceId: InvoiceId
    public var planId: String
    public var agreedOn: CalendarDate
    /// At least one instalment, in strictly increasing due-date order, all in one currency.
    public var instalments: [Instalment]

    public init(buyerId: BuyerId, invoiceId: InvoiceId, planId: String, agreedOn: CalendarDate,
                instalments: [Instalment]) {
        self.buyerId = buyerId
        self.invoiceId = invoiceId
        self.planId = planId
        self.agreedOn = agreedOn
        self.instalments = instalments
    }

    public var domainEvent: DomainEvent { .paymentPlan(self) }

    /// The sum of the instalments.
    public var total: Money? {
        guard let first = instalments.first else { return nil }
        return try? Money.sum(instalments.map(\.amount), in: first.amount.currency)
    }

    /// Refuses an empty plan, negative or mixed-currency instalments, and unordered due dates.
    public func validate() throws(EventRejection) {
        try EventRejection.require(!instalments.isEmpty, at: "instalments", "a payment plan needs at least one instalment")
        try EventRejection.requireSameCurrency(instalments.enumerated().map { ("instalments[\($0.offset)].amount", $0.element.amount) })
        for (index, instalment) in instalments.enumerated() {
            try EventRejection.requireAmount(instalment.amount, at: "instalments[\(index)].amount")
            if index > 0 {
                try EventRejection.require(instalment.dueDate > instalments[index - 1].dueDate,
                                           at: "instalments[\(index)].dueDate",
                                           "instalment due dates must increase")
            }
        }
    }
}
