import Domain

/// The dunning of one invoice (DOMAIN.md §5), in the swift-nio style: each mutating method takes one
/// event and returns the outputs to publish; the caller publishes them. Nothing reads a clock: the day
/// being judged is always passed in.
///
/// - The table's level follows the days past due of the current cycle's due date (the invoice's, or
///   the current instalment's under a payment plan), with the tier's grace days and escalation delay.
/// - Each table action goes out once per cycle; a partial payment keeps the level; a full payment, a
///   full credit note, a write-off or a cancellation closes the case with one `resolved` action, after
///   which nothing is ever emitted.
/// - A dispute, or a collector's block, stops every action while aging keeps counting; when lifted the
///   invoice resumes at the level its days past due call for.
/// - A promise to pay pauses everything until its date; kept (the promised amount paid), the table takes
///   over again after that date; broken, it raises `promise.broken` and
///   escalates at once one level above the level reached (never straight to the claim trigger, which
///   stays driven by days past due).
/// - An escalation (level 2 and up) whose collection would cost more than the buyer's overdue invoices
///   together (``DunningRules/buyerOverdue``) becomes a write-off proposal; below the minimum amount, phone
///   and agency steps are replaced by automatic reminders until `automaticOnlyUntilDays`.
/// - A credit hold the invoice caused is remembered (``creditHoldOn``) until a collector's `releaseHold`, or
///   the write-off when the policy releases holds on write-off, lifts it with a `creditHoldReleased` record.
/// - Every sum of money is checked: a movement that would overflow one is refused (`amount_overflow`) and
///   the case stays as it was.
public struct DunningStateMachine: Sendable, Hashable, Codable {
    public let buyerId: BuyerId
    public let invoiceId: InvoiceId
    public private(set) var openAmount: Money
    /// The invoice's own due date.
    public private(set) var contractualDueDate: CalendarDate
    /// The contract's yearly late-payment rate in percent, which overrides the statutory one.
    public private(set) var contractInterestRatePercent: Double?
    /// False for an invoice first met in an overdue transition, until its `InvoiceIssued` arrives.
    public private(set) var issueSeen: Bool
    /// The invoice's issue date, once its `InvoiceIssued` was seen: no movement may be dated before it.
    public private(set) var issueDate: CalendarDate?
    public private(set) var cycle: DunningCycle
    public private(set) var disputedSince: CalendarDate?
    public private(set) var promise: PendingPromise?
    public private(set) var plan: ActivePaymentPlan?
    /// A collector blocked this invoice.
    public private(set) var blocked: Bool
    /// A collector forced this invoice to a level.
    public private(set) var levelOverride: Int?
    public private(set) var writeOffProposed: Bool
    public private(set) var closure: DunningClosure?
    public private(set) var closedOn: CalendarDate?
    /// The day this invoice put the buyer on credit hold, until a collector or a write-off released it
    /// (absent from states written before holds were tracked).
    public private(set) var creditHoldOn: CalendarDate?
    /// The latest day judged; a later event dated earlier never moves the clock back.
    public private(set) var lastEvaluatedDay: CalendarDate?
    /// Payment and adjustment ids already applied, so a re-sent one is refused rather than counted twice
    /// (an array, so the state encodes to the same bytes every time).
    private var appliedMovements: [String]
    /// The payments applied to this invoice, what of each is still applied, so a reversal can be checked and undone
    /// (absent from states written before reversals).
    private var payments: [AppliedPayment]?
    /// For an invoice adopted from an overdue transition: the day the adopted open amount was taken at. The ERP's
    /// payments and notes dated on or before it are already in that figure; they are recorded, not applied again.
    public private(set) var adoptedAsOf: CalendarDate?
    /// The interest terms of the formal notice, once one went out: interest keeps accruing after it, and every later
    /// action shows it to date (absent before the notice, and from states written before this was kept).
    public private(set) var noticedInterest: LatePaymentInterest?

