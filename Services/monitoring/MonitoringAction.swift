import Domain

/// What the state machine decided to publish; the processor gives each its id and envelope.
public enum MonitoringAction: Sendable, Hashable {
    /// The buyer's position changed: `receivables.positions`.
    case position(ReceivablesPosition)
    /// An open invoice reached an overdue threshold at the end of a day: `receivables.overdue`.
    case overdue(OverdueTransition)
    /// An early-warning alert: `credence.alerts`.
    case alert(AlertDraft)
    /// The decision on an order: `credit.decisions`.
    case decision(CreditDecision)
}
