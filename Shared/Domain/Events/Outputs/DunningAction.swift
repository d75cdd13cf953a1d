/// What the dunning stage did or decided for an invoice; every one is kept as an audit-trail event.
public enum DunningActionKind: String, DomainEnumeration {
    case preDueReminder
    case reminder
    case phoneCall
    case formalNotice
    case creditHold
    case collectionHandover
    case claimTrigger
    case writeOffProposal
    case escalationPaused
    case promiseBroken
    case blocked
    case unblocked
    case levelOverridden
    case resolved
    /// A collector released the buyer's credit hold (a `releaseHold` override), or the policy released it on a
    /// write-off; monitoring lifts the hold the invoice put on the buyer.
    case creditHoldReleased
}

/// The channel an action goes out on.
public enum DunningChannel: String, DomainEnumeration {
    case email
    case phone
    case letter
    /// A task or state change inside the seller (credit hold, write-off proposal, audit).
    case internalTask
    /// Legal or third-party collection.
    case collectionAgency
    case insurer
}

/// One dunning action or decision on an invoice, with the level and figures it was taken at.
public struct DunningAction: DomainEventPayload {
    public static let kind = EventKind.dunningAction
    public var buyerId: BuyerId
    public var invoiceId: InvoiceId
    /// The dunning level after this action, 0…4.
    public var level: Int
    public var action: DunningActionKind
    public var channel: DunningChannel
    public var date: CalendarDate
    public var daysPastDue: Int
    public var openAmount: Money
    /// Late-payment interest accrued so far, for formal notices.
    public var interest: Money?
    /// The fixed compensation claimed (40 EUR by default), for formal notices.
    public var compensation: Money?
    public var note: String?

    public init(buyerId: BuyerId, invoiceId: InvoiceId, level: Int, action: DunningActionKind,
                channel: DunningChannel, date: CalendarDate, daysPastDue: Int, openAmount: Money,
                interest: Money? = nil, compensation: Money? = nil, note: String? = nil) {
        self.buyerId = buyerId
        self.invoiceId = invoiceId
        self.level = level
        self.action = action
        self.channel = channel
        self.date = date
        self.daysPastDue = daysPastDue
        self.openAmount = openAmount
        self.interest = interest
        self.compensation = compensation
        self.note = note
    }

    public var domainEvent: DomainEvent { .dunningAction(self) }

    /// Keeps the level within 0…4 and amounts non-negative.
    public func validate() throws(EventRejection) {
        try EventRejection.require((0...4).contains(level), at: "level", "dunning level must be 0…4, found \(level)")
        try EventRejection.requireNonNegative(openAmount, at: "openAmount")
        if let interest { try EventRejection.requireNonNegative(interest, at: "interest") }
        if let compensation { try EventRejection.requireNonNegative(compensation, at: "compensation") }
    }
}