    /// The case of a newly issued invoice.
    public init(issued: InvoiceIssued) {
        self.init(buyerId: issued.buyerId, invoiceId: issued.invoiceId, openAmount: issued.amount,
                  dueDate: issued.dueDate, issueSeen: true)
        issueDate = issued.issueDate
        contractInterestRatePercent = issued.contractInterestRatePercent
    }

    /// The case of an invoice first met in an overdue transition (its issue event not seen yet).
    public init(adopting transition: OverdueTransition) {
        self.init(buyerId: transition.buyerId, invoiceId: transition.invoiceId, openAmount: transition.openAmount,
                  dueDate: transition.dueDate, issueSeen: false)
        adoptedAsOf = transition.asOf
    }

    /// A later overdue transition of an invoice still known only from monitoring: its newer open amount replaces
    /// the adopted one (it contains every movement up to its day).
    public mutating func readopt(_ transition: OverdueTransition) {
        guard !issueSeen, closure == nil, let adoptedAsOf, transition.asOf > adoptedAsOf,
              transition.openAmount.currency == openAmount.currency else { return }
        openAmount = transition.openAmount
        self.adoptedAsOf = transition.asOf
    }

    private init(buyerId: BuyerId, invoiceId: InvoiceId, openAmount: Money, dueDate: CalendarDate, issueSeen: Bool) {
        self.buyerId = buyerId
        self.invoiceId = invoiceId
        self.openAmount = openAmount
        self.contractualDueDate = dueDate
        self.contractInterestRatePercent = nil
        self.issueSeen = issueSeen
        self.cycle = DunningCycle(dueDate: dueDate)
        self.disputedSince = nil
        self.promise = nil
        self.plan = nil
        self.blocked = false
        self.levelOverride = nil
        self.writeOffProposed = false
        self.closure = nil
        self.closedOn = nil
        self.lastEvaluatedDay = nil
        self.appliedMovements = []
        self.payments = []
        self.adoptedAsOf = nil
        self.noticedInterest = nil
    }

    /// Whether the case is closed (paid, credited, written off or cancelled).
    public var isClosed: Bool { closure != nil }

    /// The level of the last table action in the current cycle, nil before the first.
    public var level: Int? { cycle.level }

    /// What the invoice adds to its buyer's overdue total at the end of `day`: its open amount while it is
    /// open, past due and not disputed; nil otherwise.
    public func overdueAmount(on day: CalendarDate) -> Money? {
        guard closure == nil, disputedSince == nil, daysPastDue(on: day) > 0, !openAmount.isZero else { return nil }
        return openAmount
    }

    /// Days past due on `day`, counted from the current cycle's due date.
    public func daysPastDue(on day: CalendarDate) -> Int {
        ReceivableDays.daysPastDue(dueDate: cycle.dueDate, on: day)
    }

    // MARK: Time

    /// Judges the invoice at the end of `day`: nothing while a dispute or a block holds it (a promise
    /// that expires meanwhile is judged once the hold ends), then breaks an expired promise, then sends what
    /// the table calls for unless a pending promise holds it.
    public mutating func evaluate(on day: CalendarDate, rules: DunningRules) -> [DunningOutput] {
        guard closure == nil else { return [] }
        let day = max(day, lastEvaluatedDay ?? day)
        lastEvaluatedDay = day
        // Nothing owed, nothing to collect: a 0.00 invoice (or one credited to zero and reopened at zero) is not dunned.
        guard disputedSince == nil, !blocked, !rules.buyerBlocked, openAmount.amountMinor > 0 else { return [] }
        var outputs: [DunningOutput] = []
        if let promise {
            guard day > promise.promisedDate else { return [] }
            if promise.isKept { self.promise = nil } else { outputs += breakPromise(promise, on: day, rules: rules) }
        }
        return outputs + escalate(on: day, rules: rules)
    }

    // MARK: Invoice events

