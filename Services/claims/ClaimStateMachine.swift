import Domain

/// The claim transitions of one buyer (DOMAIN.md §6), in the swift-nio style: each mutating method takes
/// one event and returns the outputs to publish. Nothing reads a clock; the day is always passed in.
///
/// - `notified`: the notification of overdue account of an invoice goes out when it passes the MEP — seen by
///   the stage clock, a monitoring overdue transition, or a dunning action (level 3, or any beyond the MEP) —
///   if that day is inside the NOA deadline (due + MEP + NOA days). Called for by dunning only after the
///   deadline, it is recorded as late and never sent.
/// - `filed`: once an invoice is more than `fileAfterDaysPastDue` days past due (stage clock or overdue
///   transition; dunning's level-4 claim trigger files too, but is not needed), or at once on insolvency.
///   The claim is per buyer: while the buyer has a claim filed and not yet paid, a newly eligible invoice
///   joins it (a `filed` event keyed `joined:<invoice>`, then the revised `approved`); an insolvency merges
///   the pending protracted-default claim and the notified cases into the insolvency claim. A disputed
///   invoice waits for its dispute to end before the clock files it.
/// - `approved` or `rejected`, emitted with the filing and dated on the insurer's response day (filing +
///   response working days): invoices breaking a rule of ``ClaimRejectionReason`` are excluded with their
///   reason; a claim left with none is rejected, else approved with its provisional indemnity.
/// - `paid` once the stage clock passes the payable day (`ClaimStateMachine+Money.swift`), `recovery` for
///   each payment after that, `closed` when the debt is settled before filing or payout.
extension BuyerClaimsState {
    /// The buyer's claim that is filed and not yet paid, rejected or closed: the one a newly eligible invoice joins.
    var pendingClaim: Claim? {
        claims.values.filter(\.isPending).min { $0.claimId.rawValue < $1.claimId.rawValue }
    }

    /// Follows one invoice's days past due at the end of `day`: the NOA past the MEP, the claim past
    /// `fileAfterDaysPastDue` (not while disputed: the dispute is settled first).
    mutating func followDaysPastDue(_ invoiceId: InvoiceId, on day: CalendarDate, rules: ClaimsRules,
                                    portfolio: [String: PolicyYearUsage.Figures]?, source: String) -> [ClaimsOutput] {
        guard let invoice = invoices[invoiceId.rawValue], invoice.isOpenForClaims else { return [] }
        let daysPastDue = invoice.daysPastDue(on: day)
        var outputs: [ClaimsOutput] = []
        if daysPastDue > rules.policy.maximumExtensionDays {
            outputs += notify(invoiceId, on: day, byDunning: false, rules: rules,
                              why: "\(source): \(daysPastDue) days past due, beyond the MEP of \(rules.policy.maximumExtensionDays) days")
        }
        if daysPastDue > rules.policy.fileAfterDaysPastDue, !invoice.disputed {
            outputs += fileProtractedDefault(invoiceId, on: day, rules: rules, portfolio: portfolio)
        }
        return outputs
    }

    /// Reacts to a dunning action: the claim trigger files, level-3 actions and anything beyond the MEP notify.
    /// Claims does not need these (it follows days past due itself); they only make it act no later than dunning.
    mutating func dunningActed(_ action: DunningAction, rules: ClaimsRules, portfolio: [String: PolicyYearUsage.Figures]?) -> [ClaimsOutput] {
        switch action.action {
        case .claimTrigger:
            return fileProtractedDefault(action.invoiceId, on: action.date, rules: rules, portfolio: portfolio)
        case .creditHold, .collectionHandover:
            return notify(action.invoiceId, on: action.date, byDunning: true, rules: rules,
                          why: "dunning level \(action.level) (\(action.action.rawValue)) at \(action.daysPastDue) days past due")
        case .resolved:
            return []
        default:
            guard action.daysPastDue > rules.policy.maximumExtensionDays else { return [] }
            return notify(action.invoiceId, on: action.date, byDunning: true, rules: rules,
                          why: "dunning \(action.action.rawValue) at \(action.daysPastDue) days past due, beyond the MEP")
        }
    }

    /// Sends the notification of overdue account of an open invoice once, inside the NOA deadline.
    ///
    /// - Parameter byDunning: a dunning action called for it; after the deadline this records the late call.
    mutating func notify(_ invoiceId: InvoiceId, on day: CalendarDate, byDunning: Bool, rules: ClaimsRules,
                         why: String) -> [ClaimsOutput] {
        guard var invoice = invoices[invoiceId.rawValue], invoice.isOpenForClaims,
              invoice.notifiedOn == nil, invoice.lateNotificationOn == nil else { return [] }
        let deadline = rules.notificationDeadline(dueDate: invoice.dueDate)
        guard day <= deadline else {
            if byDunning { invoice.lateNotificationOn = day }
            invoices[invoiceId.rawValue] = invoice
            return []
        }
        invoice.notifiedOn = day
        invoices[invoiceId.rawValue] = invoice
        let claim = Claim(claimId: ClaimIdentity.protractedDefault(buyer: buyerId, invoice: invoiceId),
                          trigger: .protractedDefault, state: .notified, invoiceIds: [invoiceId])
        claims[claim.claimId.rawValue] = claim
        return [event(claim, .notified, on: day, loss: rules.reportedOrZero(invoice.openAmount),
                      reason: "notification of overdue account: \(why); deadline \(deadline)")]
    }

