import Domain

/// What the state machine decided to publish; the processor gives each its id and envelope.
public enum MonitoringAction: Sendable, Hashable {
    /// The buyer's position changed: `receivables.positions`.
    case position(ReceivablesPosition)
    /// An open invoice reached an overdue threshold at the end of a day: `receivables.overdue`. `cause` names the
    /// invoice's issue (`INV-1`, or `INV-1#1` once reissued) and the threshold, so its id is stable.
    case overdue(OverdueTransition, cause: String)
    /// An early-warning alert: `credence.alerts`.
    case alert(AlertDraft)
    /// The decision on an order: `credit.decisions`.
    case decision(CreditDecision)
}
