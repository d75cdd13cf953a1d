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
            // Cancel and reissue: a cancelled invoice left the state, so its id starts a fresh invoice.
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
                guard !invoice.payments.contains(where: { $0.paymentId == payment.paymentId }) else {
                    return EventRejection(code: .duplicateEvent, field: "paymentId",
                                          message: "payment \"\(payment.paymentId)\" was already applied to \"\(invoice.invoiceId)\"")
                }
                let applied = min(payment.amount.amountMinor, invoice.openAmount.amountMinor)
                invoice.openAmount.amountMinor -= applied
                invoice.payments.append(PaymentPart(paymentId: payment.paymentId, date: payment.paymentDate,
                                                    applied: Money(amountMinor: applied, currency: payment.amount.currency),
                                                    amount: payment.amount))
                closeIfSettled(&invoice, on: payment.paymentDate)
                return nil
            }
        case .paymentReversed(let reversal):
            return update(reversal.invoiceId, in: &state) { invoice in
                guard reversal.amount.currency == invoice.openAmount.currency else { return mixed(reversal.amount, invoice) }
                guard let index = invoice.payments.firstIndex(where: { $0.paymentId == reversal.paymentId }) else {
                    return .unknownPayment(reversal.paymentId, invoiceId: invoice.invoiceId)
                }
                let part = invoice.payments[index]
                var payment = AppliedPayment(paymentId: part.paymentId, amount: part.amount, applied: part.applied)
                let reopened: Money
                do throws(EventRejection) { reopened = try payment.reverse(reversal.amount) } catch { return error }
                guard let open = Self.adding(reopened.amountMinor, to: invoice.openAmount.amountMinor) else { return .amountOverflow() }
                invoice.payments[index].amount = payment.amount
                invoice.payments[index].applied = payment.applied
                invoice.openAmount.amountMinor = open
                if open > 0 { invoice.settledDate = nil }
                return nil
            }
        case .invoiceAdjusted(let adjustment):
            return update(adjustment.invoiceId, in: &state) { invoice in
                guard adjustment.amount.currency == invoice.amount.currency else { return mixed(adjustment.amount, invoice) }
                guard !invoice.adjustmentIds.contains(adjustment.adjustmentId) else {
                    return EventRejection(code: .duplicateEvent, field: "adjustmentId",
                                          message: "adjustment \"\(adjustment.adjustmentId)\" was already applied to \"\(invoice.invoiceId)\"")
                }
                let delta = adjustment.adjustmentKind == .creditNote ? -adjustment.amount.amountMinor : adjustment.amount.amountMinor
                guard let amount = Self.adding(delta, to: invoice.amount.amountMinor),
                      let open = Self.adding(delta, to: invoice.openAmount.amountMinor) else { return .amountOverflow() }
                invoice.amount.amountMinor = amount
                invoice.openAmount.amountMinor = open
                invoice.adjustmentIds.append(adjustment.adjustmentId)
                // A debit note after settlement reopens the invoice; a credit note may settle it.
                if open > 0 { invoice.settledDate = nil }
                closeIfSettled(&invoice, on: adjustment.date)
                return nil
            }
        case .invoiceCancelled(let cancelled):
            guard state.invoices.removeValue(forKey: cancelled.invoiceId.rawValue) != nil else {
                return .rejected(.unknownInvoice(cancelled.invoiceId))
            }
            return .applied(reviewEvents: [])
        case .invoiceWrittenOff(let writtenOff):
            // The written-off amount stays in payment behaviour at the worst points: a loss never lifts PAYDEX.
            return update(writtenOff.invoiceId, in: &state) { invoice in
                guard writtenOff.amount.currency == invoice.openAmount.currency else { return mixed(writtenOff.amount, invoice) }
                let lost = min(writtenOff.amount.amountMinor, invoice.openAmount.amountMinor)
                guard let total = Self.adding(lost, to: invoice.writtenOff?.amountMinor ?? 0) else { return .amountOverflow() }
                invoice.openAmount.amountMinor -= lost
                invoice.writtenOff = Money(amountMinor: total, currency: invoice.openAmount.currency)
                closeIfSettled(&invoice, on: writtenOff.date)
                return nil
            }
        case .invoiceDisputed(let disputed):
            return state.invoices[disputed.invoiceId.rawValue] == nil ? .rejected(.unknownInvoice(disputed.invoiceId)) : .ignored
        case .invoiceDisputeResolved(let resolved):
            return update(resolved.invoiceId, in: &state) { invoice in
                guard let credit = resolved.creditNoteAmount else { return nil }
                guard credit.currency == invoice.amount.currency else { return mixed(credit, invoice) }
                invoice.amount.amountMinor = max(0, invoice.amount.amountMinor - credit.amountMinor)
                invoice.openAmount.amountMinor = max(0, invoice.openAmount.amountMinor - credit.amountMinor)
                closeIfSettled(&invoice, on: resolved.date)
                return nil
            }
        default:
            return .ignored
        }
    }

    /// Drops what no rule needs any more as of `asOf`: invoices closed before the look-back (with the payment and
    /// adjustment ids they remember: a movement for them is then an unknown invoice), forgotten events.
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

    /// Marks an invoice whose open amount reached zero as closed on `date` (kept if it already was).
    private func closeIfSettled(_ invoice: inout TrackedInvoice, on date: CalendarDate) {
        if invoice.openAmount.amountMinor == 0, invoice.settledDate == nil { invoice.settledDate = date }
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
