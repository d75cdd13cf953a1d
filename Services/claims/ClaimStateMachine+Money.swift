import Domain

/// The money side of the claim transitions: payments and credit notes before payout lower the loss
/// (oldest invoice of the claim in the payment's currency first) or close the case; payments after payout
/// are recoveries shared with the insurer; the payout itself consumes the policy year's deductible and
/// maximum liability, and the buyer's insured limit.
///
/// Every invoice keeps its own currency; a claim's loss, covered loss and indemnity are in the reporting
/// currency, each invoice converted on its own at the policy's rates. Sums an input drives are checked and
/// refuse the input (`amount_overflow`); the buyer's open invoices together always fit in 64 bits (checked
/// when an invoice or debit note comes in), so the claim figures computed from them fit too.
extension BuyerClaimsState {
    /// A payment on an invoice: a recovery when its claim is paid, else it lowers what is owed.
    mutating func paymentReceived(_ amount: Money, on invoiceId: InvoiceId, date: CalendarDate, reference: String,
                                  rules: ClaimsRules) throws(EventRejection) -> [ClaimsOutput] {
        guard let claim = paidClaim(of: invoiceId) else {
            return lowerDebt(amount, on: invoiceId, date: date, rules: rules)
        }
        let recovered: Money
        do {
            recovered = try (claim.recovered ?? .zero(rules.currency)) + rules.reported(amount)
        } catch {
            throw .amountOverflow("amount")
        }
        lowerOpenAmount(of: invoiceId, by: amount)
        let shares = Indemnity.recoveryShares(amount, indemnity: claim.indemnity ?? .zero(rules.currency),
                                              loss: claim.loss ?? rules.reportedOrZero(amount))
        var updated = claim
        updated.recovered = recovered
        claims[claim.claimId.rawValue] = updated
        return [event(updated, .recovery, on: date, key: "recovery:\(reference)", loss: claim.loss,
                      indemnity: claim.indemnity, recovery: (amount, shares.insurer, shares.seller),
                      reason: "recovery \(reference) shared in proportion to the loss: insurer \(shares.insurer), seller \(shares.seller)")]
    }

    /// A credit note lowers what is owed, a debit note raises it (never on a paid claim's loss); a debit note
    /// that would take the open amount beyond 64 bits is refused.
    mutating func adjusted(_ adjustment: InvoiceAdjusted, rules: ClaimsRules) throws(EventRejection) -> [ClaimsOutput] {
        switch adjustment.adjustmentKind {
        case .creditNote:
            return creditBeforePayout(adjustment.amount, on: adjustment.invoiceId, date: adjustment.date, rules: rules)
        case .debitNote:
            guard paidClaim(of: adjustment.invoiceId) == nil,
                  var invoice = invoices[adjustment.invoiceId.rawValue] else { return [] }
            do { invoice.openAmount = try invoice.openAmount + adjustment.amount } catch { throw .amountOverflow("amount") }
            // A debit note after settlement reopens the invoice: claims follows its days past due again.
            if !invoice.openAmount.isZero, invoice.cancelledOn == nil { invoice.settledOn = nil }
            invoices[adjustment.invoiceId.rawValue] = invoice
            return []
        }
    }

    /// A credit note or cancellation: lowers the debt like a payment, but is never a recovery.
    mutating func creditBeforePayout(_ amount: Money, on invoiceId: InvoiceId, date: CalendarDate,
                                     rules: ClaimsRules) -> [ClaimsOutput] {
        guard paidClaim(of: invoiceId) == nil else {
            lowerOpenAmount(of: invoiceId, by: amount)
            return []
        }
        return lowerDebt(amount, on: invoiceId, date: date, rules: rules)
    }

