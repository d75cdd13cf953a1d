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
    /// Every currency counts at `fx`'s rates, in the reporting currency. Skipped while the buyer has no limit (0).
    public static func overdueRatio(_ invoices: some Collection<TrackedInvoice>, limit: Money, asOf: CalendarDate,
                                    triggers: ReviewTriggers, fx: FXTable) -> (figures: [String: Double], amounts: [String: Money])? {
        guard limit.amountMinor > 0 else { return nil }
        var sums: [Currency: Int128] = [:]
        for invoice in invoices where invoice.settledDate == nil
            && ReceivableDays.daysPastDue(dueDate: invoice.dueDate, on: asOf) > 0 {
            sums[invoice.openAmount.currency, default: 0] += Int128(invoice.openAmount.amountMinor)
        }
        var overdue = Money.zero(fx.reportingCurrency)
        for currency in sums.keys.sorted() {
            guard let part = try? Money(exactly: sums[currency] ?? 0, currency), let converted = try? fx.convert(part),
                  let total = try? overdue + converted else { continue }
            overdue = total
        }
        guard let limit = try? fx.convert(limit), limit.amountMinor > 0 else { return nil }
        let share = Double(overdue.amountMinor) / Double(limit.amountMinor)
        guard share >= triggers.overdueShareOfLimit else { return nil }
        return (["overdueShareOfLimit": share], ["overdueAmount": overdue, "creditLimit": limit])
    }
}
