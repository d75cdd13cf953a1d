import Domain

/// The alerts of the claims stage — `claim.filed`, `claim.rejected`, `claim.paid` — with the figures and
/// amounts behind them, and the indemnity arithmetic as the paid event and alert write it.
enum ClaimAlerts {
    /// An approved claim was filed: what is claimed and the provisional indemnity.
    static func filed(_ claim: Claim, indemnity: Indemnity, rules: ClaimsRules) -> ClaimAlert {
        let payable = claim.payableOn.map { ", payable from \($0)" } ?? ""
        let excluded = claim.reason.map { "; \($0)" } ?? ""
        return ClaimAlert(
            alertType: .claimFiled, severity: .warning, claimId: claim.claimId, invoiceId: claim.invoiceIds.first,
            figures: ["invoiceCount": Double(claim.invoiceIds.count), "insuredPercentage": rules.policy.insuredPercentage],
            amounts: ["loss": indemnity.loss, "coveredLoss": indemnity.coveredLoss, "indemnity": indemnity.amount],
            message: "\(claim.trigger.rawValue) claim \(claim.claimId) filed for \(claim.invoiceIds.count) invoice(s): loss \(indemnity.loss), provisional indemnity \(indemnity.amount)\(payable)\(excluded)")
    }

    /// A claim was rejected, with its reasons.
    static func rejected(_ claim: Claim, loss: Money) -> ClaimAlert {
        ClaimAlert(
            alertType: .claimRejected, severity: .critical, claimId: claim.claimId, invoiceId: claim.invoiceIds.first,
            figures: ["invoiceCount": Double(claim.invoiceIds.count)], amounts: ["loss": loss],
            message: "\(claim.trigger.rawValue) claim \(claim.claimId) rejected: \(claim.reason ?? "no eligible invoice")")
    }

    /// A claim was paid: the indemnity, how it was computed, and the policy year's usage after it.
    static func paid(_ claim: Claim, indemnity: Indemnity, usage: PolicyYearUsage, rules: ClaimsRules) -> ClaimAlert {
        let share = indemnity.loss.amountMinor > 0 ? Double(indemnity.amount.amountMinor) / Double(indemnity.loss.amountMinor) : 0
        return ClaimAlert(
            alertType: .claimPaid, severity: .info, claimId: claim.claimId, invoiceId: claim.invoiceIds.first,
            figures: ["invoiceCount": Double(claim.invoiceIds.count), "insurerShareOfLoss": share],
            amounts: ["loss": indemnity.loss, "coveredLoss": indemnity.coveredLoss, "insuredAmount": indemnity.insuredAmount,
                      "deductibleApplied": indemnity.deductibleApplied, "indemnity": indemnity.amount,
                      "yearToDateIndemnity": usage.indemnity, "yearToDateDeductible": usage.deductible],
            message: "claim \(claim.claimId) paid: \(arithmetic(indemnity, rules: rules))")
    }

    /// `90 % × min(loss 120000.00 USD, limit) = …`, the indemnity arithmetic in words.
    static func arithmetic(_ indemnity: Indemnity, rules: ClaimsRules) -> String {
        let percent = rules.policy.insuredPercentage * 100
        var text = "\(percent.formatted()) % × covered \(indemnity.coveredLoss) of loss \(indemnity.loss) = \(indemnity.insuredAmount)"
        text += ", less aggregate first loss \(indemnity.deductibleApplied) = \(indemnity.amount)"
        if indemnity.capped { text += " (capped by the remaining maximum liability)" }
        return text
    }
}

extension Double {
    /// A policy percentage without a trailing `.0` (90, 87.5).
    fileprivate func formatted() -> String {
        rounded() == self ? String(Int(self)) : String(self)
    }
}