    /// The `InvoiceIssued` of an invoice already known: completes one adopted from an overdue
    /// transition, and refuses a second issue of the same invoice.
    public mutating func issuedAgain(_ issued: InvoiceIssued) throws(EventRejection) -> [DunningOutput] {
        guard !issueSeen else {
            throw EventRejection(code: .duplicateEvent, field: "invoiceId",
                                 message: "invoice \"\(invoiceId)\" was already issued")
        }
        issueSeen = true
        issueDate = issued.issueDate
        contractInterestRatePercent = issued.contractInterestRatePercent
        return []
    }

    /// A payment lowers the open amount and keeps the level; in full, it resolves the case. A payment the adopted
    /// figure already contains is recorded only.
    public mutating func paymentApplied(_ payment: PaymentApplied) throws(EventRejection) -> [DunningOutput] {
        try requireCurrency(payment.amount, at: "amount")
        let movementKey = try newMovement("payment", payment.paymentId, field: "paymentId")
        let contained = isContainedInAdoption(payment.paymentDate)
        guard closure == nil, !contained else {
            appliedMovements.append(movementKey)
            recordPayment(payment, applied: contained ? payment.amount : .zero(openAmount.currency))
            return []
        }
        // Every sum is checked before anything changes, so a payment that would overflow one is refused whole.
        let lowered = try Self.lowered(openAmount, by: payment.amount)
        let promised = try promise.map { (pending) throws(EventRejection) -> PendingPromise in
            var pending = pending
            pending.paidSinceRecorded = try Self.checkedSum(pending.paidSinceRecorded, payment.amount)
            return pending
        }
        let planned = try plan.map { (active) throws(EventRejection) -> ActivePaymentPlan in
            var active = active
            active.paidTowardPlan = try Self.checkedSum(active.paidTowardPlan, payment.amount)
            return active
        }
        appliedMovements.append(movementKey)
        recordPayment(payment, applied: Money(amountMinor: openAmount.amountMinor - lowered.amountMinor, currency: openAmount.currency))
        openAmount = lowered
        promise = promised
        if let planned {
            plan = planned
            startCycle(dueDate: planned.currentDueDate)
        }
        return openAmount.isZero ? close(.paidInFull, on: payment.paymentDate) : []
    }

    /// The ERP reversed (part of) a payment applied before: what it had brought down is owed again, and a case
    /// the payment had resolved reopens at the level it had reached. A reversal of a payment never applied to this
    /// invoice is `unknown_payment`; of more than what remains of it, `invalid_value`.
    public mutating func paymentReversed(_ reversal: PaymentReversed) throws(EventRejection) -> [DunningOutput] {
        try requireCurrency(reversal.amount, at: "amount")
        var recorded = payments ?? []
        let index = try recorded.index(of: reversal.paymentId, on: invoiceId)
        let owedAgain = try recorded[index].reverse(reversal.amount)
        let raised = try Self.checkedSum(openAmount, owedAgain)
        payments = recorded
        if let active = plan {
            plan?.paidTowardPlan = (try? Self.lowered(active.paidTowardPlan, by: owedAgain)) ?? active.paidTowardPlan
        }
        guard !owedAgain.isZero else { return [] }
        return raise(to: raised, on: reversal.date, why: "payment \(reversal.paymentId) reversed (\(owedAgain))")
    }

    /// A credit note lowers the open amount (to zero: resolved), a debit note raises it.
    public mutating func adjusted(_ adjustment: InvoiceAdjusted) throws(EventRejection) -> [DunningOutput] {
        try requireCurrency(adjustment.amount, at: "amount")
        let movementKey = try newMovement("adjustment", adjustment.adjustmentId, field: "adjustmentId")
        if isContainedInAdoption(adjustment.date) { appliedMovements.append(movementKey); return [] }
        if adjustment.adjustmentKind == .debitNote, isReopenable {
            let raised = try Self.checkedSum(openAmount, adjustment.amount)
            appliedMovements.append(movementKey)
            return raise(to: raised, on: adjustment.date, why: "debit note \(adjustment.adjustmentId) (\(adjustment.amount))")
        }
        guard closure == nil else { appliedMovements.append(movementKey); return [] }
        let adjusted: Money
        switch adjustment.adjustmentKind {
        case .creditNote: adjusted = try Self.lowered(openAmount, by: adjustment.amount)
        case .debitNote: adjusted = try Self.checkedSum(openAmount, adjustment.amount)
        }
        appliedMovements.append(movementKey)
        openAmount = adjusted
        return openAmount.isZero ? close(.creditedInFull, on: adjustment.date) : []
    }

