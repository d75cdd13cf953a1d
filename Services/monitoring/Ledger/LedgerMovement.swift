import Domain

/// One dated change to what is open on an invoice. Positions on any day are the sum of the movements dated
/// on or before it, so "paid on D ⇒ not open at the end of D" holds by construction.
public struct LedgerMovement: Sendable, Hashable, Codable {
    /// What caused the movement.
    public enum Kind: String, Sendable, Hashable, Codable {
        case issued
        case payment
        case creditNote
        case debitNote
        /// A credit note granted by an upheld dispute.
        case disputeUpheld
        case writeOff
        /// A payment the ERP reversed: owed again.
        case paymentReversed
        /// The buyer's unapplied cash (an earlier overpayment) applied by the policy.
        case unappliedCash
    }

    public var kind: Kind
    public var date: CalendarDate
    /// Signed: positive raises the open amount (issue, debit note), negative lowers it.
    public var amount: Money
    /// The ERP's id of the payment or adjustment, to recognise a repeated one.
    public var reference: String?

    /// A movement of `amount` (signed) on `date`.
    public init(kind: Kind, date: CalendarDate, amount: Money, reference: String? = nil) {
        self.kind = kind
        self.date = date
        self.amount = amount
        self.reference = reference
    }
}
