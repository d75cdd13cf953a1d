import Domain

extension BuyerMonitor {
    /// Applies one input event and then the time-driven review (without its overdue thresholds after a dunning
    /// action); returns what to publish.
    ///
    /// Throws the rejection of a bad input (unknown invoice, duplicate, mixed currency, an event this stage does
    /// not consume); the caller then keeps the state as it was and dead-letters the input.
    ///
    /// - Parameters:
    ///   - now: the stage clock's time.
    ///   - portfolio: the positions table (`Concentration.table`) when the runtime offers it.
    public mutating func apply(_ event: DomainEvent, now: Timestamp, rules: MonitoringRules,
                               portfolio: [String: PositionSummary]?) throws(EventRejection) -> [MonitoringAction] {
        var actions: [MonitoringAction] = []
        switch event {
        case .invoiceIssued(let issued):
            try rules.requireRate(issued.amount.currency, field: "amount.currency")
            try ledger.issue(issued)
            orders.consume(by: issued)
        case .paymentApplied(let payment):
            keepOverpayment(try ledger.apply(payment), of: payment)
        case .paymentReversed(let reversal):
            var onInvoice = reversal
            onInvoice.amount = reverseUnapplied(reversal)
            if !onInvoice.amount.isZero || ledger[reversal.invoiceId] == nil { try ledger.apply(onInvoice) }
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
            actions += try decide(order, now: now, rules: rules, portfolio: portfolio)
        case .creditAssessment(let assessment):
            try rules.requireRate(assessment.creditLimit.currency, field: "creditLimit.currency")
            if standing.map({ assessment.assessedAt >= $0.assessedAt }) ?? true {
                actions += coverWithdrawal(by: assessment, now: now, rules: rules)
                standing = CreditStanding(assessment)
                if assessment.creditLimit.amountMinor > 0 { hadLimit = true }
            }
        case .dunningAction(let action):
            applyHold(action, rules: rules)
        case .buyerProfile(let profile):
            guard profile.parentId != parentId else { return [] }
            parentId = profile.parentId
        case .disputeOutcome(let outcome):
            guard try ledger.apply(outcome) else { return [] }
        case .promiseToPay, .paymentPlan, .dunningOverride, .customerTierAssigned:
            // Dunning's matter: what monitoring needs of them comes back as dunning actions.
            return []
        case .financialStatement, .buyerExternalEvent, .insurerLimitDecision:
            // Scoring's matter: they reach monitoring through the assessments.
            return []
        default:
            throw EventRejection(code: .unknownType, field: "ce_type",
                                 message: "the monitoring stage does not consume \(event.kind.rawValue)")
        }
        guard ledger.figuresFit else { throw .amountOverflow() }
        applyUnappliedCash(on: rules.policy.businessDay(of: now), rules: rules)
        do {
            // A dunning action never fires an overdue threshold (see `MonitoringProcessor.outputCauses`): those wait
            // for the next event from outside or the next punctuation, even when a business day ended just before it.
            var isDunningAction = false
            if case .dunningAction = event { isDunningAction = true }
            return try actions + review(now: now, rules: rules, portfolio: portfolio, overdueThresholds: !isDunningAction)
        } catch {
            throw Self.rejection(for: error, rules: rules)
        }
    }

    /// The rejection of an input after which a figure could not be computed: a sum beyond 64-bit minor units
    /// (`amount_overflow`) or a currency without a rate (`unknown_exchange_rate`).
    static func rejection(for error: MoneyError, rules: MonitoringRules) -> EventRejection {
        switch error {
        case .missingRate(let from, let to): .unknownExchangeRate(from, reporting: to)
        case .unknownCurrency, .invalidFactor: EventRejection(code: .invalidValue, field: "", message: error.description)
        case .overflow, .mixedCurrencies: .amountOverflow()
        }
    }

    /// Dunning's credit holds: a `creditHold` action puts the buyer on hold for its invoice; `resolved` lifts it
    /// unless the invoice was written off (a loss is no reason to sell more on credit) and the policy keeps such
    /// holds; `creditHoldReleased` — a collector's decision — lifts it whatever the invoice's state.
    private mutating func applyHold(_ action: DunningAction, rules: MonitoringRules) {
        let invoice = action.invoiceId.rawValue
        switch action.action {
        case .creditHold:
            creditHoldInvoices.insert(invoice)
        case .resolved where ledger[action.invoiceId]?.isWrittenOff != true || rules.releasesHoldOnWriteOff:
            creditHoldInvoices.remove(invoice)
        case .creditHoldReleased:
            creditHoldInvoices.remove(invoice)
        default:
            break
        }
    }

