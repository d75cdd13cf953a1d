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
    /// What the buyer's paid claims covered of its insured limit, in the reporting currency: a later claim of the
    /// buyer is covered only up to what the limit leaves (nil before the first payout).
    public internal(set) var coveredByPaidClaims: Money?
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
        coveredByPaidClaims = nil
        insolvencyClaimId = nil
        appliedMovements = []
    }

    /// One invoice, if known.
    public subscript(invoice invoiceId: InvoiceId) -> InsuredInvoice? { invoices[invoiceId.rawValue] }

    /// One claim, if known.
    public subscript(claim claimId: ClaimId) -> Claim? { claims[claimId.rawValue] }

    /// Applies one input event; returns what to publish, or refuses the event (unknown invoice, a currency
    /// without an exchange rate or other than its invoice's, a duplicate invoice, payment or decision, a sum
    /// that would overflow) leaving the state exactly as it was: every check that can refuse runs before the
    /// state changes, or undoes the one change it follows.
    ///
    /// - Parameter portfolio: the latest `claims.events` value per buyer (``PolicyYearUsage/table``).
    public mutating func apply(_ event: DomainEvent, rules: ClaimsRules,
                               portfolio: [String: [UInt8]]?) throws(EventRejection) -> [ClaimsOutput] {
        switch event {
        case .invoiceIssued(let issued):
            _ = try rules.reported(issued.amount)
            guard invoices[issued.invoiceId.rawValue] == nil else {
                throw EventRejection(code: .duplicateEvent, field: "invoiceId",
                                     message: "invoice \"\(issued.invoiceId)\" was already issued")
            }
            invoices[issued.invoiceId.rawValue] = InsuredInvoice(issued: issued)
            do { try requireTotalFits(rules: rules, field: "amount") } catch {
                invoices[issued.invoiceId.rawValue] = nil
                throw error
            }
            return []
        case .paymentApplied(let payment):
            try requireInvoiceCurrency(payment.amount, of: payment.invoiceId, at: "amount")
            let key = try newMovement("payment:\(payment.paymentId)", field: "paymentId")
            let outputs = try paymentReceived(payment.amount, on: payment.invoiceId, date: payment.paymentDate,
                                              reference: payment.paymentId, rules: rules)
            appliedMovements.append(key)
            return outputs
        case .invoiceAdjusted(let adjustment):
            try requireInvoiceCurrency(adjustment.amount, of: adjustment.invoiceId, at: "amount")
            let key = try newMovement("adjustment:\(adjustment.adjustmentId)", field: "adjustmentId")
            let previous = invoices[adjustment.invoiceId.rawValue]
            let outputs = try adjusted(adjustment, rules: rules)
            if adjustment.adjustmentKind == .debitNote {
                do { try requireTotalFits(rules: rules, field: "amount") } catch {
                    invoices[adjustment.invoiceId.rawValue] = previous
                    throw error
                }
            }
            appliedMovements.append(key)
            return outputs
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
            _ = try rules.reported(decision.limit, at: "limit")
            try limits.record(decision)
            return []
        case .overdueTransition(let transition):
            guard invoices[transition.invoiceId.rawValue] != nil else { throw .unknownInvoice(transition.invoiceId) }
            return followDaysPastDue(transition.invoiceId, on: transition.asOf, rules: rules, portfolio: portfolio,
                                     source: "overdue transition")
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

    /// Runs the time-driven rules at the end of `day`: each invoice's days past due (the NOA past the MEP,
    /// the claim past `fileAfterDaysPastDue`), then the payout of claims whose payable day has come.
    public mutating func punctuate(on day: CalendarDate, rules: ClaimsRules, portfolio: [String: [UInt8]]?) -> [ClaimsOutput] {
        var outputs: [ClaimsOutput] = []
        for id in invoices.keys.sorted() {
            guard let invoice = invoices[id] else { continue }
            outputs += followDaysPastDue(invoice.invoiceId, on: day, rules: rules, portfolio: portfolio, source: "stage clock")
        }
        return outputs + payDueClaims(on: day, rules: rules, portfolio: portfolio)
    }

    // MARK: Helpers

    mutating func update(_ invoiceId: InvoiceId, _ body: (inout InsuredInvoice) -> Void) throws(EventRejection) {
        guard var invoice = invoices[invoiceId.rawValue] else { throw .unknownInvoice(invoiceId) }
        body(&invoice)
        invoices[invoiceId.rawValue] = invoice
    }

    /// `key` when that payment or adjustment was not applied before; the caller records it once applied.
    private func newMovement(_ key: String, field: String) throws(EventRejection) -> String {
        guard !appliedMovements.contains(key) else {
            throw EventRejection(code: .duplicateEvent, field: field, message: "\(key) was already applied")
        }
        return key
    }

    private func requireInvoiceCurrency(_ amount: Money, of invoiceId: InvoiceId, at field: String) throws(EventRejection) {
        guard let invoice = invoices[invoiceId.rawValue] else { throw .unknownInvoice(invoiceId) }
        guard amount.currency == invoice.amount.currency else {
            throw EventRejection(code: .mixedCurrency, field: "\(field).currency",
                                 message: "invoice \"\(invoiceId)\" is in \(invoice.amount.currency), not \(amount.currency)")
        }
    }

    /// Refuses a step after which the buyer's open invoices together, in the reporting currency, no longer fit
    /// in 64-bit minor units: so every loss, covered loss and indemnity computed from them later fits too.
    private func requireTotalFits(rules: ClaimsRules, field: String) throws(EventRejection) {
        var total = Money.zero(rules.currency)
        for invoice in invoices.values {
            do { total = try total + rules.reported(invoice.openAmount, at: field) } catch { throw .amountOverflow(field) }
        }
    }
}
