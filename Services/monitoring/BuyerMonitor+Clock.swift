import Domain
import Foundation

extension BuyerMonitor {
    /// The time-driven rules, run on every punctuation and after every input: overdue thresholds of the days
    /// that have ended, credit holds of settled invoices, the buyer-level alerts, pruning, and the position
    /// when it changed.
    ///
    /// - Parameters:
    ///   - portfolio: the positions table for `concentration`; nil leaves that rule unevaluated.
    ///   - overdueThresholds: whether the overdue thresholds of the days that ended fire now (not after a dunning
    ///     action, so that monitoring's overdue transitions never depend on dunning).
    /// - Throws: when the position cannot be computed (a figure beyond 64-bit minor units, a currency without a
    ///   rate); the caller then keeps the state as it was.
    public mutating func review(now: Timestamp, rules: MonitoringRules, portfolio: [String: PositionSummary]?,
                                overdueThresholds: Bool = true) throws(MoneyError) -> [MonitoringAction] {
        let today = rules.policy.businessDay(of: now)
        var actions = overdueThresholds ? overdueTransitions(throughEndOf: today.adding(days: -1), rules: rules) : []
        // A hold ends when its invoice is settled (paid, credited or cancelled); a write-off is a loss and keeps it
        // unless the policy says otherwise (a collector's `releaseHold` lifts it in any case).
        creditHoldInvoices = creditHoldInvoices.filter { id in
            guard let entry = ledger[InvoiceId(id)] else { return true }
            return !entry.balance.isZero || (entry.isWrittenOff && !rules.releasesHoldOnWriteOff)
        }
        for expired in orders.expireApprovals(olderThan: rules.orderApprovalValidityDays, today: today) {
            actions.append(.alert(AlertDraft(
                type: .orderApprovalExpired, severity: .info, cause: "order.approval.expired/\(expired.orderId)",
                figures: ["validityDays": Double(rules.orderApprovalValidityDays)],
                amounts: ["orderAmount": expired.amount, "releasedAmount": expired.unbilled], orderId: expired.orderId,
                message: "approval of order \(expired.orderId) expired: \(expired.unbilled) no longer counts in exposure")))
        }
        ledger.prune(closedBefore: rules.retentionStart(asOf: today), issuedBefore: rules.kpiPeriod(asOf: today).lowerBound)
        fired.keepInvoices(ledger.entries.values.map(\.issueKey))
        orders.prune(placedBefore: rules.orderLookbackStart(asOf: today))

        let position = try position(asOf: today, rules: rules)
        actions += conditionAlerts(position, today: today, rules: rules, portfolio: portfolio)
        let digest = Self.figuresDigest(position)
        if lastPositionDigest != digest {
            lastPositionDigest = digest
            actions.append(.position(position))
        }
        return actions
    }

    /// Fires each threshold an invoice reached by the end of `lastDay` (the last day that has ended) and was
    /// still open at the end of — once per invoice and threshold, whatever the day it is noticed on.
    private mutating func overdueTransitions(throughEndOf lastDay: CalendarDate, rules: MonitoringRules) -> [MonitoringAction] {
        var actions: [MonitoringAction] = []
        for entry in ledger.sortedEntries where entry.cancelledOn == nil {
            // A reissued invoice is a new issue under the same id: its thresholds fire again, under their own ids.
            let id = entry.issueKey
            for threshold in rules.overdueThresholds where !fired.hasFired(invoiceId: id, threshold: threshold) {
                let day = entry.dueDate.adding(days: threshold)
                guard day <= lastDay else { break }
                let open = entry.openAmount(atEndOf: day)
                guard !open.isZero else { continue }
                fired.markFired(invoiceId: id, threshold: threshold)
                let disputed = entry.disputedAmount != nil
                actions.append(.overdue(OverdueTransition(
                    buyerId: buyerId, invoiceId: entry.invoiceId, daysPastDue: threshold, dueDate: entry.dueDate,
                    asOf: day, openAmount: open, disputed: disputed), cause: "\(id)/\(threshold)"))
                actions.append(.alert(AlertDraft(
                    type: .invoiceOverdue, severity: rules.overdueSeverity(daysPastDue: threshold),
                    cause: "invoice.overdue/\(id)/\(threshold)",
                    figures: ["daysPastDue": Double(threshold), "disputed": disputed ? 1 : 0],
                    amounts: ["openAmount": open], invoiceId: entry.invoiceId,
                    message: "invoice \(entry.invoiceId) is \(threshold) days past due at the end of \(day)")))
            }
        }
        return actions
    }

