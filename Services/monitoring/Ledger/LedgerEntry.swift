import Domain

/// One invoice as the ledger knows it: its terms, every dated movement of its open amount, its dispute and
/// whether it was cancelled. The unit the aging and KPI functions work on, per buyer or for a whole portfolio.
public struct LedgerEntry: Sendable, Hashable, Codable {
    public var buyerId: BuyerId
    public var invoiceId: InvoiceId
    /// The invoiced amount; its currency is the entry's currency.
    public var amount: Money
    public var issueDate: CalendarDate
    public var dueDate: CalendarDate
    public var orderId: OrderId?
    /// In date order of arrival; the first is the issue.
    public var movements: [LedgerMovement]
    /// The part in dispute while a dispute is open; nil when none is.
    public var disputedAmount: Money?
    /// How many disputes were opened on this invoice, so each one is recognisable.
    public var disputeCount: Int
    /// A cancelled invoice counts in no position and no sales from this date on.
    public var cancelledOn: CalendarDate?
    /// How many times the invoice was cancelled and issued again under its id (nil: never).
    public var reissues: Int?

    /// A freshly issued invoice with its issue movement.
    public init(buyerId: BuyerId, invoiceId: InvoiceId, amount: Money, issueDate: CalendarDate, dueDate: CalendarDate,
                orderId: OrderId? = nil) {
        self.buyerId = buyerId
        self.invoiceId = invoiceId
        self.amount = amount
        self.issueDate = issueDate
        self.dueDate = dueDate
        self.orderId = orderId
        self.movements = [LedgerMovement(kind: .issued, date: issueDate, amount: amount)]
        self.disputedAmount = nil
        self.disputeCount = 0
        self.cancelledOn = nil
    }

    /// The entry of an ``InvoiceIssued`` event.
    public init(_ issued: InvoiceIssued) {
        self.init(buyerId: issued.buyerId, invoiceId: issued.invoiceId, amount: issued.amount,
                  issueDate: issued.issueDate, dueDate: issued.dueDate, orderId: issued.orderId)
    }

    public var currency: Currency { amount.currency }

    /// The invoice's id, with `#<n>` once it was reissued: what its overdue thresholds and their ids are keyed by.
    public var issueKey: String {
        guard let reissues, reissues > 0 else { return invoiceId.rawValue }
        return "\(invoiceId.rawValue)#\(reissues)"
    }

    /// What is open at the end of `date`: the movements dated on or before it, never below zero, and nothing
    /// once cancelled.
    public func openAmount(atEndOf date: CalendarDate) -> Money {
        if let cancelledOn, cancelledOn <= date { return .zero(currency) }
        var minor: Int128 = 0
        for movement in movements where movement.date <= date { minor += Int128(movement.amount.amountMinor) }
        return clampedOpen(minor)
    }

    /// What is open counting every movement known, whatever its date.
    public var balance: Money {
        guard cancelledOn == nil else { return .zero(currency) }
        return clampedOpen(movements.reduce(Int128(0)) { $0 + Int128($1.amount.amountMinor) })
    }

    /// The sum of the movements that raised the invoice (issue, debit notes, reversed payments): the most it can
    /// be open on any day.
    public var raisedMinor: Int128 {
        movements.reduce(Int128(0)) { $0 + Int128(max(0, $1.amount.amountMinor)) }
    }

    /// Whether every figure of the entry fits in 64-bit minor units: its raising movements (issue, debit notes)
    /// sum to no more than `Int64.max`, so no subset of its movements — the open amount on any day — can exceed
    /// it. `BuyerLedger` refuses a movement that would break this (`amount_overflow`).
    public var figuresFit: Bool {
        let raised = movements.reduce(Int128(0)) { $0 + Int128(max(0, $1.amount.amountMinor)) }
        let lowered = movements.reduce(Int128(0)) { $0 + Int128(min(0, $1.amount.amountMinor)) }
        return raised <= Int128(Int64.max) && lowered >= Int128(Int64.min)
    }

    /// A sum of movements as an open amount: never below zero. Sums are exact in 128 bits; `figuresFit` keeps
    /// them within 64, and the clamp only guards a state written before that rule.
    private func clampedOpen(_ minor: Int128) -> Money {
        Money(amountMinor: Int64(clamping: max(0, minor)), currency: currency)
    }

    /// Whether the invoice is a credit sale of `period` as seen at its end (issued in it, not cancelled by then).
    public func isSale(in period: ClosedRange<CalendarDate>) -> Bool {
        guard period.contains(issueDate) else { return false }
        if let cancelledOn, cancelledOn <= period.upperBound { return false }
        return true
    }

    /// The date the open amount last reached zero through a payment, when the invoice is settled by payment:
    /// the settlement date of DOMAIN.md §1. Nil while open, and for write-offs and cancellations.
    public var settlementDate: CalendarDate? {
        guard cancelledOn == nil, balance.isZero else { return nil }
        let ordered = movements.enumerated().sorted { ($0.element.date, $0.offset) < ($1.element.date, $1.offset) }
        var minor: Int128 = 0
        var settled: (date: CalendarDate, kind: LedgerMovement.Kind)?
        for (_, movement) in ordered {
            minor += Int128(movement.amount.amountMinor)
            if minor <= 0, settled == nil { settled = (movement.date, movement.kind) }
            if minor > 0 { settled = nil }
        }
        guard let settled, settled.kind == .payment || settled.kind == .unappliedCash else { return nil }
        return settled.date
    }

    /// Whether the seller wrote (part of) the invoice off: a loss, which never lifts a credit hold.
    public var isWrittenOff: Bool { movements.contains { $0.kind == .writeOff } }

    /// The date the invoice stopped counting anywhere (settled, written off, credited or cancelled), or nil.
    public var closedDate: CalendarDate? {
        if let cancelledOn { return cancelledOn }
        guard balance.isZero else { return nil }
        return movements.map(\.date).max()
    }

    /// Whether a payment or adjustment with this ERP id was already applied.
    func hasMovement(reference: String, kinds: Set<LedgerMovement.Kind>) -> Bool {
        movements.contains { $0.reference == reference && kinds.contains($0.kind) }
    }
}
