import Domain

/// Why a dunning case was closed; a closed case never emits another action.
public enum DunningClosure: String, Sendable, Hashable, Codable {
    case paidInFull
    case creditedInFull
    case writtenOff
    case cancelled

    /// The audit-trail rule that closed the case.
    var ruleName: String {
        switch self {
        case .paidInFull: "rule: payment in full resolves the case"
        case .creditedInFull: "rule: credit note settles the invoice — case resolved"
        case .writtenOff: "rule: written off — case closed"
        case .cancelled: "rule: invoice cancelled — case closed"
        }
    }
}

/// A buyer's promise to pay, which pauses escalation until its date.
public struct PendingPromise: Sendable, Hashable, Codable {
    public var promiseId: String
    public var amount: Money
    public var promisedDate: CalendarDate
    /// What the buyer has paid on the invoice since the promise was recorded.
    public var paidSinceRecorded: Money

    /// Whether the payments since the promise cover the promised amount.
    public var isKept: Bool { paidSinceRecorded.amountMinor >= amount.amountMinor }
}

/// A payment plan: its instalments replace the invoice's due date, one after another as they are paid.
public struct ActivePaymentPlan: Sendable, Hashable, Codable {
    public var planId: String
    public var instalments: [Instalment]
    /// What the buyer has paid on the invoice since the plan was agreed.
    public var paidTowardPlan: Money

    /// The due date of the first instalment the payments do not cover yet (the last one once all are).
    public var currentDueDate: CalendarDate {
        var cumulative: Int64 = 0
        for instalment in instalments {
            // The plan's total was checked when it was agreed; a sum beyond 64 bits is beyond any payment anyway.
            let (sum, overflow) = cumulative.addingReportingOverflow(instalment.amount.amountMinor)
            cumulative = overflow ? .max : sum
            if cumulative > paidTowardPlan.amountMinor { return instalment.dueDate }
        }
        return instalments[instalments.count - 1].dueDate
    }

    /// The instalment whose due date is ``currentDueDate``.
    public var currentInstalment: Instalment {
        instalments.first { $0.dueDate == currentDueDate } ?? instalments[instalments.count - 1]
    }
}

/// The dunning of one due date: the level reached and the actions already sent against it, so that
/// each goes out once. A payment plan starts a new cycle for each instalment's due date.
public struct DunningCycle: Sendable, Hashable, Codable {
    /// The date days past due are counted from.
    public var dueDate: CalendarDate
    /// The level of the last table action; nil before the first.
    public var level: Int?
    /// Keys of the table actions sent in this cycle (`2/formalNotice`, `1/reminder-repeat`), in the order
    /// sent: an array rather than a set so the state encodes to the same bytes every time.
    public var sent: [String]
    /// Days past due on which the first level-1 reminder went out (the repeat follows only a reminder sent before the repeat day).
    public var firstReminderDaysPastDue: Int?
    /// The lowest level after a broken promise escalated at once.
    public var escalationFloor: Int?

    /// A fresh cycle for a due date.
    public init(dueDate: CalendarDate) {
        self.dueDate = dueDate
        self.level = nil
        self.sent = []
        self.firstReminderDaysPastDue = nil
        self.escalationFloor = nil
    }

    /// Records an action as sent; false when it already was.
    mutating func markSent(_ key: String) -> Bool {
        guard !sent.contains(key) else { return false }
        sent.append(key)
        return true
    }
}
