import Domain

/// Where one invoice stands in dunning, as the console last heard it on `dunning.actions` and `collections.updates`.
public struct InvoiceStanding: Sendable, Hashable {
    public var invoiceId: InvoiceId
    /// The dunning level after the latest action, 0…4.
    public var level: Int
    public var lastAction: DunningActionKind
    public var lastChannel: DunningChannel
    /// The day of the latest action.
    public var lastActionDate: CalendarDate
    /// Days past due on the day of the latest action.
    public var daysPastDueAtAction: Int
    public var openAmount: Money
    /// The due date the latest action was counted from (its day less its days past due).
    public var dueDate: CalendarDate { lastActionDate.adding(days: -daysPastDueAtAction) }
    /// Whether dunning closed the invoice (paid, cancelled, written off).
    public var isResolved: Bool
    /// Whether a collector's block is in force.
    public var isBlocked: Bool
    /// The latest promise to pay recorded for it, until dunning resolves the invoice.
    public var promise: PromiseToPay?
    /// The open dispute's alert, until an outcome is recorded or the invoice resolves.
    public var openDispute: Alert?

    /// Days past due on `today`, counted from the due date.
    public func daysPastDue(on today: CalendarDate) -> Int { today.dayNumber - dueDate.dayNumber }

    /// A standing from the first action heard about the invoice.
    public init(_ action: DunningAction) {
        invoiceId = action.invoiceId
        level = action.level
        lastAction = action.action
        lastChannel = action.channel
        lastActionDate = action.date
        daysPastDueAtAction = action.daysPastDue
        openAmount = action.openAmount
        isResolved = false
        isBlocked = false
        apply(action)
    }

    /// Takes in a later action on the invoice.
    public mutating func apply(_ action: DunningAction) {
        level = action.level
        lastAction = action.action
        lastChannel = action.channel
        lastActionDate = action.date
        daysPastDueAtAction = action.daysPastDue
        openAmount = action.openAmount
        switch action.action {
        case .resolved:
            isResolved = true
            promise = nil
            openDispute = nil
        case .blocked: isBlocked = true
        case .unblocked: isBlocked = false
        case .promiseBroken: promise = nil
        default: break
        }
    }
}
