import Domain

extension BuyerMonitor {
    /// Applies one input event and then the time-driven review; returns what to publish.
    ///
    /// Throws the rejection of a bad input (unknown invoice, duplicate, mixed currency, an event this stage does
    /// not consume); the caller then keeps the state as it was and dead-letters the input.
    ///
    /// - Parameters:
    ///   - now: the stage clock's time.
    ///   - portfolio: the positions table (`Concentration.table`) when the runtime offers it.
    public mutating func apply(_ event: DomainEvent, now: Timestamp, rules: MonitoringRules,
                               portfolio: [String: [UInt8]]?) throws(EventRejection) -> [MonitoringAction] {
        var actions: [MonitoringAction] = []
        switch event {
        case .invoiceIssued(let issued):
            try ledger.issue(issued, ledgerCurrency: currency)
            currency = currency ?? issued.amount.currency
            orders.consume(by: issued)
        case .paymentApplied(let payment):
            try ledger.apply(payment)
        case .invoiceAdjusted(let adjustment):
            try ledger.apply(adjustment)
        case .invoiceDisputed(let dispute):
            if try ledger.apply(dispute), let entry = ledger[dispute.invoiceId] {
                actions.append(.alert(disputeOpened(dispute, entry: entry, rules: rules)))
            }
        case .invoiceDisputeResolved(let resolution):
            try ledger.apply(resolution)
        case .invoiceWrittenOff(let writeOff):
            try ledger.apply(writeOff)
        case .invoiceCancelled(let cancellation):
            try ledger.apply(cancellation)
        case .orderRequested(let order):
            actions += try decide(order, now: now, rules: rules)
        case .creditAssessment(let assessment):
            if standing.map({ assessment.assessedAt >= $0.assessedAt }) ?? true { standing = CreditStanding(assessment) }
        case .dunningAction(let action):
            switch action.action {
            case .creditHold: creditHoldInvoices.insert(action.invoiceId.rawValue)
            case .resolved where ledger[action.invoiceId]?.isWrittenOff != true:
                creditHoldInvoices.remove(action.invoiceId.rawValue)
            default: break
            }
        default:
            throw EventRejection(code: .unknownType, field: "ce_type",
                                 message: "the monitoring stage does not consume \(event.kind.rawValue)")
        }
        return actions + review(now: now, rules: rules, portfolio: portfolio)
    }

    /// Decides an order, records it, and raises `order.held` and `order.surge` when they apply.
    private mutating func decide(_ order: OrderRequested, now: Timestamp, rules: MonitoringRules) throws(EventRejection) -> [MonitoringAction] {
        if let currency { try BuyerLedger.requireCurrency(order.amount, currency, field: "amount.currency") }
        guard orders.order(order.orderId) == nil else {
            throw EventRejection(code: .duplicateEvent, field: "orderId", message: "order \"\(order.orderId)\" was already decided")
        }
        currency = currency ?? order.amount.currency
        let exposure = position(asOf: now.calendarDate, rules: rules).exposure
        let verdict = OrderDecisionRule.decide(order: order.amount, exposure: exposure, standing: standing,
                                               onCreditHold: onCreditHold, rules: rules)
        let average = orders.averageOrder(since: rules.orderLookbackStart(asOf: order.orderDate))
        orders.record(TrackedOrder(orderId: order.orderId, amount: order.amount, orderDate: order.orderDate,
                                   outcome: verdict.outcome))
        var actions: [MonitoringAction] = [.decision(CreditDecision(
            buyerId: buyerId, orderId: order.orderId, outcome: verdict.outcome, orderAmount: order.amount,
            exposure: verdict.exposure, creditLimit: verdict.creditLimit, availableAmount: verdict.availableAmount,
            decidedAt: now, reason: verdict.reason))]
        if verdict.outcome == .held, let reason = verdict.reason {
            actions.append(.alert(AlertDraft(
                type: .orderHeld, severity: rules.severity(of: .orderHeld), cause: "order.held/\(order.orderId)",
                amounts: ["orderAmount": order.amount, "exposure": verdict.exposure, "creditLimit": verdict.creditLimit,
                          "availableAmount": verdict.availableAmount],
                orderId: order.orderId, message: "order \(order.orderId) held: \(reason)")))
        }
        if let average, average.amountMinor > 0,
           Double(order.amount.amountMinor) > rules.orderSurgeRatio * Double(average.amountMinor) {
            actions.append(.alert(AlertDraft(
                type: .orderSurge, severity: rules.severity(of: .orderSurge), cause: "order.surge/\(order.orderId)",
                figures: ["ratioToAverage": Double(order.amount.amountMinor) / Double(average.amountMinor),
                          "threshold": rules.orderSurgeRatio],
                amounts: ["orderAmount": order.amount, "averageOrder": average], orderId: order.orderId,
                message: "order \(order.orderId) is above \(rules.orderSurgeRatio)× the average order")))
        }
        return actions
    }

    private func disputeOpened(_ dispute: InvoiceDisputed, entry: LedgerEntry, rules: MonitoringRules) -> AlertDraft {
        AlertDraft(
            type: .disputeOpened, severity: rules.severity(of: .disputeOpened),
            cause: "dispute.opened/\(dispute.invoiceId)/\(entry.disputeCount)",
            amounts: ["disputedAmount": entry.disputedAmount ?? entry.balance, "openAmount": entry.balance],
            invoiceId: dispute.invoiceId, message: "invoice \(dispute.invoiceId) disputed: \(dispute.reason)")
    }
}
