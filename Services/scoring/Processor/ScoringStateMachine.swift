import Domain

/// What applying one input to a buyer's state means for scoring.
public enum ScoringStep: Sendable, Hashable {
    /// The state changed (or was confirmed); re-assess. `reviewEvents` are the events that force a review
    /// (`insolvencyFiling`, `litigation`, `ownershipChange`), as remembered.
    case applied(reviewEvents: [RememberedEvent])
    /// Nothing scoring uses changed (e.g. a stale statement, a repeated provider event).
    case ignored
    /// Bad input that only the state reveals; the state is unchanged.
    case rejected(EventRejection)
}

/// The state machine of one buyer: a mutating step per input event that returns what it means
/// (the swift-nio pattern); the processor acts on the result.
public struct ScoringStateMachine: Sendable {
    /// Months settled invoices are kept (the PAYDEX look-back).
    public var lookbackMonths: Int
    /// Days an external event is kept (its memory in the events component).
    public var memoryDays: Int

    /// A state machine keeping invoices for `lookbackMonths` and events for `memoryDays`.
    public init(lookbackMonths: Int, memoryDays: Int) {
        self.lookbackMonths = lookbackMonths
        self.memoryDays = memoryDays
    }

    /// Applies `event` to `state`; on `.rejected` the state is untouched.
    public func apply(_ event: DomainEvent, to state: inout ScoringState) -> ScoringStep {
        switch event {
        case .buyerProfile(let profile):
            state.profile = profile
            return .applied(reviewEvents: [])
        case .financialStatement(let statement):
            if let current = state.statement, current.periodEnd > statement.periodEnd { return .ignored }
            state.statement = statement
            return .applied(reviewEvents: [])
        case .insurerLimitDecision(let decision):
            if let current = state.insurerLimit, current.effectiveDate > decision.effectiveDate { return .ignored }
            state.insurerLimit = decision
            return .applied(reviewEvents: [])
        case .buyerExternalEvent(let external):
            return apply(external, to: &state)
        case .invoiceIssued(let issued):
            guard state.invoices[issued.invoiceId.rawValue] == nil else {
                return .rejected(EventRejection(code: .duplicateEvent, field: "invoiceId",
                                                message: "invoice \"\(issued.invoiceId)\" was already issued"))
            }
            state.invoices[issued.invoiceId.rawValue] = TrackedInvoice(
                invoiceId: issued.invoiceId, amount: issued.amount, openAmount: issued.amount,
                issueDate: issued.issueDate, dueDate: issued.dueDate)
            return .applied(reviewEvents: [])
        case .paymentApplied(let payment):
            return update(payment.invoiceId, in: &state) { invoice in
                guard payment.amount.currency == invoice.openAmount.currency else { return mixed(payment.amount, invoice) }
                invoice.openAmount.amountMinor = max(0, invoice.openAmount.amountMinor - payment.amount.amountMinor)
                if invoice.openAmount.amountMinor == 0, invoice.settledDate == nil { invoice.settledDate = payment.paymentDate }
                return nil
            }
        case .invoiceAdjusted(let adjustment):
            return update(adjustment.invoiceId, in: &state) { invoice in
                guard adjustment.amount.currency == invoice.amount.currency else { return mixed(adjustment.amount, invoice) }
                let delta = adjustment.adjustmentKind == .creditNote ? -adjustment.amount.amountMinor : adjustment.amount.amountMinor
                guard let amount = Self.adding(delta, to: invoice.amount.amountMinor),
                      let open = Self.adding(delta, to: invoice.openAmount.amountMinor) else { return .amountOverflow() }
                invoice.amount.amountMinor = amount
                invoice.openAmount.amountMinor = open
                if invoice.openAmount.amountMinor == 0, invoice.settledDate == nil { invoice.settledDate = adjustment.date }
                return nil
            }
        case .invoiceCancelled(let cancelled):
            guard state.invoices.removeValue(forKey: cancelled.invoiceId.rawValue) != nil else {
                return .rejected(.unknownInvoice(cancelled.invoiceId))
            }
            return .applied(reviewEvents: [])
        case .invoiceWrittenOff(let writtenOff):
            // A written-off invoice is neither paid nor open: it leaves payment behaviour (the loss is claims' matter).
            guard state.invoices.removeValue(forKey: writtenOff.invoiceId.rawValue) != nil else {
                return .rejected(.unknownInvoice(writtenOff.invoiceId))
            }
            return .applied(reviewEvents: [])
        case .invoiceDisputed(let disputed):
            return state.invoices[disputed.invoiceId.rawValue] == nil ? .rejected(.unknownInvoice(disputed.invoiceId)) : .ignored
        case .invoiceDisputeResolved(let resolved):
            return update(resolved.invoiceId, in: &state) { invoice in
                guard let credit = resolved.creditNoteAmount else { return nil }
                guard credit.currency == invoice.amount.currency else { return mixed(credit, invoice) }
                invoice.amount.amountMinor = max(0, invoice.amount.amountMinor - credit.amountMinor)
                invoice.openAmount.amountMinor = max(0, invoice.openAmount.amountMinor - credit.amountMinor)
                if invoice.openAmount.amountMinor == 0, invoice.settledDate == nil { invoice.settledDate = resolved.date }
                return nil
            }
        default:
            return .ignored
        }
    }

    /// Drops what no rule needs any more as of `asOf`: settled invoices older than the look-back, forgotten events.
    public func prune(_ state: inout ScoringState, asOf: CalendarDate) {
        let windowStart = asOf.adding(months: -lookbackMonths)
        state.invoices = state.invoices.filter { _, invoice in
            guard let settled = invoice.settledDate else { return true }
            return settled > windowStart
        }
        state.events.removeAll { $0.date.days(until: asOf) >= memoryDays }
    }

    private func apply(_ external: BuyerExternalEvent, to state: inout ScoringState) -> ScoringStep {
        if state.events.contains(where: { $0.eventId == external.eventId }) { return .ignored }
        let remembered = RememberedEvent(
            eventId: external.eventId, kind: external.eventKind, date: external.date,
            downgrade: EventsComponent.isDowngrade(from: external.previousRating, to: external.rating))
        switch external.eventKind {
        case .insolvencyFiling:
            if state.insolvent { return .ignored }
            state.insolventSince = external.date
            return .applied(reviewEvents: [remembered])
        case .litigation, .ownershipChange:
            state.events.append(remembered)
            return .applied(reviewEvents: [remembered])
        case .ratingChange:
            state.events.append(remembered)
            return .applied(reviewEvents: [])
        }
    }

    private func update(_ invoiceId: InvoiceId, in state: inout ScoringState,
                        _ change: (inout TrackedInvoice) -> EventRejection?) -> ScoringStep {
        guard var invoice = state.invoices[invoiceId.rawValue] else { return .rejected(.unknownInvoice(invoiceId)) }
        if let rejection = change(&invoice) { return .rejected(rejection) }
        state.invoices[invoiceId.rawValue] = invoice
        return .applied(reviewEvents: [])
    }

    /// `minor + delta`, never below zero; nil when the sum does not fit in 64 bits (the input is refused).
    static func adding(_ delta: Int64, to minor: Int64) -> Int64? {
        let (sum, overflow) = minor.addingReportingOverflow(delta)
        return overflow ? nil : max(0, sum)
    }

    private func mixed(_ amount: Money, _ invoice: TrackedInvoice) -> EventRejection {
        EventRejection(code: .mixedCurrency, field: "amount.currency",
                       message: "currency \(amount.currency) differs from invoice \(invoice.invoiceId)'s \(invoice.amount.currency)")
    }
}
