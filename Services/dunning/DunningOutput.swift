import Domain

/// What the state machine asks its caller to publish: an audit-trail action on `dunning.actions`, or an
/// alert on `credence.alerts` (whose id and time the caller derives from the cause).
public enum DunningOutput: Sendable, Hashable {
    /// A decision for `dunning.actions`, naming its rule in `note`.
    case action(DunningAction)
    /// An alert for `credence.alerts` (`promise.broken`, `dunning.legal`).
    case alert(DunningAlert)

    /// The action, when this output is one.
    public var action: DunningAction? {
        if case .action(let action) = self { return action }
        return nil
    }

    /// The alert, when this output is one.
    public var alert: DunningAlert? {
        if case .alert(let alert) = self { return alert }
        return nil
    }
}

/// An alert the dunning stage raises (`promise.broken`, `dunning.legal`), without the id and time that
/// the processor derives from what caused it.
public struct DunningAlert: Sendable, Hashable {
    public var alertType: AlertType
    public var severity: AlertSeverity
    public var invoiceId: InvoiceId
    /// Non-money figures, e.g. `daysPastDue`, `level`.
    public var figures: [String: Double]
    /// Money figures, e.g. `openAmount`, `promisedAmount`.
    public var amounts: [String: Money]
    public var message: String

    /// An alert about one invoice.
    public init(alertType: AlertType, severity: AlertSeverity, invoiceId: InvoiceId, figures: [String: Double],
                amounts: [String: Money], message: String) {
        self.alertType = alertType
        self.severity = severity
        self.invoiceId = invoiceId
        self.figures = figures
        self.amounts = amounts
        self.message = message
    }
}
