import Domain

/// Everything scoring keeps about one buyer, restored from the `scoring.changelog` after a restart.
///
/// Bounded: closed invoices (paid, credited or written off) leave once they fall out of the PAYDEX look-back,
/// with the payment and adjustment ids they remember; cancelled invoices leave at once; events leave once they
/// no longer cost points.
public struct ScoringState: Sendable, Hashable, Codable {
    public var profile: BuyerProfile?
    /// The statement with the latest period end.
    public var statement: FinancialStatement?
    /// Open invoices and those closed within the look-back, by invoice id.
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
    /// Insolvent members of the buyer's group it was alerted about (cross-default), so each alerts once.
    public var groupInsolvencies: Set<String>?

    public init() {}

    /// Whether an insolvency filing was reported.
    public var insolvent: Bool { insolventSince != nil }
}