    /// A dispute blocks dunning of the invoice until resolved; aging keeps counting.
    public mutating func disputed(_ dispute: InvoiceDisputed) -> [DunningOutput] {
        guard closure == nil, disputedSince == nil else { return [] }
        disputedSince = dispute.date
        return [audit(.blocked, on: dispute.date,
                      note: "rule: dispute blocks dunning until resolved (reason: \(dispute.reason))")]
    }

    /// A dispute ends: upheld, the ERP's credit note lowers the amount; rejected, dunning resumes at once at
    /// the level the days past due call for. An upheld dispute without a credit note resumes at the next
    /// clock step, leaving room for the ERP's separate credit note.
    ///
    /// - Parameter fromCollector: the collectors' tool records the decision and ends the dispute, but the amount
    ///   changes only through the ERP's events (its credit note follows as `invoice.adjusted`), so a collector's
    ///   `creditNoteAmount` is never applied: one source of truth, never counted twice.
    public mutating func disputeResolved(outcome: DisputeOutcome, creditNote: Money?, on date: CalendarDate,
                                         fromCollector: Bool, rules: DunningRules) throws(EventRejection) -> [DunningOutput] {
        if let creditNote { try requireCurrency(creditNote, at: "creditNoteAmount") }
        guard closure == nil else { return [] }
        let wasDisputed = disputedSince != nil
        guard wasDisputed || !fromCollector else { return [] }
        disputedSince = nil
        if outcome == .upheld, let creditNote, !fromCollector, !isContainedInAdoption(date) {
            openAmount = try Self.lowered(openAmount, by: creditNote)
        }
        var outputs: [DunningOutput] = []
        if wasDisputed {
            let note = outcome == .rejected
                ? "rule: dispute rejected — dunning resumes at the level its days past due call for"
                : "rule: dispute upheld — dunning resumes on the remaining \(openAmount)"
            outputs.append(audit(.unblocked, on: date, note: note))
        }
        if openAmount.isZero { return outputs + close(.creditedInFull, on: date) }
        if outcome == .rejected { outputs += evaluate(on: date, rules: rules) }
        return outputs
    }

    /// The seller wrote the invoice off: the case is closed. A credit hold the invoice caused stays unless
    /// `releaseHold` (policy `monitoring.creditHold.releaseOnWriteOff`), when it is released with an audit record.
    public mutating func writtenOff(_ writeOff: InvoiceWrittenOff, releaseHold: Bool = false) throws(EventRejection) -> [DunningOutput] {
        try requireCurrency(writeOff.amount, at: "amount")
        guard closure == nil else { return [] }
        openAmount = try Self.lowered(openAmount, by: writeOff.amount)
        let closing = close(.writtenOff, on: writeOff.date)
        guard releaseHold, creditHoldOn != nil else { return closing }
        creditHoldOn = nil
        return closing + [audit(.creditHoldReleased, on: writeOff.date,
                                note: "rule: credit hold released on write-off (policy monitoring.creditHold.releaseOnWriteOff)")]
    }

    /// The ERP cancelled the invoice: nothing is owed any more and the case is closed.
    public mutating func cancelled(_ cancellation: InvoiceCancelled) -> [DunningOutput] {
        guard closure == nil else { return [] }
        openAmount = .zero(openAmount.currency)
        return close(.cancelled, on: cancellation.date)
    }

    // MARK: Collection updates