    /// `cover.withdrawn` when an assessment takes the buyer's limit from above zero to zero while it still owes:
    /// the insurer (or scoring) withdrew cover, and the whole exposure is now uncovered.
    private func coverWithdrawal(by assessment: CreditAssessment, now: Timestamp,
                                 rules: MonitoringRules) -> [MonitoringAction] {
        guard let previous = standing, previous.hasLimit, assessment.creditLimit.amountMinor == 0,
              let position = try? position(asOf: rules.policy.businessDay(of: now), rules: rules), position.exposure.amountMinor > 0
        else { return [] }
        let previousLimit = (try? rules.fx.convert(previous.creditLimit)) ?? previous.creditLimit
        return [.alert(AlertDraft(
            type: .coverWithdrawn, severity: rules.severity(of: .coverWithdrawn),
            cause: "cover.withdrawn/\(assessment.assessedAt)",
            figures: ["grade": Double(assessment.grade)],
            amounts: ["uncoveredExposure": position.exposure, "previousCreditLimit": previousLimit,
                      "creditLimit": assessment.creditLimit],
            message: "credit limit withdrawn (was \(previousLimit)): exposure of \(position.exposure) is uncovered"))]
    }

    /// Decides an order, records it, and raises `order.held` and `order.surge` when they apply.
    private mutating func decide(_ order: OrderRequested, now: Timestamp, rules: MonitoringRules,
                                 portfolio: [String: PositionSummary]?) throws(EventRejection) -> [MonitoringAction] {
        try rules.requireRate(order.amount.currency, field: "amount.currency")
        guard orders.order(order.orderId) == nil else {
            throw EventRejection(code: .duplicateEvent, field: "orderId", message: "order \"\(order.orderId)\" was already decided")
        }
        let exposure: Money
        do { exposure = try position(asOf: rules.policy.businessDay(of: now), rules: rules).exposure } catch {
            throw Self.rejection(for: error, rules: rules)
        }
        var verdict = OrderDecisionRule.decide(order: order.amount, exposure: exposure, standing: standing,
                                               onCreditHold: onCreditHold, rules: rules)
        var groupFigures: [String: Money] = [:]
        if verdict.outcome == .approved, let portfolio,
           let group = GroupExposure.of(buyer: buyerId, parentId: parentId, ownExposure: exposure,
                                        ownLimit: standing?.creditLimit, positions: portfolio, fx: rules.fx),
           let groupLimit = group.creditLimit,
           let orderAmount = try? rules.fx.convert(order.amount),
           Int128(group.exposure.amountMinor) + Int128(orderAmount.amountMinor) > Int128(groupLimit.amountMinor) {
            // The buyer's own limit has room, the group's does not.
            verdict.outcome = .held
            verdict.reason = "group_limit_exceeded"
            verdict.availableAmount = Money(amountMinor: max(0, groupLimit.amountMinor - group.exposure.amountMinor),
                                            currency: groupLimit.currency)
            groupFigures = ["groupExposure": group.exposure, "groupCreditLimit": groupLimit]
        }
        let average: Money?, orderAmount: Money
        do {
            average = try orders.averageOrder(since: rules.orderLookbackStart(asOf: order.orderDate), fx: rules.fx)
            orderAmount = try rules.fx.convert(order.amount)
        } catch {
            throw Self.rejection(for: error, rules: rules)
        }
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
                          "availableAmount": verdict.availableAmount].merging(groupFigures) { first, _ in first },
                orderId: order.orderId, message: "order \(order.orderId) held: \(reason)")))
        }
        if let average, average.amountMinor > 0,
           Double(orderAmount.amountMinor) > rules.orderSurgeRatio * Double(average.amountMinor) {
            actions.append(.alert(AlertDraft(
                type: .orderSurge, severity: rules.severity(of: .orderSurge), cause: "order.surge/\(order.orderId)",
                figures: ["ratioToAverage": Double(orderAmount.amountMinor) / Double(average.amountMinor),
                          "threshold": rules.orderSurgeRatio],
                amounts: ["orderAmount": order.amount, "averageOrder": average], orderId: order.orderId,
                message: "order \(order.orderId) is above \(rules.orderSurgeRatio)× the average order")))
        }
        return actions
    }

    private func disputeOpened(_ dispute: InvoiceDisputed, entry: LedgerEntry, rules: MonitoringRules) -> AlertDraft {
        AlertDraft(
            type: .disputeOpened, severity: rules.severity(of: .disputeOpened),
            cause: "dispute.opened/\(entry.issueKey)/\(entry.disputeCount)",
            amounts: ["disputedAmount": entry.disputedAmount ?? entry.balance, "openAmount": entry.balance],
            invoiceId: dispute.invoiceId, message: "invoice \(dispute.invoiceId) disputed: \(dispute.reason)")
    }
}
