import Domain

/// Every invoice of one buyer, each in its own currency, with the rules of DOMAIN.md §2 for applying invoice events.
///
/// Bad input throws an `EventRejection` and leaves the ledger unchanged: a payment or update for an unknown
/// invoice (`unknown_invoice`), an invoice issued twice or a payment/adjustment id applied twice
/// (`duplicate_event`), an amount in another currency than the invoice's (`mixed_currency`), a debit note that
/// would take the invoice's figures beyond 64-bit minor units (`amount_overflow`).
public struct BuyerLedger: Sendable, Hashable, Codable {
    /// By invoice id.
    public private(set) var entries: [String: LedgerEntry] = [:]

    /// An empty ledger.
    public init() {}

    /// A ledger of entries as they stand (a restored or constructed state).
    init(entries: [LedgerEntry]) {
        self.entries = Dictionary(entries.map { ($0.invoiceId.rawValue, $0) }, uniquingKeysWith: { _, last in last })
    }

    /// The entry of an invoice, if known.
    public subscript(invoiceId: InvoiceId) -> LedgerEntry? { entries[invoiceId.rawValue] }

    /// Whether the buyer's figures fit in 64-bit minor units on any day: the invoices' raised amounts together do
    /// (each currency on its own; conversion is checked where it happens), so no aging bucket, total, KPI figure
    /// or exposure summed from them can overflow, whatever day it is computed for.
    public var figuresFit: Bool {
        var sums: [Currency: Int128] = [:]
        for entry in entries.values where entry.cancelledOn == nil { sums[entry.currency, default: 0] += entry.raisedMinor }
        return sums.values.allSatisfy { $0 <= Int128(Int64.max) }
    }

    /// The entries in invoice-id order (deterministic output order).
    public var sortedEntries: [LedgerEntry] { entries.keys.sorted().compactMap { entries[$0] } }

    /// Records a new invoice, in whatever currency it is issued; refuses one already known. An invoice issued
    /// under the id of one that was cancelled is a reissue: it replaces the cancelled one, which counted nowhere
    /// since its cancellation.
    public mutating func issue(_ event: InvoiceIssued) throws(EventRejection) {
        var reissues: Int?
        if let existing = entries[event.invoiceId.rawValue] {
            guard existing.cancelledOn != nil else {
                throw EventRejection(code: .duplicateEvent, field: "invoiceId",
                                     message: "invoice \"\(event.invoiceId)\" was already issued")
            }
            reissues = (existing.reissues ?? 0) + 1
        }
        var entry = LedgerEntry(event)
        entry.reissues = reissues
        entries[event.invoiceId.rawValue] = entry
    }

    /// Applies a payment, in full or in part; returns what it paid beyond the invoice's open amount (an
    /// overpayment, which the buyer's monitor keeps as unapplied cash), zero when it paid no more than was open.
    @discardableResult
    public mutating func apply(_ event: PaymentApplied) throws(EventRejection) -> Money {
        var entry = try openEntry(event.invoiceId)
        try Self.requireCurrency(event.amount, entry.currency, field: "amount.currency")
        guard !entry.hasMovement(reference: event.paymentId, kinds: [.payment]) else {
            throw EventRejection(code: .duplicateEvent, field: "paymentId",
                                 message: "payment \"\(event.paymentId)\" was already applied to \"\(event.invoiceId)\"")
        }
        let applied = min(event.amount.amountMinor, entry.balance.amountMinor)
        entry.movements.append(LedgerMovement(kind: .payment, date: event.paymentDate,
                                              amount: Money(amountMinor: -applied, currency: entry.currency),
                                              reference: event.paymentId))
        try Self.requireFiguresFit(entry)
        entries[event.invoiceId.rawValue] = entry
        return Money(amountMinor: event.amount.amountMinor - applied, currency: entry.currency)
    }

    /// Applies unapplied cash of the buyer to an open invoice, up to its open amount; returns what it took.
    mutating func applyOnAccount(_ amount: Money, to invoiceId: InvoiceId, reference: String, on date: CalendarDate) -> Money {
        guard var entry = entries[invoiceId.rawValue], entry.cancelledOn == nil, entry.currency == amount.currency else {
            return .zero(amount.currency)
        }
        let taken = min(amount.amountMinor, entry.balance.amountMinor)
        guard taken > 0 else { return .zero(amount.currency) }
        entry.movements.append(LedgerMovement(kind: .unappliedCash, date: date,
                                              amount: Money(amountMinor: -taken, currency: amount.currency), reference: reference))
        entries[invoiceId.rawValue] = entry
        return Money(amountMinor: taken, currency: amount.currency)
    }

    /// Reverses (part of) a payment applied before: the amount is owed again, and an invoice it had settled reopens.
    /// Refuses a payment never applied to the invoice (`unknown_payment`), more than what is left of it
    /// (`invalid_value`), or a currency other than the invoice's (`mixed_currency`).
    public mutating func apply(_ event: PaymentReversed) throws(EventRejection) {
        var entry = try openEntry(event.invoiceId)
        try Self.requireCurrency(event.amount, entry.currency, field: "amount.currency")
        let movements = entry.movements.filter { $0.reference == event.paymentId }
        let paid = movements.filter { $0.kind == .payment }.reduce(Int128(0)) { $0 - Int128($1.amount.amountMinor) }
        guard paid > 0 else { throw .unknownPayment(event.paymentId, invoiceId: event.invoiceId) }
        let reversed = movements.filter { $0.kind == .paymentReversed }.reduce(Int128(0)) { $0 + Int128($1.amount.amountMinor) }
        guard Int128(event.amount.amountMinor) <= paid - reversed else {
            throw EventRejection(code: .invalidValue, field: "amount",
                                 message: "reverses \(event.amount) of payment \"\(event.paymentId)\", of which only \(paid - reversed) minor units are applied")
        }
        entry.movements.append(LedgerMovement(kind: .paymentReversed, date: event.date, amount: event.amount,
                                              reference: event.paymentId))
        try Self.requireFiguresFit(entry)
        entries[event.invoiceId.rawValue] = entry
    }

