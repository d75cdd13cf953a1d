import Domain

/// One payment experience: the amount it weighs with and its days beyond terms.
public struct PaymentExperience: Sendable, Hashable {
    /// The weight: a payment's amount, the open amount of an overdue invoice, or the amount written off.
    public var amount: Money
    /// Payment date − due date for a payment; current days past due for an open overdue invoice.
    public var daysBeyondTerms: Int
    /// Whether it is a settled payment (only those count toward the average days beyond terms).
    public var settled: Bool
    /// A written-off amount: it earns the worst points of the table whatever its days.
    public var writtenOff: Bool

    public init(amount: Money, daysBeyondTerms: Int, settled: Bool, writtenOff: Bool = false) {
        self.amount = amount
        self.daysBeyondTerms = daysBeyondTerms
        self.settled = settled
        self.writtenOff = writtenOff
    }
}

/// The payment figures of DOMAIN.md §3 for one buyer on one day: what scoring publishes and what the backtest
/// recomputes over the same tracked invoices.
public struct PaymentFigures: Sendable, Hashable {
    /// PAYDEX 1–100; nil without experience.
    public var paydex: Int?
    /// Amount-weighted mean of max(0, DBT) over the settled payments; nil without any.
    public var averageDaysBeyondTerms: Double?
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
        let worst = Double(policy.points.map(\.points).min() ?? 1)
        for experience in experiences where experience.amount.amountMinor > 0 {
            let weight = Double(experience.amount.amountMinor)
            let points = experience.writtenOff ? worst : policy.points(forDaysBeyondTerms: experience.daysBeyondTerms)
            weighted += weight * points
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

    /// PAYDEX and average days beyond terms of `invoices` at the end of `asOf` (DOMAIN.md §3). Pure, so the
    /// backtest can recompute a buyer's figures on any day from its tracked invoices.
    public static func figures(_ invoices: some Sequence<TrackedInvoice>, asOf: CalendarDate,
                               policy: PaydexPolicy) -> PaymentFigures {
        let experiences = experiences(invoices, asOf: asOf, lookbackMonths: policy.lookbackMonths)
        return PaymentFigures(paydex: paydex(experiences, policy: policy),
                              averageDaysBeyondTerms: averageDaysBeyondTerms(experiences))
    }

    /// The experiences of PAYDEX as of `asOf`: each invoice closed in the `lookbackMonths` months up to `asOf`
    /// counts each of its payments at its own amount and days beyond terms, and what was written off at the worst
    /// points; each open invoice past due on `asOf` counts its open amount at its current days past due.
    public static func experiences(_ invoices: some Sequence<TrackedInvoice>, asOf: CalendarDate,
                                   lookbackMonths: Int) -> [PaymentExperience] {
        let windowStart = asOf.adding(months: -lookbackMonths)
        var experiences: [PaymentExperience] = []
        for invoice in invoices {
            if let settled = invoice.settledDate {
                guard settled > windowStart, settled <= asOf else { continue }
                experiences += closedExperiences(invoice, settled: settled)
            } else {
                let daysPastDue = ReceivableDays.daysPastDue(dueDate: invoice.dueDate, on: asOf)
                guard daysPastDue > 0, invoice.openAmount.amountMinor > 0 else { continue }
                experiences.append(PaymentExperience(amount: invoice.openAmount, daysBeyondTerms: daysPastDue, settled: false))
            }
        }
        return experiences
    }

    /// A closed invoice's payments and write-off; an invoice known only by its settlement date (a state written
    /// before payments were kept) counts its invoiced amount at that date.
    private static func closedExperiences(_ invoice: TrackedInvoice, settled: CalendarDate) -> [PaymentExperience] {
        guard !invoice.payments.isEmpty || invoice.writtenOff != nil else {
            return [PaymentExperience(amount: invoice.amount,
                                      daysBeyondTerms: ReceivableDays.daysBeyondTerms(dueDate: invoice.dueDate, settlementDate: settled),
                                      settled: true)]
        }
        var experiences = invoice.payments.map { part in
            PaymentExperience(amount: part.applied,
                              daysBeyondTerms: ReceivableDays.daysBeyondTerms(dueDate: invoice.dueDate, settlementDate: part.date),
                              settled: true)
        }
        if let writtenOff = invoice.writtenOff {
            experiences.append(PaymentExperience(amount: writtenOff,
                                                 daysBeyondTerms: ReceivableDays.daysPastDue(dueDate: invoice.dueDate, on: settled),
                                                 settled: false, writtenOff: true))
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
            guard invoice.paidByBuyer, let settled = invoice.settledDate, window.contains(settled),
                  invoice.amount.amountMinor > 0 else { continue }
            let weight = Double(invoice.amount.amountMinor)
            weighted += weight * Double(invoice.issueDate.days(until: settled))
            total += weight
        }
        return total > 0 ? weighted / total : nil
    }
}