    /// The buyer-level alerts, each fired when its condition becomes true (one episode, one alert).
    private mutating func conditionAlerts(_ position: ReceivablesPosition, today: CalendarDate, rules: MonitoringRules,
                                          portfolio: [String: PositionSummary]?) -> [MonitoringAction] {
        var drafts: [AlertDraft] = []
        func raise(_ type: AlertType, when condition: Bool, _ draft: (String) -> AlertDraft) {
            if let episode = fired.update(condition: type.rawValue, isTrue: condition) {
                drafts.append(draft("\(type.rawValue)#\(episode)"))
            }
        }

        // Limit-based alerts are skipped only while the buyer has never had a limit (unrated); a limit withdrawn
        // to zero leaves the whole exposure over it.
        let limit = standing.flatMap { limitAlertsApply ? try? rules.fx.convert($0.creditLimit) : nil }
        let limitAmount = Double(limit?.amountMinor ?? 0)
        let exposure = Double(position.exposure.amountMinor), overdue = Double(position.overdueAmount.amountMinor)
        raise(.creditLimitExceeded, when: limit != nil && exposure > limitAmount) { cause in
            AlertDraft(type: .creditLimitExceeded, severity: rules.severity(of: .creditLimitExceeded), cause: cause,
                       figures: limitAmount > 0 ? ["exposureShareOfLimit": exposure / limitAmount] : [:],
                       amounts: ["exposure": position.exposure, "creditLimit": limit ?? .zero(position.exposure.currency)],
                       message: "exposure exceeds the credit limit")
        }
        raise(.overdueRatio, when: limit != nil && overdue > 0 && overdue >= rules.overdueShareOfLimit * limitAmount) { cause in
            AlertDraft(type: .overdueRatio, severity: rules.severity(of: .overdueRatio), cause: cause,
                       figures: limitAmount > 0 ? ["overdueShareOfLimit": overdue / limitAmount, "threshold": rules.overdueShareOfLimit]
                                                : ["threshold": rules.overdueShareOfLimit],
                       amounts: ["overdueAmount": position.overdueAmount, "creditLimit": limit ?? .zero(position.exposure.currency)],
                       message: "overdue amount is at least \(rules.overdueShareOfLimit * 100) % of the credit limit")
        }

        let windows = DaysToPay.windows(endingOn: today, days: rules.paymentSlowdownDays)
        let entries = ledger.sortedEntries
        let recent = DaysToPay.average(entries, settledIn: windows.recent)
        let previous = DaysToPay.average(entries, settledIn: windows.previous)
        var slowing = false
        if let recent, let previous, previous > 0 { slowing = recent >= previous * (1 + rules.paymentSlowdownShare) }
        raise(.paymentSlowdown, when: slowing) { cause in
            AlertDraft(type: .paymentSlowdown, severity: rules.severity(of: .paymentSlowdown), cause: cause,
                       figures: ["recentDaysToPay": recent ?? 0, "previousDaysToPay": previous ?? 0,
                                 "increase": (recent ?? 0) / (previous ?? 1) - 1],
                       message: "average days-to-pay up \(rules.paymentSlowdownShare * 100) % or more")
        }

        if let portfolio {
            let finding = Concentration.check(buyer: buyerId, open: position.openAmount, positions: portfolio,
                                              threshold: rules.concentrationShare, fx: rules.fx)
            raise(.concentration, when: finding != nil) { cause in
                AlertDraft(type: .concentration, severity: rules.severity(of: .concentration), cause: cause,
                           figures: ["share": finding?.share ?? 0, "threshold": rules.concentrationShare],
                           amounts: ["buyerReceivables": finding?.buyerReceivables ?? position.openAmount,
                                     "portfolioReceivables": finding?.portfolioReceivables ?? position.openAmount],
                           message: "buyer holds more than \(rules.concentrationShare * 100) % of all receivables")
            }
        }
        return drafts.map { .alert($0) }
    }

    /// A fingerprint of a position's figures, whatever day it is as of: two positions with the same figures have
    /// the same digest. The KPIs count by their figures: the days of the period's last month grow every day,
    /// and with them DSO, but a position is not worth publishing for the calendar alone (readers of a
    /// portfolio recount the days).
    ///
    /// The figures are fed to the hash one by one (encoding the position as JSON first took a sixth of the
    /// stage's time); `PositionDigestTests` fails when a field of the position is added without being fed here.
    static func figuresDigest(_ position: ReceivablesPosition) -> UInt64 {
        var hasher = StableHasher()
        hasher.combine(position.buyerId.rawValue)
        for amount in [position.openAmount, position.overdueAmount, position.disputedAmount, position.exposure,
                       position.approvedOrdersAmount] {
            hasher.combine(amount)
        }
        for bucket in position.aging.buckets { hasher.combine(bucket.amount) }
        hasher.combine(position.openInvoiceCount)
        hasher.combine(position.onCreditHold)
        hasher.combine(position.creditLimit)
        hasher.combine(position.kpis != nil)
        if let kpis = position.kpis {
            hasher.combine(kpis.periodStart.dayNumber)
            hasher.combine(kpis.beginningReceivables)
            hasher.combine(kpis.endingCurrentReceivables)
            hasher.combine(kpis.monthlySales.count)
            for month in kpis.monthlySales {
                hasher.combine(month.month.dayNumber)
                hasher.combine(month.sales)
            }
        }
        hasher.combine(position.currencies?.count ?? -1)
        for part in position.currencies ?? [] {
            for amount in [part.openAmount, part.overdueAmount, part.approvedOrdersAmount] { hasher.combine(amount) }
            hasher.combine(part.unappliedCash)
        }
        hasher.combine(position.unappliedCash)
        hasher.combine(position.parentId?.rawValue ?? "")
        return hasher.value
    }
}
