import Domain

/// The claim transitions of one buyer (DOMAIN.md §6), in the swift-nio style: each mutating method takes
/// one event and returns the outputs to publish. Nothing reads a clock; the day is always passed in.
///
/// - `notified`: the notification of overdue account of an invoice goes out on the first level-3 dunning
///   action (credit hold, collection handover) or other dunning action beyond the MEP, or when the stage
///   clock finds the invoice past the MEP — if that day is inside the NOA deadline (due + MEP + NOA days).
///   Called for by dunning only after the deadline, it is recorded as late and never sent.
/// - `filed`: at the level-4 claim trigger (protracted default, one claim per invoice, a missing NOA sent
///   first while the deadline runs), or at once on insolvency (one claim for every open, unclaimed
///   invoice; notified cases merge into it and close).
/// - `approved` or `rejected`, emitted with the filing and dated on the insurer's response day (filing +
///   response working days): invoices breaking a rule of ``ClaimRejectionReason`` are excluded with their
///   reason; a claim left with none is rejected, else approved with its provisional indemnity.
/// - `paid` once the stage clock passes the payable day (`ClaimStateMachine+Money.swift`), `recovery` for
///   each payment after that, `closed` when the debt is settled before filing or payout.
extension BuyerClaimsState {
    /// Reacts to a dunning action: the claim trigger files, level-3 actions and anything beyond the MEP notify.
    mutating func dunningActed(_ action: DunningAction, rules: ClaimsRules, portfolio: [String: [UInt8]]?) -> [ClaimsOutput] {
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
        return [event(claim, .notified, on: day, loss: invoice.openAmount,
                      reason: "notification of overdue account: \(why); deadline \(deadline)")]
    }

    /// Files the protracted-default claim of one invoice (dunning level 4).
    mutating func fileProtractedDefault(_ invoiceId: InvoiceId, on day: CalendarDate, rules: ClaimsRules,
                                        portfolio: [String: [UInt8]]?) -> [ClaimsOutput] {
        guard let invoice = invoices[invoiceId.rawValue], invoice.isOpenForClaims else { return [] }
        let outputs = notify(invoiceId, on: day, byDunning: false, rules: rules,
                             why: "sent with the claim at \(invoice.daysPastDue(on: day)) days past due")
        let claimId = ClaimIdentity.protractedDefault(buyer: buyerId, invoice: invoiceId)
        return outputs + file(claimId, trigger: .protractedDefault, invoiceIds: [invoiceId], on: day,
                              rules: rules, portfolio: portfolio)
    }

    /// Files the buyer's insolvency claim for every open invoice not yet claimed, once per buyer.
    mutating func fileInsolvency(on day: CalendarDate, rules: ClaimsRules, portfolio: [String: [UInt8]]?) -> [ClaimsOutput] {
        guard insolvencyClaimId == nil else { return [] }
        let claimId = ClaimIdentity.insolvency(buyer: buyerId)
        insolvencyClaimId = claimId
        let open = invoices.values.filter(\.isOpenForClaims).sorted(by: InsuredInvoice.oldestFirst).map(\.invoiceId)
        guard !open.isEmpty else { return [] }
        var outputs: [ClaimsOutput] = []
        for invoiceId in open {
            let caseId = ClaimIdentity.protractedDefault(buyer: buyerId, invoice: invoiceId)
            guard var notified = claims[caseId.rawValue], notified.state == .notified else { continue }
            notified.state = .closed
            notified.reason = "merged into the insolvency claim \(claimId)"
            claims[caseId.rawValue] = notified
            outputs.append(event(notified, .closed, on: day, reason: notified.reason))
        }
        return outputs + file(claimId, trigger: .insolvency, invoiceIds: open, on: day, rules: rules, portfolio: portfolio)
    }

    /// Files a claim, checks each invoice against the rejection rules and emits the insurer's decision.
    private mutating func file(_ claimId: ClaimId, trigger: ClaimTrigger, invoiceIds: [InvoiceId], on day: CalendarDate,
                               rules: ClaimsRules, portfolio: [String: [UInt8]]?) -> [ClaimsOutput] {
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
        let loss = openAmount(of: invoiceIds, rules: rules)
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
}
