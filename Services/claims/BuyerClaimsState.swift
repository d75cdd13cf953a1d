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
    /// The last invoices pruned from state (at most ``forgottenInvoiceMemory``): another stage's late word about
    /// one of them is normal traffic, ignored, not an unknown reference.
    public internal(set) var forgottenInvoices: [String]?

    /// A buyer the stage has not seen before.
    public init(buyerId: BuyerId) {
        self.buyerId = buyerId
        invoices = [:]
        limits = InsuredLimitHistory()
        claims = [:]
        usage = nil
        coveredByPaidClaims = nil
        insolvencyClaimId = nil
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
                               portfolio: [String: PolicyYearUsage.Figures]?) throws(EventRejection) -> [ClaimsOutput] {
        switch event {
        case .invoiceIssued(let issued):
            _ = try rules.reported(issued.amount)
            // Cancel and reissue: an invoice issued under the id of a cancelled one starts a fresh invoice.
            let previous = invoices[issued.invoiceId.rawValue]
            guard previous == nil || previous?.cancelledOn != nil else {
                throw EventRejection(code: .duplicateEvent, field: "invoiceId",
                                     message: "invoice \"\(issued.invoiceId)\" was already issued")
            }
            invoices[issued.invoiceId.rawValue] = InsuredInvoice(issued: issued)
            do { try requireTotalFits(rules: rules, field: "amount") } catch {
                invoices[issued.invoiceId.rawValue] = previous
                throw error
            }
            return []
        case .paymentApplied(let payment):
            try requireInvoiceCurrency(payment.amount, of: payment.invoiceId, at: "amount")
            let invoice = try requireNewPayment(payment.paymentId, on: payment.invoiceId)
            let outputs = try paymentReceived(payment.amount, on: payment.invoiceId, date: payment.paymentDate,
                                              reference: payment.paymentId, rules: rules)
            let applied = Money(amountMinor: min(payment.amount.amountMinor, invoice.openAmount.amountMinor),
                                currency: payment.amount.currency)
            try? update(payment.invoiceId) { invoice in
                invoice.payments = (invoice.payments ?? []) + [AppliedPayment(paymentId: payment.paymentId,
                                                                              amount: payment.amount, applied: applied)]
            }
            return outputs
        case .paymentReversed(let reversal):
            try requireInvoiceCurrency(reversal.amount, of: reversal.invoiceId, at: "amount")
            return try paymentReversed(reversal, rules: rules)
        case .invoiceAdjusted(let adjustment):
            try requireInvoiceCurrency(adjustment.amount, of: adjustment.invoiceId, at: "amount")
            let previous = invoices[adjustment.invoiceId.rawValue]
            if previous?.adjustmentIds?.contains(adjustment.adjustmentId) == true {
                throw EventRejection(code: .duplicateEvent, field: "adjustmentId",
                                     message: "adjustment \"\(adjustment.adjustmentId)\" was already applied to \"\(adjustment.invoiceId)\"")
            }
            let outputs = try adjusted(adjustment, rules: rules)
            if adjustment.adjustmentKind == .debitNote {
                do { try requireTotalFits(rules: rules, field: "amount") } catch {
                    invoices[adjustment.invoiceId.rawValue] = previous
                    throw error
                }
            }
            try? update(adjustment.invoiceId) { $0.adjustmentIds = ($0.adjustmentIds ?? []) + [adjustment.adjustmentId] }
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
        case .disputeOutcome(let outcome):
            // The collector's record ends the dispute, so the invoice is claimed again; its amount changes only
            // through the ERP's own credit note.
            try update(outcome.invoiceId) { $0.disputed = false }
            return []
        case .invoiceCancelled(let cancellation):
            try update(cancellation.invoiceId) { $0.cancelledOn = $0.cancelledOn ?? cancellation.date }
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
            guard try knows(transition.invoiceId, from: TopicCatalog.receivablesOverdue) else { return [] }
            return followDaysPastDue(transition.invoiceId, on: transition.asOf, rules: rules, portfolio: portfolio,
                                     source: "overdue transition")
        case .buyerExternalEvent(let external) where external.eventKind == .insolvencyFiling:
            return fileInsolvency(on: external.date, rules: rules, portfolio: portfolio)
        case .creditAssessment(let assessment) where assessment.insolvent:
            return fileInsolvency(on: rules.businessDay(of: assessment.assessedAt), rules: rules, portfolio: portfolio)
        case .dunningAction(let action):
            guard try knows(action.invoiceId, from: TopicCatalog.dunningActions) else { return [] }
            try requireInvoiceCurrency(action.openAmount, of: action.invoiceId, at: "openAmount")
            if let interest = action.interest, interest.currency == action.openAmount.currency {
                try update(action.invoiceId) { $0.interest = interest }
            }
            return dunningActed(action, rules: rules, portfolio: portfolio)
        default:
            return []
        }
    }

    /// Runs the time-driven rules at the end of `day`: each invoice's days past due (the NOA past the MEP,
    /// the claim past `fileAfterDaysPastDue`), then the payout of claims whose payable day has come.
    public mutating func punctuate(on day: CalendarDate, rules: ClaimsRules, portfolio: [String: PolicyYearUsage.Figures]?) -> [ClaimsOutput] {
        var outputs: [ClaimsOutput] = []
        for id in invoices.keys.sorted() {
            guard let invoice = invoices[id] else { continue }
            outputs += followDaysPastDue(invoice.invoiceId, on: day, rules: rules, portfolio: portfolio, source: "stage clock")
        }
        outputs += payDueClaims(on: day, rules: rules, portfolio: portfolio)
        prune(on: day, retentionDays: Self.settledInvoiceRetentionDays)
        return outputs
    }

    /// How many pruned invoice ids a buyer's state remembers.
    public static let forgottenInvoiceMemory = 256

    /// Whether another stage's output about `invoiceId` is for an invoice this stage holds: true when it does,
    /// false when the invoice was pruned (a late word about a closed invoice, ignored); `unknown_reference`
    /// when it never knew it — inputs are merged in event-time order, so the invoice would have come first.
    func knows(_ invoiceId: InvoiceId, from topic: String) throws(EventRejection) -> Bool {
        if invoices[invoiceId.rawValue] != nil { return true }
        if isForgotten(invoiceId) { return false }
        throw .unknownReference(invoiceId, from: topic)
    }

    /// Whether `invoiceId` was pruned from the state (and not issued again since).
    func isForgotten(_ invoiceId: InvoiceId) -> Bool {
        invoices[invoiceId.rawValue] == nil && forgottenInvoices?.contains(invoiceId.rawValue) == true
    }

    /// The invoice another stage's output (a dunning action, an overdue transition) names, when the state pruned it.
    public func forgottenReference(in event: DomainEvent) -> InvoiceId? {
        let invoiceId: InvoiceId
        switch event {
        case .dunningAction(let action): invoiceId = action.invoiceId
        case .overdueTransition(let transition): invoiceId = transition.invoiceId
        default: return nil
        }
        return isForgotten(invoiceId) ? invoiceId : nil
    }

    /// Days an invoice settled or cancelled outside any claim is kept (to recognise late movements for it).
    public static let settledInvoiceRetentionDays = 180

    // MARK: Helpers

    mutating func update(_ invoiceId: InvoiceId, _ body: (inout InsuredInvoice) -> Void) throws(EventRejection) {
        guard var invoice = invoices[invoiceId.rawValue] else { throw .unknownInvoice(invoiceId) }
        body(&invoice)
        invoices[invoiceId.rawValue] = invoice
    }

    /// The invoice when the payment `paymentId` was not applied to it before: a payment's identity is
    /// (paymentId, invoiceId), so one payment split over several invoices applies once to each.
    private func requireNewPayment(_ paymentId: String, on invoiceId: InvoiceId) throws(EventRejection) -> InsuredInvoice {
        guard let invoice = invoices[invoiceId.rawValue] else { throw .unknownInvoice(invoiceId) }
        guard invoice.payments?.contains(where: { $0.paymentId == paymentId }) != true else {
            throw EventRejection(code: .duplicateEvent, field: "paymentId",
                                 message: "payment \"\(paymentId)\" was already applied to \"\(invoiceId)\"")
        }
        return invoice
    }

    /// The ERP reversed (part of) a payment: what it had lowered is owed again and an invoice settled before any
    /// claim reopens (its days past due are followed again). `unknown_payment` for a payment never applied to the
    /// invoice, `invalid_value` beyond what remains of it; the buyer's total must still fit.
    private mutating func paymentReversed(_ reversal: PaymentReversed, rules: ClaimsRules) throws(EventRejection) -> [ClaimsOutput] {
        guard var invoice = invoices[reversal.invoiceId.rawValue] else { throw .unknownInvoice(reversal.invoiceId) }
        var payments = invoice.payments ?? []
        let index = try payments.index(of: reversal.paymentId, on: reversal.invoiceId)
        let owedAgain = try payments[index].reverse(reversal.amount)
        let previous = invoice
        do { invoice.openAmount = try invoice.openAmount + owedAgain } catch { throw .amountOverflow("amount") }
        invoice.payments = payments
        if !owedAgain.isZero { invoice.settledOn = nil }
        invoices[reversal.invoiceId.rawValue] = invoice
        do { try requireTotalFits(rules: rules, field: "amount") } catch {
            invoices[reversal.invoiceId.rawValue] = previous
            throw error
        }
        return []
    }

    /// Drops what identity and the claims no longer need: invoices settled or cancelled more than
    /// `retentionDays` before `day` that belong to no claim, with their closed notification case. A movement for
    /// one of them afterwards is an unknown invoice.
    mutating func prune(on day: CalendarDate, retentionDays: Int) {
        for (id, invoice) in invoices where invoice.claimId == nil {
            guard let closed = invoice.cancelledOn ?? invoice.settledOn, closed.days(until: day) > retentionDays,
                  invoice.cancelledOn != nil || invoice.openAmount.isZero else { continue }
            invoices[id] = nil
            forgottenInvoices = Array(((forgottenInvoices ?? []) + [id]).suffix(Self.forgottenInvoiceMemory))
            let caseId = ClaimIdentity.protractedDefault(buyer: buyerId, invoice: invoice.invoiceId)
            if claims[caseId.rawValue]?.state == .closed { claims[caseId.rawValue] = nil }
        }
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
