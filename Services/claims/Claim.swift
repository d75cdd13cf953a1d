import Domain

/// One claim on the policy: the invoices it covers, where it stands and its figures.
///
/// States (DOMAIN.md §6): `notified` (the NOA of its invoice went out) → `filed` → `approved` → `paid`,
/// or `filed` → `rejected`; `closed` when the debt was settled before filing or payout, or the case
/// merged into the buyer's insolvency claim. Recoveries after `paid` are events; the state stays `paid`.
public struct Claim: Sendable, Hashable, Codable {
    public let claimId: ClaimId
    public let trigger: ClaimTrigger
    public var state: ClaimState
    /// The invoices claimed (for a notified case, the one invoice notified).
    public var invoiceIds: [InvoiceId]
    public var filedOn: CalendarDate?
    /// The insurer's response date (approved or rejected): filing + response working days.
    public var decidedOn: CalendarDate?
    /// When the claim is paid: the response date for insolvency, the end of the waiting period for protracted default.
    public var payableOn: CalendarDate?
    /// The eligible loss: at filing, then at payout (payments before payout lower it).
    public var loss: Money?
    /// The indemnity: provisional at approval, final at payout.
    public var indemnity: Money?
    public var paidOn: CalendarDate?
    /// What was recovered after payout, in total.
    public var recovered: Money?
    /// Why the claim was rejected or closed.
    public var reason: String?

    /// A claim case that starts in `state` for `invoiceIds`.
    public init(claimId: ClaimId, trigger: ClaimTrigger, state: ClaimState, invoiceIds: [InvoiceId]) {
        self.claimId = claimId
        self.trigger = trigger
        self.state = state
        self.invoiceIds = invoiceIds
    }

    /// Whether the claim has been filed and is not yet paid, rejected or closed.
    public var isPending: Bool { state == .filed || state == .approved }
}