    /// Lowers what is owed before payout. Inside a pending claim the amount lowers the claim's invoices of its
    /// currency oldest first, and a loss brought to zero closes the claim; outside any claim, an invoice settled
    /// in full closes its notified case, if it has one.
    private mutating func lowerDebt(_ amount: Money, on invoiceId: InvoiceId, date: CalendarDate,
                                    rules: ClaimsRules) -> [ClaimsOutput] {
        guard let invoice = invoices[invoiceId.rawValue] else { return [] }
        if let claimId = invoice.claimId, var claim = claims[claimId.rawValue], claim.isPending,
           claim.invoiceIds.contains(invoiceId) {
            var remaining = amount.amountMinor
            let ordered = claim.invoiceIds.compactMap { invoices[$0.rawValue] }
                .filter { $0.openAmount.currency == amount.currency }.sorted(by: InsuredInvoice.oldestFirst)
            for var claimed in ordered where remaining > 0 {
                let taken = min(remaining, claimed.openAmount.amountMinor)
                claimed.openAmount.amountMinor -= taken
                remaining -= taken
                invoices[claimed.invoiceId.rawValue] = claimed
            }
            guard reportedOpenAmount(of: claim.invoiceIds, rules: rules).isZero else { return [] }
            claim.state = .closed
            claim.reason = "the loss was paid in full before payout"
            claims[claimId.rawValue] = claim
            return [event(claim, .closed, on: date, loss: .zero(rules.currency), reason: claim.reason)]
        }
        lowerOpenAmount(of: invoiceId, by: amount)
        guard var settled = invoices[invoiceId.rawValue], settled.openAmount.isZero, settled.claimId == nil,
              settled.settledOn == nil else { return [] }
        settled.settledOn = date
        invoices[invoiceId.rawValue] = settled
        let caseId = ClaimIdentity.protractedDefault(buyer: buyerId, invoice: invoiceId)
        guard var notified = claims[caseId.rawValue], notified.state == .notified else { return [] }
        notified.state = .closed
        notified.reason = "paid in full before filing"
        claims[caseId.rawValue] = notified
        return [event(notified, .closed, on: date, loss: .zero(rules.currency), reason: notified.reason)]
    }

    /// Pays every approved claim whose payable day is on or before `day`, in payable-day order, with the
    /// loss as it stands then; the policy year is that of the payable day (the date of loss).
    mutating func payDueClaims(on day: CalendarDate, rules: ClaimsRules, portfolio: [String: PolicyYearUsage.Figures]?) -> [ClaimsOutput] {
        let due = claims.values.filter { $0.state == .approved && ($0.payableOn.map { $0 <= day } ?? false) }
            .sorted { ($0.payableOn ?? day, $0.claimId) < ($1.payableOn ?? day, $1.claimId) }
        var outputs: [ClaimsOutput] = []
        for var claim in due {
            let payableOn = claim.payableOn ?? day
            let indemnity = projectedIndemnity(of: claim, rules: rules, portfolio: portfolio)
            let yearStart = rules.policyYearStart(of: payableOn)
            var year = usage.flatMap { $0.policyYearStart == yearStart ? $0 : nil }
                ?? PolicyYearUsage(policyYearStart: yearStart, currency: rules.currency)
            // Both stay within the policy's aggregate first loss and maximum liability, which the indemnity respects.
            year.deductible = PolicyYearUsage.saturatingSum(year.deductible, indemnity.deductibleApplied)
            year.indemnity = PolicyYearUsage.saturatingSum(year.indemnity, indemnity.amount)
            usage = year
            coveredByPaidClaims = PolicyYearUsage.saturatingSum(coveredByPaidClaims ?? .zero(rules.currency), indemnity.coveredLoss)
            claim.state = .paid
            claim.paidOn = payableOn
            claim.loss = indemnity.loss
            claim.indemnity = indemnity.amount
            claims[claim.claimId.rawValue] = claim
            outputs.append(event(claim, .paid, on: payableOn, loss: indemnity.loss, indemnity: indemnity.amount,
                                 reason: ClaimAlerts.arithmetic(indemnity, rules: rules)))
            outputs.append(.alert(ClaimAlerts.paid(claim, indemnity: indemnity, usage: year, rules: rules)))
        }
        return outputs
    }