    /// A promise to pay pauses every action until its date.
    public mutating func promised(_ promise: PromiseToPay) throws(EventRejection) -> [DunningOutput] {
        try requireCurrency(promise.amount, at: "amount")
        guard closure == nil else { return [] }
        self.promise = PendingPromise(promiseId: promise.promiseId, amount: promise.amount,
                                      promisedDate: promise.promisedDate, paidSinceRecorded: .zero(openAmount.currency))
        return [audit(.escalationPaused, on: promise.recordedOn,
                      note: "rule: promise to pay \(promise.amount) by \(promise.promisedDate) pauses escalation until then")]
    }

    /// A payment plan replaces the due date by its instalments' (any pending promise gives way to it).
    public mutating func planAgreed(_ plan: PaymentPlan) throws(EventRejection) -> [DunningOutput] {
        guard !plan.instalments.isEmpty else {
            throw EventRejection(code: .invalidValue, field: "instalments", message: "a payment plan needs at least one instalment")
        }
        var total = Money.zero(openAmount.currency)
        for (index, instalment) in plan.instalments.enumerated() {
            try requireCurrency(instalment.amount, at: "instalments[\(index)].amount")
            total = try Self.checkedSum(total, instalment.amount, field: "instalments[\(index)].amount")
        }
        guard closure == nil else { return [] }
        let active = ActivePaymentPlan(planId: plan.planId, instalments: plan.instalments,
                                       paidTowardPlan: .zero(openAmount.currency))
        self.plan = active
        promise = nil
        startCycle(dueDate: active.currentDueDate)
        let next = active.currentInstalment
        return [audit(.escalationPaused, on: plan.agreedOn,
                      note: "rule: payment plan \(plan.planId) — \(plan.instalments.count) instalments replace the due date; next \(next.amount) due \(next.dueDate)")]
    }

    /// A collector's block, unblock or level override, for this invoice or (no `invoiceId`) for every
    /// invoice of the buyer, whose flags the caller has already put in `rules`.
    public mutating func collectorOverride(_ override: DunningOverride, rules: DunningRules) -> [DunningOutput] {
        if override.action == .releaseHold { return releaseHold(override) }
        guard closure == nil else { return [] }
        let forThisInvoice = override.invoiceId != nil
        let scope = forThisInvoice ? "" : " (every invoice of the buyer)"
        let who = override.collector.map { " by \($0)" } ?? ""
        let why = override.reason.map { ": \($0)" } ?? ""
        switch override.action {
        case .block:
            if forThisInvoice { blocked = true }
            return [audit(.blocked, on: override.date, note: "rule: collector block\(who)\(scope)\(why)")]
        case .unblock:
            if forThisInvoice { blocked = false }
            let record = audit(.unblocked, on: override.date, note: "rule: collector unblock\(who)\(scope)\(why)")
            return [record] + evaluate(on: override.date, rules: rules)
        case .setLevel:
            if forThisInvoice { levelOverride = override.level }
            let level = override.level ?? 0
            let record = audit(.levelOverridden, on: override.date, level: level,
                               note: "rule: collector level override to level \(level)\(who)\(scope)\(why)")
            return [record] + evaluate(on: override.date, rules: rules)
        case .clearLevel:
            if forThisInvoice { levelOverride = nil }
            let following = evaluate(on: override.date, rules: rules)
            let record = audit(.levelOverridden, on: override.date,
                               note: "rule: collector cleared the level override — the policy's level applies\(who)\(scope)\(why)")
            return [record] + following
        case .releaseHold:
            return releaseHold(override)
        }
    }

    /// A collector's `releaseHold`: lifts the credit hold this invoice caused — also once it is closed, since a
    /// written-off invoice keeps its hold — with an audit record that monitoring lifts the hold on. Buyer-wide
    /// (no `invoiceId`), only an invoice holding the buyer answers; named, the invoice always records the command.
    private mutating func releaseHold(_ override: DunningOverride) -> [DunningOutput] {
        let forThisInvoice = override.invoiceId != nil
        guard creditHoldOn != nil || forThisInvoice else { return [] }
        let scope = forThisInvoice ? "" : " (every invoice of the buyer)"
        let who = override.collector.map { " by \($0)" } ?? ""
        let why = override.reason.map { ": \($0)" } ?? ""
        let held = creditHoldOn.map { " (held since \($0))" } ?? " (no hold of this invoice was in force)"
        creditHoldOn = nil
        return [audit(.creditHoldReleased, on: override.date,
                      note: "rule: collector released the credit hold\(held)\(who)\(scope)\(why)")]
    }