    /// Files the protracted default of one invoice: into the buyer's pending claim when it has one, else as
    /// a new claim named after the invoice.
    mutating func fileProtractedDefault(_ invoiceId: InvoiceId, on day: CalendarDate, rules: ClaimsRules,
                                        portfolio: [String: PolicyYearUsage.Figures]?) -> [ClaimsOutput] {
        guard let invoice = invoices[invoiceId.rawValue], invoice.isOpenForClaims else { return [] }
        let outputs = notify(invoiceId, on: day, byDunning: false, rules: rules,
                             why: "sent with the claim at \(invoice.daysPastDue(on: day)) days past due")
        if let pending = pendingClaim {
            return outputs + join(pending, invoiceId, on: day, rules: rules, portfolio: portfolio)
        }
        let claimId = ClaimIdentity.protractedDefault(buyer: buyerId, invoice: invoiceId)
        return outputs + file(claimId, trigger: .protractedDefault, invoiceIds: [invoiceId], on: day,
                              rules: rules, portfolio: portfolio)
    }

    /// Files the buyer's insolvency claim once per buyer, for every open invoice not yet claimed and the
    /// invoices of its pending claim, which merges into it and closes, as do the notified cases.
    mutating func fileInsolvency(on day: CalendarDate, rules: ClaimsRules, portfolio: [String: PolicyYearUsage.Figures]?) -> [ClaimsOutput] {
        guard insolvencyClaimId == nil else { return [] }
        let claimId = ClaimIdentity.insolvency(buyer: buyerId)
        insolvencyClaimId = claimId
        let pending = pendingClaim
        let open = invoices.values.filter { $0.isOpenForClaims || ($0.claimId != nil && $0.claimId == pending?.claimId) }
            .sorted(by: InsuredInvoice.oldestFirst).map(\.invoiceId)
        guard !open.isEmpty else { return [] }
        let reason = "merged into the insolvency claim \(claimId)"
        var outputs: [ClaimsOutput] = []
        if var merged = pending {
            merged.state = .closed
            merged.reason = reason
            claims[merged.claimId.rawValue] = merged
            outputs.append(event(merged, .closed, on: day, reason: reason))
        }
        for invoiceId in open { outputs += closeNotifiedCase(of: invoiceId, on: day, reason: reason) }
        return outputs + file(claimId, trigger: .insolvency, invoiceIds: open, on: day, rules: rules, portfolio: portfolio)
    }

    /// Closes the notified case of an invoice whose debt is now claimed in another claim.
    private mutating func closeNotifiedCase(of invoiceId: InvoiceId, on day: CalendarDate, reason: String) -> [ClaimsOutput] {
        let caseId = ClaimIdentity.protractedDefault(buyer: buyerId, invoice: invoiceId)
        guard var notified = claims[caseId.rawValue], notified.state == .notified else { return [] }
        notified.state = .closed
        notified.reason = reason
        claims[caseId.rawValue] = notified
        return [event(notified, .closed, on: day, reason: reason)]
    }

    /// An invoice that became eligible while the buyer has a pending claim joins it: the limit is the buyer's,
    /// so the claim's indemnity is worked out again over all its invoices, never with a fresh limit.
    private mutating func join(_ pending: Claim, _ invoiceId: InvoiceId, on day: CalendarDate, rules: ClaimsRules,
                               portfolio: [String: PolicyYearUsage.Figures]?) -> [ClaimsOutput] {
        guard var invoice = invoices[invoiceId.rawValue] else { return [] }
        var claim = pending
        var outputs = closeNotifiedCase(of: invoiceId, on: day, reason: "joined the buyer's claim \(claim.claimId)")
        invoice.claimId = claim.claimId
        invoices[invoiceId.rawValue] = invoice
        let key = "joined:\(invoiceId.rawValue)"
        if let rejection = ClaimRejectionReason.check(invoice, limitWhenInvoiced: limits.limit(on: invoice.issueDate),
                                                      filedOn: day, rules: rules) {
            let exclusion = rejection.explanation(for: invoice, rules: rules)
            claim.reason = [claim.reason, "excluded: " + exclusion].compactMap { $0 }.joined(separator: "; ")
            claims[claim.claimId.rawValue] = claim
            outputs.append(event(claim, .filed, on: day, key: key, loss: claim.loss,
                                 reason: "\(invoiceId) did not join the buyer's claim: \(exclusion)"))
            return outputs
        }
        claim.invoiceIds.append(invoiceId)
        let indemnity = projectedIndemnity(of: claim, rules: rules, portfolio: portfolio)
        claim.loss = indemnity.loss
        claim.indemnity = indemnity.amount
        claims[claim.claimId.rawValue] = claim
        outputs.append(event(claim, .filed, on: day, key: key, loss: indemnity.loss,
                             reason: "\(invoiceId) joined the buyer's claim at \(invoice.daysPastDue(on: day)) days past due"))
        outputs.append(event(claim, .approved, on: rules.responseDate(filedOn: day), key: "approved:\(invoiceId.rawValue)",
                             loss: indemnity.loss, indemnity: indemnity.amount,
                             reason: "revised with \(invoiceId): \(ClaimAlerts.arithmetic(indemnity, rules: rules))"))
        return outputs
    }

