import Domain

/// What a collector must do today, from the views: the calls, letters and notices dunning issued in the last
/// week on invoices still open, the promises falling due, and the disputes waiting for an outcome.
public struct Worklist: Sendable {
    /// How far back an issued action still counts as to do.
    public static let actionWindowDays = 7
    /// How far ahead a promise counts as falling due.
    public static let promiseWindowDays = 7
    /// Rows per section at most.
    public static let sectionLimit = 200

    /// One invoice to work on, with its buyer.
    public struct Item: Sendable {
        public var buyerId: BuyerId
        public var invoice: InvoiceStanding
    }

    public var actionsDue: [Item] = []
    public var promisesFallingDue: [Item] = []
    public var disputesWaiting: [Item] = []
    /// The latest collectors' updates, newest first, with dunning's answer when it came.
    public var recorded: [(update: CollectorUpdate, answer: TimelineEntry?)] = []

    static let workActions: Set<DunningActionKind> = [.reminder, .phoneCall, .formalNotice, .collectionHandover, .promiseBroken]

    /// The worklist of `state` on its business day.
    public init(_ state: ConsoleState) {
        guard let today = state.today else { return }
        for buyer in state.buyers.values where !buyer.invoices.isEmpty {
            for invoice in buyer.invoices.values where !invoice.isResolved {
                // Email reminders go out by themselves: what a collector does is a call, a letter or a notice.
                if Self.workActions.contains(invoice.lastAction), invoice.lastChannel != .email, !invoice.isBlocked, invoice.promise == nil,
                   invoice.lastActionDate.days(until: today) <= Self.actionWindowDays {
                    actionsDue.append(Item(buyerId: buyer.buyerId, invoice: invoice))
                }
                if let promise = invoice.promise, promise.promisedDate.days(until: today) >= -Self.promiseWindowDays,
                   promise.promisedDate.days(until: today) <= Self.actionWindowDays {
                    promisesFallingDue.append(Item(buyerId: buyer.buyerId, invoice: invoice))
                }
                if invoice.openDispute != nil { disputesWaiting.append(Item(buyerId: buyer.buyerId, invoice: invoice)) }
            }
        }
        actionsDue.sort { ($0.invoice.level, $0.invoice.daysPastDueAtAction) > ($1.invoice.level, $1.invoice.daysPastDueAtAction) }
        promisesFallingDue.sort { ($0.invoice.promise?.promisedDate ?? today) < ($1.invoice.promise?.promisedDate ?? today) }
        disputesWaiting.sort { ($0.invoice.openDispute?.raisedAt ?? Timestamp(date: today)) < ($1.invoice.openDispute?.raisedAt ?? Timestamp(date: today)) }
        actionsDue = Array(actionsDue.prefix(Self.sectionLimit))
        promisesFallingDue = Array(promisesFallingDue.prefix(Self.sectionLimit))
        disputesWaiting = Array(disputesWaiting.prefix(Self.sectionLimit))
        recorded = state.collectorUpdates.newestFirst.prefix(50).map { update in
            (update, state.buyers[update.envelope.buyerId].flatMap { update.answer(in: $0.timeline.newestFirst) })
        }
    }
}
