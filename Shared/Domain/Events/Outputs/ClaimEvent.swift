/// The states of an insurance claim: notified → filed → (approved → paid | rejected) → recoveries.
public enum ClaimState: String, DomainEnumeration {
    /// Notification of overdue account sent to the insurer.
    case notified
    case filed
    case approved
    case paid
    case rejected
    /// Money recovered after payment, shared with the insurer.
    case recovery
    /// Paid in full before filing, or otherwise finished.
    case closed
}

/// Why a claim was filed.
public enum ClaimTrigger: String, DomainEnumeration {
    case protractedDefault
    case insolvency
}

/// One transition of an insurance claim, with the figures it carries.
public struct ClaimEvent: DomainEventPayload {
    public static let kind = EventKind.claimEvent
    public var buyerId: BuyerId
    public var claimId: ClaimId
    public var state: ClaimState
    public var date: CalendarDate
    public var invoiceIds: [InvoiceId]
    public var trigger: ClaimTrigger?
    /// The eligible loss claimed.
    public var loss: Money?
    public var indemnity: Money?
    public var recovery: Money?
    public var insurerShare: Money?
    public var sellerShare: Money?
    /// Why the claim was rejected, or another note on the transition.
    public var reason: String?
    /// When the waiting period for protracted default ends, for filed claims.
    public var waitingPeriodEnds: CalendarDate?
    /// The first day of the policy year that the year-to-date figures below belong to.
    public var policyYearStart: CalendarDate?
    /// The aggregate first loss (deductible) the buyer's paid claims have used in that policy year so far.
    /// With ``yearToDateIndemnity`` it lets every claims instance total the portfolio's usage from the
    /// latest event per buyer (a global table over `claims.events`).
    public var yearToDateDeductible: Money?
    /// The indemnity paid on the buyer's claims in that policy year so far.
    public var yearToDateIndemnity: Money?
    /// Late-payment interest to date on the claim's invoices, in the reporting currency, as dunning last stated it
    /// after its formal notice (interest keeps accruing after the notice); absent before any notice.
    public var interest: Money?

    public init(buyerId: BuyerId, claimId: ClaimId, state: ClaimState, date: CalendarDate, invoiceIds: [InvoiceId],
                trigger: ClaimTrigger? = nil, loss: Money? = nil, indemnity: Money? = nil, recovery: Money? = nil,
                insurerShare: Money? = nil, sellerShare: Money? = nil, reason: String? = nil,
                waitingPeriodEnds: CalendarDate? = nil, policyYearStart: CalendarDate? = nil,
                yearToDateDeductible: Money? = nil, yearToDateIndemnity: Money? = nil, interest: Money? = nil) {
        self.buyerId = buyerId
        self.claimId = claimId
        self.state = state
        self.date = date
        self.invoiceIds = invoiceIds
        self.trigger = trigger
        self.loss = loss
        self.indemnity = indemnity
        self.recovery = recovery
        self.insurerShare = insurerShare
        self.sellerShare = sellerShare
        self.reason = reason
        self.waitingPeriodEnds = waitingPeriodEnds
        self.policyYearStart = policyYearStart
        self.yearToDateDeductible = yearToDateDeductible
        self.yearToDateIndemnity = yearToDateIndemnity
        self.interest = interest
    }

    public var domainEvent: DomainEvent { .claimEvent(self) }

    /// Refuses negative amounts and a rejection without its reason.
    public func validate() throws(EventRejection) {
        let amounts = [("loss", loss), ("indemnity", indemnity), ("recovery", recovery),
                       ("insurerShare", insurerShare), ("sellerShare", sellerShare),
                       ("yearToDateDeductible", yearToDateDeductible), ("yearToDateIndemnity", yearToDateIndemnity),
                       ("interest", interest)]
        for case let (field, amount?) in amounts { try EventRejection.requireNonNegative(amount, at: field) }
        if state == .rejected, reason == nil { throw .missingField("reason") }
    }
}