    /// Applies a credit note (lowers the open amount) or a debit note (raises it).
    public mutating func apply(_ event: InvoiceAdjusted) throws(EventRejection) {
        var entry = try openEntry(event.invoiceId)
        try Self.requireCurrency(event.amount, entry.currency, field: "amount.currency")
        guard !entry.hasMovement(reference: event.adjustmentId, kinds: [.creditNote, .debitNote]) else {
            throw EventRejection(code: .duplicateEvent, field: "adjustmentId",
                                 message: "adjustment \"\(event.adjustmentId)\" was already applied to \"\(event.invoiceId)\"")
        }
        let credit = event.adjustmentKind == .creditNote
        entry.movements.append(LedgerMovement(kind: credit ? .creditNote : .debitNote, date: event.date,
                                              amount: credit ? Self.negative(event.amount) : event.amount,
                                              reference: event.adjustmentId))
        try Self.requireFiguresFit(entry)
        entries[event.invoiceId.rawValue] = entry
    }

    /// Opens a dispute (all of the invoice unless a part is named); a second notice while one is open updates
    /// the disputed part. Returns whether a new dispute was opened.
    @discardableResult
    public mutating func apply(_ event: InvoiceDisputed) throws(EventRejection) -> Bool {
        var entry = try openEntry(event.invoiceId)
        if let part = event.disputedAmount { try Self.requireCurrency(part, entry.currency, field: "disputedAmount.currency") }
        let opened = entry.disputedAmount == nil
        entry.disputedAmount = event.disputedAmount ?? entry.balance
        if opened { entry.disputeCount += 1 }
        entries[event.invoiceId.rawValue] = entry
        return opened
    }

    /// Closes the open dispute: upheld with a credit note lowers the open amount; rejected leaves it.
    public mutating func apply(_ event: InvoiceDisputeResolved) throws(EventRejection) {
        var entry = try openEntry(event.invoiceId)
        guard entry.disputedAmount != nil else {
            throw EventRejection(code: .invalidValue, field: "invoiceId",
                                 message: "invoice \"\(event.invoiceId)\" has no open dispute")
        }
        if let credit = event.creditNoteAmount {
            try Self.requireCurrency(credit, entry.currency, field: "creditNoteAmount.currency")
            entry.movements.append(LedgerMovement(kind: .disputeUpheld, date: event.date, amount: Self.negative(credit)))
            try Self.requireFiguresFit(entry)
        }
        entry.disputedAmount = nil
        entries[event.invoiceId.rawValue] = entry
    }

    /// A collector's recorded outcome ends the invoice's open dispute; the amount changes only through the ERP's
    /// own events (a credit note, a dispute resolution), so a credit note agreed here is never counted twice.
    /// Returns whether a dispute was open.
    @discardableResult
    public mutating func apply(_ event: DisputeOutcomeRecorded) throws(EventRejection) -> Bool {
        var entry = try openEntry(event.invoiceId)
        guard entry.disputedAmount != nil else { return false }
        entry.disputedAmount = nil
        entries[event.invoiceId.rawValue] = entry
        return true
    }

    /// Writes off what the event names (never more than is open).
    public mutating func apply(_ event: InvoiceWrittenOff) throws(EventRejection) {
        var entry = try openEntry(event.invoiceId)
        try Self.requireCurrency(event.amount, entry.currency, field: "amount.currency")
        entry.movements.append(LedgerMovement(kind: .writeOff, date: event.date, amount: Self.negative(event.amount)))
        try Self.requireFiguresFit(entry)
        entries[event.invoiceId.rawValue] = entry
    }

    /// Cancels an invoice: from its date it counts in no position and no sales.
    public mutating func apply(_ event: InvoiceCancelled) throws(EventRejection) {
        var entry = try openEntry(event.invoiceId)
        entry.cancelledOn = event.date
        entry.disputedAmount = nil
        entries[event.invoiceId.rawValue] = entry
    }

    /// Forgets closed invoices that closed before `date` and were issued before `issuedBefore`: they can no longer
    /// matter to any figure the stage computes (see `MonitoringRules.retentionStart`).
    public mutating func prune(closedBefore date: CalendarDate, issuedBefore: CalendarDate) {
        entries = entries.filter { _, entry in
            guard let closed = entry.closedDate else { return true }
            return closed >= date || entry.issueDate >= issuedBefore
        }
    }

    private func openEntry(_ invoiceId: InvoiceId) throws(EventRejection) -> LedgerEntry {
        guard let entry = entries[invoiceId.rawValue] else { throw .unknownInvoice(invoiceId) }
        if entry.cancelledOn != nil {
            throw EventRejection(code: .invalidValue, field: "invoiceId", message: "invoice \"\(invoiceId)\" was cancelled")
        }
        return entry
    }

    static func requireCurrency(_ amount: Money, _ expected: Currency, field: String) throws(EventRejection) {
        guard amount.currency == expected else {
            throw EventRejection(code: .mixedCurrency, field: field,
                                 message: "currency \(amount.currency) differs from the ledger's \(expected)")
        }
    }

    /// Refuses a movement after which the entry's figures would not fit in 64-bit minor units.
    private static func requireFiguresFit(_ entry: LedgerEntry) throws(EventRejection) {
        guard entry.figuresFit else { throw .amountOverflow("amount") }
    }

    private static func negative(_ amount: Money) -> Money {
        Money(amountMinor: -amount.amountMinor, currency: amount.currency)
    }
}
