import Domain

/// An alert the state machine decided to raise, before the wiring gives it its id and time.
///
/// `cause` names what the alert is about, uniquely for the buyer (`invoice.overdue/INV-1/15`,
/// `credit.limit.exceeded#2`); the alert id is derived from it, so a repeat of the same cause — a replay, a
/// restart — carries the same id and is recognisable.
public struct AlertDraft: Sendable, Hashable {
    public var type: AlertType
    public var severity: AlertSeverity
    public var cause: String
    /// Non-money figures: days, ratios, counts.
    public var figures: [String: Double]
    /// Money figures.
    public var amounts: [String: Money]
    public var invoiceId: InvoiceId?
    public var orderId: OrderId?
    public var message: String

    /// A draft with its type, severity, cause and the figures that triggered it.
    public init(type: AlertType, severity: AlertSeverity, cause: String, figures: [String: Double] = [:],
                amounts: [String: Money] = [:], invoiceId: InvoiceId? = nil, orderId: OrderId? = nil, message: String) {
        self.type = type
        self.severity = severity
        self.cause = cause
        self.figures = figures
        self.amounts = amounts
        self.invoiceId = invoiceId
        self.orderId = orderId
        self.message = message
    }
}