    /// The indemnity `claim` would be paid on its payable day with the loss as it stands and the policy
    /// year's remaining deductible and liability: this buyer's usage from its state, the others' from the table.
    /// The covered loss shares the buyer's insured limit with its claims paid before.
    func projectedIndemnity(of claim: Claim, rules: ClaimsRules, portfolio: [String: PolicyYearUsage.Figures]?) -> Indemnity {
        let currency = rules.currency
        let yearStart = rules.policyYearStart(of: claim.payableOn ?? claim.filedOn ?? CalendarDate(dayNumber: 0))
        let own = usage.flatMap { $0.policyYearStart == yearStart ? $0 : nil }
            ?? PolicyYearUsage(policyYearStart: yearStart, currency: currency)
        let others = PolicyYearUsage.others(excluding: buyerId, policyYearStart: yearStart, currency: currency, table: portfolio)
        let claimed = claim.invoiceIds.compactMap { invoices[$0.rawValue] }.sorted(by: InsuredInvoice.oldestFirst)
        let loss = reportedOpenAmount(of: claim.invoiceIds, rules: rules)
        let covered = Indemnity.coveredLoss(
            claimed.map { (rules.reportedOrZero($0.openAmount), limits.limit(on: $0.issueDate).map(rules.reportedOrZero) ?? .zero(currency)) },
            currency: currency, alreadyCovered: coveredByPaidClaims)
        let used = PolicyYearUsage.saturatingSum(own.deductible, others.deductible)
        let paid = PolicyYearUsage.saturatingSum(own.indemnity, others.indemnity)
        let remainingDeductible = PolicyYearUsage.saturatingDifference(rules.reportedOrZero(rules.policy.aggregateFirstLoss), used)
        let remainingLiability = PolicyYearUsage.saturatingDifference(rules.reportedOrZero(rules.policy.maximumLiability), paid)
        let result = try? Indemnity.compute(loss: loss, coveredLoss: covered, insuredPercentage: rules.policy.insuredPercentage,
                                            remainingDeductible: remainingDeductible, remainingLiability: remainingLiability)
        // Validated policy fractions of a covered loss that fits in 64 bits cannot overflow; a failure pays nothing rather than guessing.
        return result ?? Indemnity(loss: loss, coveredLoss: covered, insuredAmount: .zero(currency),
                                   deductibleApplied: .zero(currency), amount: .zero(currency), capped: false)
    }

    /// The open amounts of some invoices, each converted into the reporting currency, summed. The buyer's
    /// open invoices together were checked to fit when they came in; should the policy's rates have grown
    /// since, the sum is held at the 64-bit bound rather than wrapped.
    func reportedOpenAmount(of invoiceIds: [InvoiceId], rules: ClaimsRules) -> Money {
        invoiceIds.reduce(Money.zero(rules.currency)) { total, invoiceId in
            guard let invoice = invoices[invoiceId.rawValue] else { return total }
            return PolicyYearUsage.saturatingSum(total, rules.reportedOrZero(invoice.openAmount))
        }
    }

    private func paidClaim(of invoiceId: InvoiceId) -> Claim? {
        guard let claimId = invoices[invoiceId.rawValue]?.claimId, let claim = claims[claimId.rawValue],
              claim.state == .paid, claim.invoiceIds.contains(invoiceId) else { return nil }
        return claim
    }

    /// Lowers an invoice's open amount, never below zero; both amounts are non-negative, so it cannot overflow.
    private mutating func lowerOpenAmount(of invoiceId: InvoiceId, by amount: Money) {
        try? update(invoiceId) { invoice in
            let (rest, overflow) = invoice.openAmount.amountMinor.subtractingReportingOverflow(amount.amountMinor)
            invoice.openAmount.amountMinor = overflow ? 0 : max(0, rest)
        }
    }
}