    // MARK: Escalation

    private mutating func breakPromise(_ promise: PendingPromise, on day: CalendarDate, rules: DunningRules) -> [DunningOutput] {
        self.promise = nil
        let table = rules.table
        let daysPastDue = daysPastDue(on: day)
        let reached = max(cycle.level ?? 0, table.level(forDaysPastDue: daysPastDue) ?? 0)
        let floor = max(min(reached + 1, table.lastLevel - 1), 0)
        cycle.escalationFloor = max(cycle.escalationFloor ?? 0, floor)
        let record = audit(.promiseBroken, on: day,
                           note: "rule: broken promise — \(promise.amount) promised by \(promise.promisedDate), \(promise.paidSinceRecorded) paid; escalates at once to level \(floor)")
        let alert = DunningAlert(
            alertType: .promiseBroken, severity: .warning, invoiceId: invoiceId,
            figures: ["daysPastDue": Double(daysPastDue), "level": Double(floor)],
            amounts: ["promisedAmount": promise.amount, "paidAmount": promise.paidSinceRecorded, "openAmount": openAmount],
            message: "invoice \(invoiceId): \(promise.amount) promised by \(promise.promisedDate) was not paid; escalated to level \(floor)")
        return [record, .alert(alert)]
    }

    private mutating func escalate(on day: CalendarDate, rules: DunningRules) -> [DunningOutput] {
        let table = rules.table
        let daysPastDue = daysPastDue(on: day)
        var target = table.level(forDaysPastDue: daysPastDue)
        if let floor = cycle.escalationFloor { target = max(target ?? floor, floor) }
        let pinned = levelOverride ?? rules.buyerLevelOverride
        if let pinned { target = pinned }
        guard let target = target.map({ min(max($0, 0), table.lastLevel) }) else { return [] }

        // A collector's level override is a decision about this debt, cost included: it is carried out.
        if pinned == nil, target >= DunningPolicyTable.firstEscalationLevel, rules.collectionCostExceeds(openAmount) == true {
            guard !writeOffProposed else { return [] }
            writeOffProposed = true
            return [audit(.writeOffProposal, on: day, daysPastDue: daysPastDue,
                          note: "rule: cost of collection — estimated \(rules.policy.estimatedCollectionCost) exceeds \(rules.judgedDescription(openAmount)); write-off proposed instead of escalating to level \(target)")]
        }
        cycle.level = target
        var outputs: [DunningOutput] = []
        for step in table.steps(ofLevel: target) {
            outputs += send(step.action, on: step.channel, level: target, daysPastDue: daysPastDue, day: day, rules: rules)
        }
        return outputs
    }

