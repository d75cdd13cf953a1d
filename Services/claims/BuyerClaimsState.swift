import Domain

/// Everything the claims stage keeps about one buyer: its invoices, the insurer's limit decisions, its
/// claims, and its usage of the current policy year's aggregate first loss and maximum liability.
/// The transitions themselves are in `ClaimStateMachine.swift`.
public struct BuyerClaimsState: Sendable, Hashable, Codable {
    public let buyerId: BuyerId
    /// Invoices by invoice id.
    public internal(set) var invoices: [String: InsuredInvoice]
    public internal(set) var limits: InsuredLimitHistory
    /// Claims (and notified cases) by claim id.
    public internal(set) var claims: [String: Claim]
    /// The buyer's usage of the policy year of its latest payout; nil before its first payout.
    public internal(set) var usage: PolicyYearUsage?
    /// The buyer's insolvency claim, once an insolvency was signalled; later signals change nothing.
    public internal(set) var insolvencyClaimId: ClaimId?
    /// Payment and adjustment ids already applied, so a re-sent one is refused rather than counted twice.
    private var appliedMovements: [String]

    /// A buyer the stage has not seen before.
    public init(buyerId: BuyerId) {
        self.buyerId = buyerId
        invoices = [:]
        limits = InsuredLimitHistory()
        claims = [:]
        usage = nil
        insolvencyClaimId = nil
        appliedMovements = []
    }

    /// One invoice, if known.
    public subscript(invoice invoiceId: InvoiceId) -> InsuredInvoice? { invoices[invoiceId.rawValue] }

    /// One claim, if known.
    public subscript(claim claimId: ClaimId) -> Claim? { claims[claimId.rawValue] }

    /// Applies one input event; returns what to publish, or refuses the event (unknown invoice, a currency
    /// other than the policy's, a duplicate invoice, payment or decision) leaving the state as it was.
    ///
    /// - Parameter portfolio: the latest `claims.events` value per buyer (``PolicyYearUsage/table``).
    public mutating func apply(_ event: DomainEvent, rules: ClaimsRules,
                               portfolio: [String: [UInt8]]?) throws(EventRejection) -> [ClaimsOutput] {
        switch event {
        case .invoiceIssued(let issued):
            try Self.requirePolicyCurrency(issued.amount, at: "amount", rules: rules)
            guard invoices[issued.invoiceId.rawValue] == nil else {
                throw EventRejection(code: .duplicateEvent, field: "invoiceId",
                                     message: "invoice \"\(issued.invoiceId)\" was already issued")
            }
            invoices[issued.invoiceId.rawValue] = InsuredInvoice(issued: issued)
            return []
        case .paymentApplied(let payment):
            try requireInvoiceCurrency(payment.amount, of: payment.invoiceId, at: "amount")
            try recordMovement("payment:\(payment.paymentId)", field: "paymentId")
            return paymentReceived(payment.amount, on: payment.invoiceId, date: payment.paymentDate,
                                   reference: payment.paymentId, rules: rules)
        case .invoiceAdjusted(let adjustment):
            try requireInvoiceCurrency(adjustment.amount, of: adjustment.invoiceId, at: "amount")
            try recordMovement("adjustment:\(adjustment.adjustmentId)", field: "adjustmentId")
            return adjusted(adjustment, rules: rules)
        case .invoiceDisputed(let dispute):
            try update(dispute.invoiceId) { $0.disputed = true }
            return []
        case .invoiceDisputeResolved(let resolution):
            if let creditNote = resolution.creditNoteAmount {
                try requireInvoiceCurrency(creditNote, of: resolution.invoiceId, at: "creditNoteAmount")
            }
            try update(resolution.invoiceId) { $0.disputed = false }
            guard let creditNote = resolution.creditNoteAmount, resolution.outcome == .upheld else { return [] }
            return creditBeforePayout(creditNote, on: resolution.invoiceId, date: resolution.date, rules: rules)
        case .invoiceCancelled(let cancellation):
            try update(cancellation.invoiceId) { _ in }
            let open = invoices[cancellation.invoiceId.rawValue]?.openAmount ?? .zero(rules.currency)
            return creditBeforePayout(open, on: cancellation.invoiceId, date: cancellation.date, rules: rules)
        case .invoiceWrittenOff(let writeOff):
            // A write-off is the seller's bookkeeping: the buyer still owes the debt, so the claim goes on.
            try requireInvoiceCurrency(writeOff.amount, of: writeOff.invoiceId, at: "amount")
            return []
        case .insurerLimitDecision(let decision):
            try Self.requirePolicyCurrency(decision.limit, at: "limit", rules: rules)
            try limits.record(decision)
            return []
        case .buyerExternalEvent(let external) where external.eventKind == .insolvencyFiling:
            return fileInsolvency(on: external.date, rules: rules, portfolio: portfolio)
        case .creditAssessment(let assessment) where assessment.insolvent:
            return fileInsolvency(on: assessment.assessedAt.calendarDate, rules: rules, portfolio: portfolio)
        case .dunningAction(let action):
            try requireInvoiceCurrency(action.openAmount, of: action.invoiceId, at: "openAmount")
            return dunningActed(action, rules: rules, portfolio: portfolio)
        default:
            return []
        }
    }

    /// Runs the time-driven rules at the end of `day`: the notification of invoices that passed the MEP,
    /// then the payout of claims whose payable day has come.
    public mutating func punctuate(on day: CalendarDate, rules: ClaimsRules, portfolio: [String: [UInt8]]?) -> [ClaimsOutput] {
        var outputs: [ClaimsOutput] = []
        for id in invoices.keys.sorted() {
            guard let invoice = invoices[id], invoice.daysPastDue(on: day) > rules.policy.maximumExtensionDays else { continue }
            outputs += notify(invoice.invoiceId, on: day, byDunning: false, rules: rules,
                              why: "stage clock: \(invoice.daysPastDue(on: day)) days past due, beyond the MEP of \(rules.policy.maximumExtensionDays) days")
        }
        return outputs + payDueClaims(on: day, rules: rules, portfolio: portfolio)
    }

    // MARK: Helpers

    mutating func update(_ invoiceId: InvoiceId, _ body: (inout InsuredInvoice) -> Void) throws(EventRejection) {
        guard var invoice = invoices[invoiceId.rawValue] else { throw .unknownInvoice(invoiceId) }
        body(&invoice)
        invoices[invoiceId.rawValue] = invoice
    }

    private mutating func recordMovement(_ key: String, field: String) throws(EventRejection) {
        guard !appliedMovements.contains(key) else {
            throw EventRejection(code: .duplicateEvent, field: field, message: "\(key) was already applied")
        }
        appliedMovements.append(key)
    }

    private func requireInvoiceCurrency(_ amount: Money, of invoiceId: InvoiceId, at field: String) throws(EventRejection) {
        guard let invoice = invoices[invoiceId.rawValue] else { throw .unknownInvoice(invoiceId) }
        guard amount.currency == invoice.amount.currency else {
            throw EventRejection(code: .mixedCurrency, field: "\(field).currency",
                                 message: "invoice \"\(invoiceId)\" is in \(invoice.amount.currency), not \(amount.currency)")
        }
    }

    /// The policy's deductible and cap are in its reporting currency, and so are the claims made under it.
    private static func requirePolicyCurrency(_ amount: Money, at field: String, rules: ClaimsRules) throws(EventRejection) {
        guard amount.currency == rules.currency else {
            throw EventRejection(code: .mixedCurrency, field: "\(field).currency",
                                 message: "the credit insurance policy is in \(rules.currency), not \(amount.currency)")
        }
    }
}
