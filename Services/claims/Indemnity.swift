import Domain

/// The indemnity of a claim (DOMAIN.md §6): insured % × min(eligible loss, insured limit in force when
/// the goods were invoiced), less what remains of the aggregate first loss, floored at 0, capped by what
/// remains of the maximum liability — with every step kept so that events and alerts can show it.
public struct Indemnity: Sendable, Hashable {
    /// The eligible loss: the open amounts of the claimed invoices.
    public var loss: Money
    /// The part of the loss within the insured limits.
    public var coveredLoss: Money
    /// Insured % × covered loss, rounded half-even on the minor unit.
    public var insuredAmount: Money
    /// The part of the insured amount borne by the seller as aggregate first loss.
    public var deductibleApplied: Money
    /// What the insurer pays.
    public var amount: Money
    /// True when the remaining maximum liability cut the indemnity.
    public var capped: Bool

    /// The covered loss of invoices taken oldest first: each adds its open amount up to what its own
    /// insured limit (in force when it was invoiced) leaves after the older ones — so a single invoice
    /// is covered up to min(open amount, limit), and several can never exceed the limit of the latest.
    ///
    /// The insured limit is the insurer's cover of the buyer, not of each invoice: the buyer's invoices share
    /// it, across its claims (`alreadyCovered`, what its earlier paid claims used of it).
    ///
    /// - Parameters:
    ///   - invoices: open amount and limit when invoiced, oldest first, all in the reporting currency.
    ///   - alreadyCovered: the covered loss of the buyer's claims paid before this one.
    public static func coveredLoss(_ invoices: [(openAmount: Money, limit: Money)], currency: Currency,
                                   alreadyCovered: Money? = nil) -> Money {
        let start = max(0, alreadyCovered?.amountMinor ?? 0)
        var covered = start
        for invoice in invoices {
            // Each step adds at most what the limit leaves, so the running total never exceeds the largest limit.
            let room = max(0, invoice.limit.amountMinor - covered)
            covered += min(max(0, invoice.openAmount.amountMinor), room)
        }
        return Money(amountMinor: covered - start, currency: currency)
    }

    /// Computes the indemnity of a loss.
    ///
    /// - Parameters:
    ///   - loss: the eligible loss; `coveredLoss` its part within the insured limits.
    ///   - insuredPercentage: the insured share, e.g. 0.9; the only non-integer, read as its exact decimal.
    ///   - remainingDeductible: what is left of the policy year's aggregate first loss.
    ///   - remainingLiability: what is left of the policy year's maximum liability.
    public static func compute(loss: Money, coveredLoss: Money, insuredPercentage: Double,
                               remainingDeductible: Money, remainingLiability: Money) throws(MoneyError) -> Indemnity {
        let insured = try coveredLoss.multiplied(by: insuredPercentage)
        let deductible = Money(amountMinor: min(insured.amountMinor, max(0, remainingDeductible.amountMinor)),
                               currency: insured.currency)
        let afterDeductible = try insured - deductible
        let room = max(0, remainingLiability.amountMinor)
        let amount = Money(amountMinor: min(afterDeductible.amountMinor, room), currency: insured.currency)
        return Indemnity(loss: loss, coveredLoss: coveredLoss, insuredAmount: insured, deductibleApplied: deductible,
                         amount: amount, capped: afterDeductible.amountMinor > room)
    }

    /// Splits a recovery after payout in proportion to the shares of the loss: the insurer gets
    /// recovery × indemnity ÷ loss (rounded half-even on the minor unit), the seller the rest.
    /// Debt 120,000 and indemnity 90,000: a recovery of 24,000 gives 18,000 and 6,000.
    public static func recoveryShares(_ recovery: Money, indemnity: Money, loss: Money) -> (insurer: Money, seller: Money) {
        guard loss.amountMinor > 0, recovery.amountMinor > 0 else {
            return (.zero(recovery.currency), recovery)
        }
        let numerator = UInt64(recovery.amountMinor).multipliedFullWidth(by: UInt64(max(0, indemnity.amountMinor)))
        let divisor = UInt64(loss.amountMinor)
        // The share never exceeds the recovery (indemnity ≤ loss), so the quotient fits.
        guard numerator.high < divisor else { return (recovery, .zero(recovery.currency)) }
        let (quotient, remainder) = divisor.dividingFullWidth(numerator)
        let rest = divisor - remainder
        let roundsUp = remainder > rest || (remainder == rest && quotient & 1 == 1)
        let insurer = min(Int64(quotient) + (roundsUp ? 1 : 0), recovery.amountMinor)
        return (Money(amountMinor: insurer, currency: recovery.currency),
                Money(amountMinor: recovery.amountMinor - insurer, currency: recovery.currency))
    }
}