    private mutating func send(_ action: DunningActionKind, on channel: DunningChannel, level: Int, daysPastDue: Int,
                               day: CalendarDate, rules: DunningRules) -> [DunningOutput] {
        let table = rules.table
        var key = "\(level)/\(action.rawValue)"
        var note = table.ruleName(level: level, action: action)
        switch action {
        case .preDueReminder:
            guard table.tierPolicy.preDueReminder, daysPastDue <= 0 else { return [] }
        case .reminder:
            if let first = cycle.firstReminderDaysPastDue {
                let repeatDay = table.tierPolicy.repeatReminderDay
                guard first < repeatDay, daysPastDue >= repeatDay else { return [] }
                key += "-repeat"
                note = table.ruleName(level: level, action: action, repeated: true)
            } else {
                cycle.firstReminderDaysPastDue = daysPastDue
            }
        default:
            break
        }
        guard cycle.markSent(key) else { return [] }

        let policy = rules.policy
        if !DunningPolicyTable.isAutomatic(channel), daysPastDue <= policy.automaticOnlyUntilDays,
           rules.isBelowMinimum(openAmount) == true {
            let replacement = DunningPolicyTable.automaticReplacement(for: channel)
            note += "; rule: minimum amount — \(rules.judgedDescription(openAmount)) is below \(policy.minimumAmount), automatic channels only until \(policy.automaticOnlyUntilDays) dpd: \(DunningPolicyTable.title(of: action)) replaced by a reminder by \(replacement.rawValue)"
            return [.action(makeAction(.reminder, channel: replacement, level: level, day: day, daysPastDue: daysPastDue, note: note))]
        }
        switch action {
        case .formalNotice:
            noticedInterest = rules.policy.interest
            let charges = lateCharges(daysPastDue: daysPastDue, rules: rules)
            return [.action(makeAction(action, channel: channel, level: level, day: day, daysPastDue: daysPastDue,
                                       interest: charges.interest, compensation: charges.compensation,
                                       note: note + "; " + charges.note))]
        case .creditHold:
            creditHoldOn = creditHoldOn ?? day
            return [.action(makeAction(action, channel: channel, level: level, day: day, daysPastDue: daysPastDue, note: note))]
        case .collectionHandover:
            let alert = DunningAlert(
                alertType: .dunningLegal, severity: .critical, invoiceId: invoiceId,
                figures: ["daysPastDue": Double(daysPastDue), "level": Double(level)],
                amounts: ["openAmount": openAmount],
                message: "invoice \(invoiceId) handed over to legal or third-party collection at \(daysPastDue) days past due")
            return [.action(makeAction(action, channel: channel, level: level, day: day, daysPastDue: daysPastDue, note: note)),
                    .alert(alert)]
        default:
            return [.action(makeAction(action, channel: channel, level: level, day: day, daysPastDue: daysPastDue, note: note))]
        }
    }

    /// Interest on the open amount for the days past due, and the fixed compensation, with how they were computed.
    private func lateCharges(daysPastDue: Int, rules: DunningRules) -> (interest: Money?, compensation: Money?, note: String) {
        let policy = rules.policy.interest
        let days = max(0, daysPastDue)
        var parts: [String] = []
        var interest: Money?
        if let rate = try? LatePaymentCharges.yearlyRatePercent(policy, contractRatePercent: contractInterestRatePercent),
           let amount = try? LatePaymentCharges.interest(on: openAmount, ratePercent: rate, days: days,
                                                         dayCountBasis: policy.dayCountBasis) {
            interest = amount
            let source = contractInterestRatePercent == nil
                ? "reference \(policy.referenceRatePercent) % + \(policy.marginPercentagePoints) points" : "contract rate"
            parts.append("interest \(openAmount) × \(rate) % (\(source)) × \(days)/\(policy.dayCountBasis) = \(amount)")
        } else {
            parts.append("interest not computed: out of range")
        }
        let compensation = LatePaymentCharges.compensation(policy, invoiceCurrency: openAmount.currency, fxTable: rules.fxTable)
        if let amount = compensation.amount { parts.append("compensation \(amount)") }
        if let note = compensation.note { parts.append(note) }
        return (interest, compensation.amount, parts.joined(separator: "; "))
    }

    // MARK: Helpers

    /// Whether a movement dated `date` is already in the figure this case was adopted with.
    private func isContainedInAdoption(_ date: CalendarDate) -> Bool {
        adoptedAsOf.map { date <= $0 } ?? false
    }

    /// Whether a closed case reopens when what is owed rises again: paid or credited in full (a write-off or a
    /// cancellation stays closed).
    private var isReopenable: Bool { closure == .paidInFull || closure == .creditedInFull }

    /// Remembers a payment and what of it brought the open amount down.
    private mutating func recordPayment(_ payment: PaymentApplied, applied: Money) {
        var recorded = payments ?? []
        recorded.append(AppliedPayment(paymentId: payment.paymentId, amount: payment.amount, applied: applied))
        payments = recorded
    }