    /// Files a claim, checks each invoice against the rejection rules and emits the insurer's decision.
    private mutating func file(_ claimId: ClaimId, trigger: ClaimTrigger, invoiceIds: [InvoiceId], on day: CalendarDate,
                               rules: ClaimsRules, portfolio: [String: PolicyYearUsage.Figures]?) -> [ClaimsOutput] {
        var claim = claims[claimId.rawValue] ?? Claim(claimId: claimId, trigger: trigger, state: .filed, invoiceIds: invoiceIds)
        var eligible: [InvoiceId] = [], exclusions: [String] = []
        for invoiceId in invoiceIds {
            guard var invoice = invoices[invoiceId.rawValue] else { continue }
            invoice.claimId = claimId
            invoices[invoiceId.rawValue] = invoice
            if let rejection = ClaimRejectionReason.check(invoice, limitWhenInvoiced: limits.limit(on: invoice.issueDate),
                                                          filedOn: day, rules: rules) {
                exclusions.append(rejection.explanation(for: invoice, rules: rules))
            } else {
                eligible.append(invoiceId)
            }
        }
        let loss = reportedOpenAmount(of: invoiceIds, rules: rules)
        let waitingPeriodEnds = trigger == .protractedDefault ? day.adding(days: rules.policy.waitingPeriodDays) : nil
        claim.state = .filed
        claim.invoiceIds = invoiceIds
        claim.filedOn = day
        claim.loss = loss
        claim.decidedOn = rules.responseDate(filedOn: day)
        var outputs = [event(claim, .filed, on: day, loss: loss, waitingPeriodEnds: waitingPeriodEnds)]
        let decidedOn = claim.decidedOn ?? day
        guard !eligible.isEmpty else {
            claim.state = .rejected
            claim.reason = exclusions.joined(separator: "; ")
            claims[claimId.rawValue] = claim
            outputs.append(event(claim, .rejected, on: decidedOn, loss: loss, reason: claim.reason))
            outputs.append(.alert(ClaimAlerts.rejected(claim, loss: loss)))
            return outputs
        }
        claim.state = .approved
        claim.invoiceIds = eligible
        claim.payableOn = rules.payableDate(filedOn: day, trigger: trigger)
        claim.reason = exclusions.isEmpty ? nil : "excluded: " + exclusions.joined(separator: "; ")
        let indemnity = projectedIndemnity(of: claim, rules: rules, portfolio: portfolio)
        claim.loss = indemnity.loss
        claim.indemnity = indemnity.amount
        claims[claimId.rawValue] = claim
        outputs.append(event(claim, .approved, on: decidedOn, loss: indemnity.loss, indemnity: indemnity.amount,
                             reason: claim.reason))
        outputs.append(.alert(ClaimAlerts.filed(claim, indemnity: indemnity, rules: rules)))
        return outputs
    }

    /// A claim event of `claim` in `state`; the processor adds the buyer's policy-year figures.
    func event(_ claim: Claim, _ state: ClaimState, on date: CalendarDate, key: String? = nil, loss: Money? = nil,
               indemnity: Money? = nil, recovery: (amount: Money, insurer: Money, seller: Money)? = nil,
               reason: String? = nil, waitingPeriodEnds: CalendarDate? = nil) -> ClaimsOutput {
        .claim(ClaimEvent(buyerId: buyerId, claimId: claim.claimId, state: state, date: date, invoiceIds: claim.invoiceIds,
                          trigger: state == .notified ? nil : claim.trigger, loss: loss, indemnity: indemnity,
                          recovery: recovery?.amount, insurerShare: recovery?.insurer, sellerShare: recovery?.seller,
                          reason: reason, waitingPeriodEnds: waitingPeriodEnds),
               key: key ?? state.rawValue)
    }

    /// The late-payment interest dunning last stated for these invoices, each converted into the reporting currency,
    /// summed; nil when none has any (no formal notice yet).
    public func interestToDate(of invoiceIds: [InvoiceId], rules: ClaimsRules) -> Money? {
        let stated = invoiceIds.compactMap { invoices[$0.rawValue]?.interest }
        guard !stated.isEmpty else { return nil }
        return stated.reduce(Money.zero(rules.currency)) { total, interest in
            PolicyYearUsage.saturatingSum(total, rules.reportedOrZero(interest))
        }
    }
}
