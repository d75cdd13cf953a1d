import Domain

/// One invoice's payment experience: the amount it weighs with and its days beyond terms.
public struct PaymentExperience: Sendable, Hashable {
    /// The weight: the invoiced amount of a settled invoice, the open amount of an overdue one.
    public var amount: Money
    /// Settlement date − due date for a settled invoice; current days past due for an open overdue one.
    public var daysBeyondTerms: Int
    /// Whether the invoice is settled (only settled invoices count toward the average days beyond terms).
    public var settled: Bool

    public init(amount: Money, daysBeyondTerms: Int, settled: Bool) {
        self.amount = amount
        self.daysBeyondTerms = daysBeyondTerms
        self.settled = settled
    }
}

/// Payment behaviour (DOMAIN.md §3, component 2): PAYDEX and average days beyond terms.
///
/// Amounts weigh in minor units of their own currency (the policy has no FX table for scoring).
public enum PaymentBehaviour {
    /// PAYDEX 1–100: the amount-weighted mean of the policy's points, rounded half up; nil ("unavailable")
    /// without experience. 6,000 paid on the due date (80) and 4,000 paid 30 days late (50) → 68.
    public static func paydex(_ experiences: [PaymentExperience], policy: PaydexPolicy) -> Int? {
        var weighted = 0.0
        var total = 0.0
        for experience in experiences where experience.amount.amountMinor > 0 {
            let weight = Double(experience.amount.amountMinor)
            weighted += weight * policy.points(forDaysBeyondTerms: experience.daysBeyondTerms)
            total += weight
        }
        guard total > 0 else { return nil }
        // Half up; the epsilon keeps a mean of exactly n.5 that the division leaves as n.4999… on the up side.
        let rounded = Int((weighted / total + 0.5 + 1e-9).rounded(.down))
        return min(max(rounded, 1), 100)
    }

    /// The amount-weighted mean of max(0, days beyond terms) over settled invoices; nil without any.
    public static func averageDaysBeyondTerms(_ experiences: [PaymentExperience]) -> Double? {
        var weighted = 0.0
        var total = 0.0
        for experience in experiences where experience.settled && experience.amount.amountMinor > 0 {
            let weight = Double(experience.amount.amountMinor)
            weighted += weight * Double(max(0, experience.daysBeyondTerms))
            total += weight
        }
        return total > 0 ? weighted / total : nil
    }

    /// The experiences of PAYDEX as of `asOf`: invoices settled in the `lookbackMonths` months up to `asOf`
    /// (at their invoiced amount), plus open invoices past due on `asOf` (at their open amount and current
    /// days past due).
    public static func experiences(_ invoices: some Sequence<TrackedInvoice>, asOf: CalendarDate,
                                   lookbackMonths: Int) -> [PaymentExperience] {
        let windowStart = asOf.adding(months: -lookbackMonths)
        var experiences: [PaymentExperience] = []
        for invoice in invoices {
            if let settled = invoice.settledDate {
                guard settled > windowStart, settled <= asOf else { continue }
                experiences.append(PaymentExperience(
                    amount: invoice.amount,
                    daysBeyondTerms: ReceivableDays.daysBeyondTerms(dueDate: invoice.dueDate, settlementDate: settled),
                    settled: true))
            } else {
                let daysPastDue = ReceivableDays.daysPastDue(dueDate: invoice.dueDate, on: asOf)
                guard daysPastDue > 0, invoice.openAmount.amountMinor > 0 else { continue }
                experiences.append(PaymentExperience(amount: invoice.openAmount, daysBeyondTerms: daysPastDue, settled: false))
            }
        }
        return experiences
    }

    /// The amount-weighted mean days from issue to settlement of invoices settled in `window` (inclusive);
    /// nil when none was settled then.
    public static func averageDaysToPay(_ invoices: some Sequence<TrackedInvoice>,
                                        settledIn window: ClosedRange<CalendarDate>) -> Double? {
        var weighted = 0.0
        var total = 0.0
        for invoice in invoices {
            guard let settled = invoice.settledDate, window.contains(settled), invoice.amount.amountMinor > 0 else { continue }
            let weight = Double(invoice.amount.amountMinor)
            weighted += weight * Double(invoice.issueDate.days(until: settled))
            total += weight
        }
        return total > 0 ? weighted / total : nil
    }
}
