import Domain

/// Why an invoice cannot be claimed (DOMAIN.md §6), checked in this order so a claim always names the
/// first rule it breaks.
///
/// - `disputed`: a dispute on the invoice is open.
/// - `noInsuredLimit`: no insured limit was in force on the day the goods were invoiced (none, expired,
///   or withdrawn to 0).
/// - `lateNotification`: a notification of overdue account was called for (a dunning level-3 action)
///   only after the NOA deadline (due date + MEP + NOA days) had passed, and none was sent before.
/// - `beyondMEP`: no notification of overdue account was ever sent, and the claim is filed after the
///   NOA deadline — the account was left outstanding beyond the maximum extension period unnotified.
///   A claim filed while the deadline still runs (an early insolvency) needs no notification yet.
public enum ClaimRejectionReason: String, Sendable, Hashable, Codable, CaseIterable {
    case disputed
    case noInsuredLimit
    case lateNotification
    case beyondMEP

    /// The first rule that excludes `invoice` from a claim filed on `filedOn`, or nil when it is eligible.
    ///
    /// - Parameter limitWhenInvoiced: the insured limit in force on the invoice's issue date.
    public static func check(_ invoice: InsuredInvoice, limitWhenInvoiced: Money?, filedOn: CalendarDate,
                             rules: ClaimsRules) -> ClaimRejectionReason? {
        if invoice.disputed { return .disputed }
        if limitWhenInvoiced == nil { return .noInsuredLimit }
        guard invoice.notifiedOn == nil else { return nil }
        if invoice.lateNotificationOn != nil { return .lateNotification }
        if filedOn > rules.notificationDeadline(dueDate: invoice.dueDate) { return .beyondMEP }
        return nil
    }

    /// The reason as the rejected event and the alert write it, with the dates behind it.
    public func explanation(for invoice: InsuredInvoice, rules: ClaimsRules) -> String {
        let deadline = rules.notificationDeadline(dueDate: invoice.dueDate)
        switch self {
        case .disputed:
            return "disputed invoice: \(invoice.invoiceId) is in dispute and excluded from claims"
        case .noInsuredLimit:
            return "no insured limit: the buyer had no insured limit in force when \(invoice.invoiceId) was invoiced on \(invoice.issueDate)"
        case .lateNotification:
            let on = invoice.lateNotificationOn.map { " on \($0)" } ?? ""
            return "late notification: the overdue account of \(invoice.invoiceId) was notifiable only\(on), after the NOA deadline \(deadline)"
        case .beyondMEP:
            return "beyond MEP: \(invoice.invoiceId) (due \(invoice.dueDate)) passed the maximum extension period of \(rules.policy.maximumExtensionDays) days without a notification of overdue account by \(deadline)"
        }
    }
}
