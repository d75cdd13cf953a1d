import Domain

/// Cash a buyer paid beyond what was open on the invoice it was applied to: an on-account credit of the buyer,
/// never dropped. It lowers the buyer's exposure while it waits, and the policy (`applyUnappliedCash`) applies it
/// to the buyer's open invoices, oldest first.
public struct UnappliedCredit: Sendable, Hashable, Codable {
    /// The ERP's id of the overpayment, and the invoice it came in on.
    public var paymentId: String
    public var invoiceId: InvoiceId
    /// What is left of it, in the payment's currency.
    public var remaining: Money
    public var receivedOn: CalendarDate

    public init(paymentId: String, invoiceId: InvoiceId, remaining: Money, receivedOn: CalendarDate) {
        self.paymentId = paymentId
        self.invoiceId = invoiceId
        self.remaining = remaining
        self.receivedOn = receivedOn
    }

    /// How it is applied to open invoices: `on-account:<paymentId>/<invoiceId>`.
    var reference: String { "on-account:\(paymentId)/\(invoiceId)" }
}

extension BuyerMonitor {
    /// The buyer's unapplied cash per currency.
    func unappliedCashByCurrency() throws(MoneyError) -> [Currency: Money] {
        var sums: [Currency: Int128] = [:]
        for credit in unappliedCash ?? [] { sums[credit.remaining.currency, default: 0] += Int128(credit.remaining.amountMinor) }
        var result: [Currency: Money] = [:]
        for (currency, sum) in sums { result[currency] = try Money(exactly: sum, currency) }
        return result
    }

    /// Keeps what `payment` paid beyond its invoice's open amount as unapplied cash.
    mutating func keepOverpayment(_ excess: Money, of payment: PaymentApplied) {
        guard excess.amountMinor > 0 else { return }
        unappliedCash = (unappliedCash ?? []) + [UnappliedCredit(paymentId: payment.paymentId, invoiceId: payment.invoiceId,
                                                                 remaining: excess, receivedOn: payment.paymentDate)]
    }

    /// Applies unapplied cash, oldest credit first, to the buyer's open invoices in its currency, oldest due date
    /// first (the policy's `oldestOpenInvoiceFirst`); `keepOnAccount` leaves it for the ERP to apply.
    mutating func applyUnappliedCash(on date: CalendarDate, rules: MonitoringRules) {
        guard rules.appliesUnappliedCash, var credits = unappliedCash, !credits.isEmpty else { return }
        let open = ledger.sortedEntries.filter { $0.cancelledOn == nil && !$0.balance.isZero }
            .sorted { ($0.dueDate, $0.issueDate, $0.invoiceId.rawValue) < ($1.dueDate, $1.issueDate, $1.invoiceId.rawValue) }
        for index in credits.indices {
            for entry in open where entry.currency == credits[index].remaining.currency && !credits[index].remaining.isZero {
                let taken = ledger.applyOnAccount(credits[index].remaining, to: entry.invoiceId,
                                                  reference: credits[index].reference, on: date)
                credits[index].remaining.amountMinor -= taken.amountMinor
            }
        }
        credits.removeAll { $0.remaining.isZero }
        unappliedCash = credits.isEmpty ? nil : credits
    }

    /// A reversal takes back what is still unapplied of its payment first; returns what is left to reverse on the
    /// invoice itself.
    mutating func reverseUnapplied(_ reversal: PaymentReversed) -> Money {
        var left = reversal.amount.amountMinor
        guard var credits = unappliedCash else { return reversal.amount }
        for index in credits.indices where credits[index].paymentId == reversal.paymentId
            && credits[index].invoiceId == reversal.invoiceId && credits[index].remaining.currency == reversal.amount.currency {
            let taken = min(left, credits[index].remaining.amountMinor)
            credits[index].remaining.amountMinor -= taken
            left -= taken
        }
        credits.removeAll { $0.remaining.isZero }
        unappliedCash = credits.isEmpty ? nil : credits
        return Money(amountMinor: left, currency: reversal.amount.currency)
    }
}
