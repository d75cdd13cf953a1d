import Domain

/// One insurance claim as its events on `claims.events` tell it: the latest event, and the day of each state.
public struct ClaimView: Sendable, Hashable {
    public var latest: ClaimEvent
    /// The first day the claim was in each state it went through.
    public var stateDates: [ClaimState: CalendarDate] = [:]

    /// A claim from its first event.
    public init(_ first: ClaimEvent) { latest = first }

    /// Takes in the claim's next event; figures the later event leaves out are kept from the earlier ones.
    public mutating func apply(_ event: ClaimEvent) {
        let previous = latest
        latest = event
        latest.loss = event.loss ?? previous.loss
        latest.indemnity = event.indemnity ?? previous.indemnity
        latest.trigger = event.trigger ?? previous.trigger
        latest.waitingPeriodEnds = event.waitingPeriodEnds ?? previous.waitingPeriodEnds
        latest.interest = event.interest ?? previous.interest
        if stateDates[event.state] == nil { stateDates[event.state] = event.date }
    }

    /// Whether the claim still waits on someone (not paid, rejected or closed).
    public var isOpen: Bool { ![.paid, .rejected, .closed, .recovery].contains(latest.state) }
}

/// A deadline of a claim: what must happen by when.
public struct ClaimDeadline: Sendable, Hashable {
    public var what: String
    public var date: CalendarDate
}

extension ClaimView {
    /// The claim's deadlines under `policy`: the notification of overdue account (due date + MEP + notification
    /// days, from the invoices' due dates dunning reported), the end of the waiting period, and the insurer's
    /// answer (working days after filing). Open claims only; earliest first.
    public func deadlines(policy: ClaimsPolicy, dueDates: [CalendarDate]) -> [ClaimDeadline] {
        guard isOpen else { return [] }
        var deadlines: [ClaimDeadline] = []
        if stateDates[.filed] == nil, let earliest = dueDates.min() {
            deadlines.append(ClaimDeadline(what: "notification of overdue account (NOA)",
                                           date: earliest.adding(days: policy.maximumExtensionDays + policy.notificationDeadlineDays)))
            deadlines.append(ClaimDeadline(what: "filing (\(policy.fileAfterDaysPastDue) dpd)",
                                           date: earliest.adding(days: policy.fileAfterDaysPastDue + 1)))
        }
        if let ends = latest.waitingPeriodEnds, latest.state == .filed {
            deadlines.append(ClaimDeadline(what: "waiting period ends", date: ends))
        }
        if let filed = stateDates[.filed], latest.state == .filed {
            deadlines.append(ClaimDeadline(what: "insurer's answer due", date: filed.adding(workingDays: policy.responseWorkingDays)))
        }
        return deadlines.sorted { $0.date < $1.date }
    }
}
