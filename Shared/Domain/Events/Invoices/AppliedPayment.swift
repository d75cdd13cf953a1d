/// A payment as a stage remembers it on one invoice: its identity there is (paymentId, invoiceId), so the same
/// `paymentId` may be applied once to each of several invoices. Kept so that a ``PaymentReversed`` can be checked
/// and undone the same way in every stage.
public struct AppliedPayment: Sendable, Hashable, Codable {
    public var paymentId: String
    /// The payment's amount on this invoice less what was reversed of it.
    public var amount: Money
    /// What of it lowered the open amount (the rest was beyond what was open, or came while the case was closed).
    public var applied: Money

    public init(paymentId: String, amount: Money, applied: Money) {
        self.paymentId = paymentId
        self.amount = amount
        self.applied = applied
    }

    /// Takes `reversal` off the payment and returns what is owed again on the invoice: the part of the payment that
    /// never lowered the open amount is reversed first. Refuses more than what remains of the payment
    /// (`invalid_value`) and leaves the payment as it was.
    public mutating func reverse(_ reversal: Money) throws(EventRejection) -> Money {
        guard reversal.amountMinor <= amount.amountMinor else {
            throw .reversalExceedsPayment(reversal, paymentId: paymentId, remaining: amount)
        }
        let unapplied = amount.amountMinor - applied.amountMinor
        let owedAgain = max(0, reversal.amountMinor - unapplied)
        amount.amountMinor -= reversal.amountMinor
        applied.amountMinor -= owedAgain
        return Money(amountMinor: owedAgain, currency: amount.currency)
    }
}

extension [AppliedPayment] {
    /// The index of the payment `paymentId` on `invoiceId`, or `unknown_payment`.
    public func index(of paymentId: String, on invoiceId: InvoiceId) throws(EventRejection) -> Int {
        guard let index = firstIndex(where: { $0.paymentId == paymentId }) else {
            throw .unknownPayment(paymentId, invoiceId: invoiceId)
        }
        return index
    }
}
