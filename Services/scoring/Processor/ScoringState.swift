import Domain

/// An invoice as scoring follows it for payment behaviour.
public struct TrackedInvoice: Sendable, Hashable, Codable {
    public var invoiceId: InvoiceId
    /// The invoiced amount after credit and debit notes: the weight of a settled invoice.
    public var amount: Money
    /// What remains to be paid.
    public var openAmount: Money
    public var issueDate: CalendarDate
    public var dueDate: CalendarDate
    /// The date of the payment that settled it in full; nil while open.
    public var settledDate: CalendarDate?

    public init(invoiceId: InvoiceId, amount: Money, openAmount: Money, issueDate: CalendarDate, dueDate: CalendarDate,
                settledDate: CalendarDate? = nil) {
        self.invoiceId = invoiceId
        self.amount = amount
        self.openAmount = openAmount
        self.issueDate = issueDate
        self.dueDate = dueDate
        self.settledDate = settledDate
    }
}

/// Everything scoring keeps about one buyer, restored from the `scoring.changelog` after a restart.
///
/// Bounded: settled invoices leave once they fall out of the PAYDEX look-back, cancelled and written-off
/// invoices leave at once, and events leave once they no longer cost points.
public struct ScoringState: Sendable, Hashable, Codable {
    public var profile: BuyerProfile?
    /// The statement with the latest period end.
    public var statement: FinancialStatement?
    /// Open invoices and those settled within the look-back, by invoice id.
    public var invoices: [String: TrackedInvoice] = [:]
    /// Litigation, ownership changes and rating changes still in memory.
    public var events: [RememberedEvent] = []
    /// When an insolvency filing was reported; an insolvent buyer stays at grade 10.
    public var insolventSince: CalendarDate?
    /// The insurer's latest limit decision.
    public var insurerLimit: InsurerLimitDecision?
    /// The assessment last published.
    public var lastAssessment: CreditAssessment?
    /// Review conditions that held at the last step (`paymentSlowdown`, `overdueRatio`), so that each raises
    /// its alert when it starts to hold, not on every step while it does.
    public var activeConditions: Set<String> = []
    /// The day of the last periodic review (`credit.review.periodic`); nil until the buyer is first among the
    /// largest exposures. Optional, so that states written before it existed still decode.
    public var lastPeriodicReview: CalendarDate?

    public init() {}

    /// Whether an insolvency filing was reported.
    public var insolvent: Bool { insolventSince != nil }
}
