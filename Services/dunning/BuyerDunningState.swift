import Domain

/// Everything the dunning stage keeps about one buyer: its tier, the collector's buyer-wide block and
/// level override, and the state machine of each invoice. Closed invoices are dropped some days after
/// closing (``DunningProcessor/closedInvoiceRetentionDays``) so the state stays bounded.
public struct BuyerDunningState: Sendable, Hashable, Codable {
    /// The customer tier whose dunning policy applies (standard until assigned).
    public var tier: CustomerTier
    /// A collector blocked dunning of every invoice of the buyer.
    public var blocked: Bool
    /// A collector forced every invoice of the buyer to this level.
    public var levelOverride: Int?
    /// The invoices' state machines by invoice id.
    public var invoices: [String: DunningStateMachine]

    /// A buyer the stage has not seen before.
    public init(tier: CustomerTier = .standard) {
        self.tier = tier
        self.blocked = false
        self.levelOverride = nil
        self.invoices = [:]
    }

    /// The state machine of one invoice, if known.
    public subscript(invoice invoiceId: InvoiceId) -> DunningStateMachine? { invoices[invoiceId.rawValue] }

    /// The rules this buyer's invoices are judged by; with `day`, the amount rules compare the buyer's
    /// overdue invoices together on that day.
    ///
    /// - Parameter releaseHoldOnWriteOff: policy `monitoring.creditHold.releaseOnWriteOff`.
    public func rules(policy: DunningPolicy, fxTable: FXTable, on day: CalendarDate? = nil,
                      releaseHoldOnWriteOff: Bool = false) -> DunningRules {
        DunningRules(table: DunningPolicyTable(policy: policy, tier: tier), fxTable: fxTable,
                     buyerBlocked: blocked, buyerLevelOverride: levelOverride,
                     buyerOverdue: day.flatMap { overdueTotal(on: $0, fxTable: fxTable) },
                     releaseHoldOnWriteOff: releaseHoldOnWriteOff)
    }

    /// The buyer's overdue invoices together at the end of `day`, in the reporting currency (each currency
    /// summed exactly, then converted once); nil when an amount has no rate or the sum does not fit.
    public func overdueTotal(on day: CalendarDate, fxTable: FXTable) -> Money? {
        try? fxTable.sum(invoices.values.compactMap { $0.overdueAmount(on: day) })
    }

    /// Applies one input event; returns what to publish, or refuses the event (unknown invoice,
    /// duplicate payment, currency mismatch or without an exchange rate, a sum that would overflow)
    /// leaving the state as it was.
    ///
    /// - Parameter releaseHoldOnWriteOff: policy `monitoring.creditHold.releaseOnWriteOff`.
    public mutating func apply(_ event: DomainEvent, policy: DunningPolicy, fxTable: FXTable,
                               releaseHoldOnWriteOff: Bool = false) throws(EventRejection) -> [DunningOutput] {
        func rulesOn(_ day: CalendarDate) -> DunningRules {
            rules(policy: policy, fxTable: fxTable, on: day, releaseHoldOnWriteOff: releaseHoldOnWriteOff)
        }
        switch event {
        case .invoiceIssued(let issued):
            // Cancel and reissue: an invoice issued under the id of a cancelled one starts a fresh case.
            guard let known = invoices[issued.invoiceId.rawValue], known.closure != .cancelled else {
                try Self.requireRate(issued.amount, fxTable: fxTable)
                invoices[issued.invoiceId.rawValue] = DunningStateMachine(issued: issued)
                return []
            }
            return try update(issued.invoiceId) { (machine) throws(EventRejection) in try machine.issuedAgain(issued) }
        case .overdueTransition(let transition):
            if invoices[transition.invoiceId.rawValue] == nil {
                try Self.requireRate(transition.openAmount, fxTable: fxTable, field: "openAmount.currency")
                invoices[transition.invoiceId.rawValue] = DunningStateMachine(adopting: transition)
            } else {
                invoices[transition.invoiceId.rawValue]?.readopt(transition)
            }
            let rules = rulesOn(transition.asOf)
            // Monitoring's view of a dispute may arrive before the ERP's dispute event does.
            guard !transition.disputed else { return [] }
            return try update(transition.invoiceId) { machine in machine.evaluate(on: transition.asOf, rules: rules) }
        case .paymentApplied(let payment):
            return try update(payment.invoiceId) { (machine) throws(EventRejection) in try machine.paymentApplied(payment) }
        case .paymentReversed(let reversal):
            return try update(reversal.invoiceId) { (machine) throws(EventRejection) in try machine.paymentReversed(reversal) }
        case .invoiceAdjusted(let adjustment):
            return try update(adjustment.invoiceId) { (machine) throws(EventRejection) in try machine.adjusted(adjustment) }
        case .invoiceDisputed(let dispute):
            return try update(dispute.invoiceId) { machine in machine.disputed(dispute) }
        case .invoiceDisputeResolved(let resolution):
            let rules = rulesOn(resolution.date)
            return try update(resolution.invoiceId) { (machine) throws(EventRejection) in
                try machine.disputeResolved(outcome: resolution.outcome, creditNote: resolution.creditNoteAmount,
                                            on: resolution.date, fromCollector: false, rules: rules)
            }
        case .disputeOutcome(let outcome):
            let rules = rulesOn(outcome.date)
            return try update(outcome.invoiceId) { (machine) throws(EventRejection) in
                try machine.disputeResolved(outcome: outcome.outcome, creditNote: outcome.creditNoteAmount,
                                            on: outcome.date, fromCollector: true, rules: rules)
            }
        case .invoiceWrittenOff(let writeOff):
            return try update(writeOff.invoiceId) { (machine) throws(EventRejection) in
                try machine.writtenOff(writeOff, releaseHold: releaseHoldOnWriteOff)
            }
        case .invoiceCancelled(let cancellation):
            return try update(cancellation.invoiceId) { machine in machine.cancelled(cancellation) }
        case .promiseToPay(let promise):
            return try update(promise.invoiceId) { (machine) throws(EventRejection) in try machine.promised(promise) }
        case .paymentPlan(let plan):
            return try update(plan.invoiceId) { (machine) throws(EventRejection) in try machine.planAgreed(plan) }
        case .dunningOverride(let override):
            return try applyOverride(override, policy: policy, fxTable: fxTable, releaseHoldOnWriteOff: releaseHoldOnWriteOff)
        case .customerTierAssigned(let assignment):
            tier = assignment.tier
            return []
        default:
            return []
        }
    }

