import Domain

/// The review triggers of DOMAIN.md §3 that are conditions on a buyer's position (rather than events):
/// a payment slowdown and an overdue amount large against the limit. Each holds or not at a given date;
/// the processor raises an alert when one starts to hold.
public enum ReviewConditions {
    /// Average days-to-pay of the last `paymentSlowdownComparisonDays` days up at least `paymentSlowdownShare`
    /// on the same span before it. Returns the figures when it holds.
    public static func paymentSlowdown(_ invoices: some Collection<TrackedInvoice>, asOf: CalendarDate,
                                       triggers: ReviewTriggers) -> [String: Double]? {
        let span = triggers.paymentSlowdownComparisonDays
        let recentWindow = asOf.adding(days: 1 - span)...asOf
        let previousWindow = asOf.adding(days: 1 - 2 * span)...asOf.adding(days: -span)
        guard let recent = PaymentBehaviour.averageDaysToPay(invoices, settledIn: recentWindow),
              let previous = PaymentBehaviour.averageDaysToPay(invoices, settledIn: previousWindow), previous > 0,
              recent >= previous * (1 + triggers.paymentSlowdownShare) else { return nil }
        return ["averageDaysToPay": recent, "previousAverageDaysToPay": previous, "increaseShare": recent / previous - 1]
    }

    /// The overdue amount (open invoices past due on `asOf`) at or above `overdueShareOfLimit` of the limit.
    /// Skipped while the buyer has no limit (0) and for invoices in another currency than the limit.
    public static func overdueRatio(_ invoices: some Collection<TrackedInvoice>, limit: Money, asOf: CalendarDate,
                                    triggers: ReviewTriggers) -> (figures: [String: Double], amounts: [String: Money])? {
        guard limit.amountMinor > 0 else { return nil }
        var overdue = Money.zero(limit.currency)
        for invoice in invoices where invoice.settledDate == nil && invoice.openAmount.currency == limit.currency
            && ReceivableDays.daysPastDue(dueDate: invoice.dueDate, on: asOf) > 0 {
            overdue.amountMinor += invoice.openAmount.amountMinor
        }
        let share = Double(overdue.amountMinor) / Double(limit.amountMinor)
        guard share >= triggers.overdueShareOfLimit else { return nil }
        return (["overdueShareOfLimit": share], ["overdueAmount": overdue, "creditLimit": limit])
    }
}