    /// What is owed rises to `raised`: a case resolved by payment or credit reopens at the level it had reached
    /// (its cycle, level and actions sent are kept), with an audit record.
    private mutating func raise(to raised: Money, on date: CalendarDate, why: String) -> [DunningOutput] {
        let reopening = isReopenable
        guard closure == nil || reopening else { return [] }
        openAmount = raised
        guard reopening else { return [] }
        closure = nil
        closedOn = nil
        let level = cycle.level.map { "level \($0)" } ?? "no level yet"
        return [audit(.unblocked, on: date, note: "rule: \(why) reopens the invoice — dunning resumes at \(level) on \(openAmount)")]
    }

    private mutating func startCycle(dueDate: CalendarDate) {
        guard dueDate != cycle.dueDate else { return }
        cycle = DunningCycle(dueDate: dueDate)
    }

    private mutating func close(_ reason: DunningClosure, on date: CalendarDate) -> [DunningOutput] {
        closure = reason
        closedOn = date
        promise = nil
        return [audit(.resolved, on: date, note: reason.ruleName)]
    }

    /// The key of a payment or adjustment not applied before; the caller records it once the movement is applied.
    private func newMovement(_ kind: String, _ id: String, field: String) throws(EventRejection) -> String {
        let key = "\(kind):\(id)"
        guard !appliedMovements.contains(key) else {
            throw EventRejection(code: .duplicateEvent, field: field,
                                 message: "\(kind) \"\(id)\" was already applied to invoice \"\(invoiceId)\"")
        }
        return key
    }

    /// `amount` added to `total`, or `amount_overflow` at `field` when the sum leaves 64-bit minor units.
    static func checkedSum(_ total: Money, _ amount: Money, field: String = "amount") throws(EventRejection) -> Money {
        do { return try total + amount } catch { throw .amountOverflow(field) }
    }

    /// What is left of `open` after `amount` is taken off it, never below zero (an overpayment settles the invoice).
    static func lowered(_ open: Money, by amount: Money, field: String = "amount") throws(EventRejection) -> Money {
        do {
            let rest = try open - amount
            return rest.isNegative ? .zero(open.currency) : rest
        } catch { throw .amountOverflow(field) }
    }

    private func requireCurrency(_ amount: Money, at field: String) throws(EventRejection) {
        guard amount.currency == openAmount.currency else {
            throw EventRejection(code: .mixedCurrency, field: "\(field).currency",
                                 message: "invoice \"\(invoiceId)\" is in \(openAmount.currency), not \(amount.currency)")
        }
    }

    /// An audit-trail record of a decision that is not a table step.
    private func audit(_ action: DunningActionKind, on date: CalendarDate, level: Int? = nil, daysPastDue: Int? = nil,
                       note: String) -> DunningOutput {
        .action(makeAction(action, channel: .internalTask, level: level ?? cycle.level ?? 0, day: date,
                           daysPastDue: daysPastDue ?? self.daysPastDue(on: date), note: note))
    }

    private func makeAction(_ action: DunningActionKind, channel: DunningChannel, level: Int, day: CalendarDate,
                            daysPastDue: Int, interest: Money? = nil, compensation: Money? = nil, note: String) -> DunningAction {
        DunningAction(buyerId: buyerId, invoiceId: invoiceId, level: level, action: action, channel: channel, date: day,
                      daysPastDue: daysPastDue, openAmount: openAmount,
                      interest: interest ?? interestToDate(daysPastDue: daysPastDue), compensation: compensation,
                      note: note)
    }

    /// After the formal notice, the interest on what is open for the days past due (the notice's terms); nil
    /// before it, once nothing is open, or when the amount is out of range.
    private func interestToDate(daysPastDue: Int) -> Money? {
        guard let noticedInterest, !openAmount.isZero,
              let rate = try? LatePaymentCharges.yearlyRatePercent(noticedInterest, contractRatePercent: contractInterestRatePercent)
        else { return nil }
        return try? LatePaymentCharges.interest(on: openAmount, ratePercent: rate, days: max(0, daysPastDue),
                                                dayCountBasis: noticedInterest.dayCountBasis)
    }
}