    /// Judges every open invoice at the end of `day` (in invoice id order), then drops invoices closed
    /// more than `closedRetentionDays` before it.
    public mutating func punctuate(on day: CalendarDate, policy: DunningPolicy, fxTable: FXTable,
                                   closedRetentionDays: Int) -> [DunningOutput] {
        let rules = rules(policy: policy, fxTable: fxTable, on: day)
        var outputs: [DunningOutput] = []
        for id in invoices.keys.sorted() {
            guard var machine = invoices[id] else { continue }
            if let closedOn = machine.closedOn, closedOn.days(until: day) > closedRetentionDays {
                invoices[id] = nil
                continue
            }
            outputs += machine.evaluate(on: day, rules: rules)
            invoices[id] = machine
        }
        return outputs
    }

    /// A collector's override, for one invoice or (no `invoiceId`) every invoice of the buyer.
    private mutating func applyOverride(_ override: DunningOverride, policy: DunningPolicy, fxTable: FXTable,
                                        releaseHoldOnWriteOff: Bool) throws(EventRejection) -> [DunningOutput] {
        if let invoiceId = override.invoiceId {
            let rules = rules(policy: policy, fxTable: fxTable, on: override.date, releaseHoldOnWriteOff: releaseHoldOnWriteOff)
            return try update(invoiceId) { machine in machine.collectorOverride(override, rules: rules) }
        }
        switch override.action {
        case .block: blocked = true
        case .unblock: blocked = false
        case .setLevel: levelOverride = override.level
        case .clearLevel: levelOverride = nil
        case .releaseHold: break
        }
        let rules = rules(policy: policy, fxTable: fxTable, on: override.date, releaseHoldOnWriteOff: releaseHoldOnWriteOff)
        var outputs: [DunningOutput] = []
        for id in invoices.keys.sorted() {
            // A written-off invoice is closed but may still hold the buyer: a release reaches it too.
            guard var machine = invoices[id], !machine.isClosed || override.action == .releaseHold else { continue }
            outputs += machine.collectorOverride(override, rules: rules)
            invoices[id] = machine
        }
        return outputs
    }

    /// Refuses an amount in a currency the policy has no exchange rate for: it could never join a total.
    private static func requireRate(_ amount: Money, fxTable: FXTable, field: String = "amount.currency") throws(EventRejection) {
        guard (try? fxTable.rate(for: amount.currency)) != nil else {
            throw .unknownExchangeRate(amount.currency, reporting: fxTable.reportingCurrency, field: field)
        }
    }

    private mutating func update(
        _ invoiceId: InvoiceId,
        _ body: (inout DunningStateMachine) throws(EventRejection) -> [DunningOutput]
    ) throws(EventRejection) -> [DunningOutput] {
        guard var machine = invoices[invoiceId.rawValue] else { throw .unknownInvoice(invoiceId) }
        let outputs = try body(&machine)
        invoices[invoiceId.rawValue] = machine
        return outputs
    }
}
