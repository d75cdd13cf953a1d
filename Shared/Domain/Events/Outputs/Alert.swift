/// How urgent an alert is.
public enum AlertSeverity: String, DomainEnumeration {
    case info
    case warning
    case critical
}

/// The stable type name of an alert (DOMAIN.md §4); open, so that readers accept types added later.
public struct AlertType: RawRepresentable, Sendable, Hashable, Codable, CustomStringConvertible {
    public var rawValue: String
    public init(rawValue: String) { self.rawValue = rawValue }
    public var description: String { rawValue }

    public static let invoiceOverdue = AlertType(rawValue: "invoice.overdue")
    public static let creditLimitExceeded = AlertType(rawValue: "credit.limit.exceeded")
    public static let overdueRatio = AlertType(rawValue: "overdue.ratio")
    public static let paymentSlowdown = AlertType(rawValue: "payment.slowdown")
    public static let orderSurge = AlertType(rawValue: "order.surge")
    public static let concentration = AlertType(rawValue: "concentration")
    public static let disputeOpened = AlertType(rawValue: "dispute.opened")
    public static let orderHeld = AlertType(rawValue: "order.held")
    public static let gradeDowngrade = AlertType(rawValue: "grade.downgrade")
    public static let buyerInsolvent = AlertType(rawValue: "buyer.insolvent")
    public static let promiseBroken = AlertType(rawValue: "promise.broken")
    public static let dunningLegal = AlertType(rawValue: "dunning.legal")
    public static let claimFiled = AlertType(rawValue: "claim.filed")
    public static let claimPaid = AlertType(rawValue: "claim.paid")
    public static let claimRejected = AlertType(rawValue: "claim.rejected")
    /// An approved order no invoice billed within the policy's validity: it no longer counts in exposure.
    public static let orderApprovalExpired = AlertType(rawValue: "order.approval.expired")
    /// The insurer withdrew cover (its limit fell to zero) on a buyer that still owes: the exposure left uncovered.
    public static let coverWithdrawn = AlertType(rawValue: "cover.withdrawn")

    /// Every alert type of DOMAIN.md §4.
    public static let known: [AlertType] = [
        .invoiceOverdue, .creditLimitExceeded, .overdueRatio, .paymentSlowdown, .orderSurge, .concentration,
        .disputeOpened, .orderHeld, .gradeDowngrade, .buyerInsolvent, .promiseBroken, .dunningLegal,
        .claimFiled, .claimPaid, .claimRejected, .coverWithdrawn, .orderApprovalExpired,
    ]
}

/// An early-warning alert about a buyer, with the figures that triggered it.
public struct Alert: DomainEventPayload {
    public static let kind = EventKind.alert
    public var buyerId: BuyerId
    /// Makes a repeated delivery recognisable; the same as the record's `ce_id`.
    public var alertId: String
    public var alertType: AlertType
    public var severity: AlertSeverity
    public var raisedAt: Timestamp
    /// Non-money figures: days, ratios, counts, grades (e.g. `daysPastDue`, `overdueShareOfLimit`).
    public var figures: [String: Double]
    /// Money figures (e.g. `overdueAmount`, `creditLimit`).
    public var amounts: [String: Money]?
    public var invoiceId: InvoiceId?
    public var orderId: OrderId?
    public var message: String?

    public init(buyerId: BuyerId, alertId: String, alertType: AlertType, severity: AlertSeverity, raisedAt: Timestamp,
                figures: [String: Double] = [:], amounts: [String: Money]? = nil, invoiceId: InvoiceId? = nil,
                orderId: OrderId? = nil, message: String? = nil) {
        self.buyerId = buyerId
        self.alertId = alertId
        self.alertType = alertType
        self.severity = severity
        self.raisedAt = raisedAt
        self.figures = figures
        self.amounts = amounts
        self.invoiceId = invoiceId
        self.orderId = orderId
        self.message = message
    }

    public var domainEvent: DomainEvent { .alert(self) }

    /// Refuses an empty type name and non-finite figures.
    public func validate() throws(EventRejection) {
        try EventRejection.require(!alertType.rawValue.isEmpty, at: "alertType", "alert type must not be empty")
        for (name, value) in figures where !value.isFinite {
            throw EventRejection(code: .invalidValue, field: "figures.\(name)", message: "figure must be finite")
        }
    }
}
