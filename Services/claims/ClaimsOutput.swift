import Domain

/// What the claims state machine asks its caller to publish: a claim transition on `claims.events`, or
/// an alert on `credence.alerts`. Ids are derived by the processor from the claim and `key`, so the same
/// transition always carries the same id, whichever input or punctuation noticed it.
public enum ClaimsOutput: Sendable, Hashable {
    /// A claim transition; `key` names it within its claim (`filed`, `recovery:<payment>`, …).
    case claim(ClaimEvent, key: String)
    /// A `claim.filed`, `claim.paid` or `claim.rejected` alert.
    case alert(ClaimAlert)

    /// The claim event, when this output is one.
    public var claimEvent: ClaimEvent? {
        if case .claim(let event, _) = self { return event }
        return nil
    }

    /// The alert, when this output is one.
    public var alert: ClaimAlert? {
        if case .alert(let alert) = self { return alert }
        return nil
    }
}

/// An alert about a claim, without the id and time the processor derives.
public struct ClaimAlert: Sendable, Hashable {
    public var alertType: AlertType
    public var severity: AlertSeverity
    public var claimId: ClaimId
    /// The oldest invoice of the claim.
    public var invoiceId: InvoiceId?
    /// Non-money figures, e.g. `invoiceCount`, `insuredPercentage`.
    public var figures: [String: Double]
    /// Money figures, e.g. `loss`, `indemnity`, `deductibleApplied`.
    public var amounts: [String: Money]
    public var message: String

    /// An alert about one claim.
    public init(alertType: AlertType, severity: AlertSeverity, claimId: ClaimId, invoiceId: InvoiceId?,
                figures: [String: Double], amounts: [String: Money], message: String) {
        self.alertType = alertType
        self.severity = severity
        self.claimId = claimId
        self.invoiceId = invoiceId
        self.figures = figures
        self.amounts = amounts
        self.message = message
    }
}
