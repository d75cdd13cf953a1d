import Domain

/// One payment applied to an invoice, as PAYDEX weighs it (DOMAIN.md §3: each payment with its own amount at its
/// own days beyond terms). Its identity on the invoice is its `paymentId`.
public struct PaymentPart: Sendable, Hashable, Codable {
    public var paymentId: String
    /// The payment's date: its days beyond terms are counted from the invoice's due date to it.
    public var date: CalendarDate
    /// What the payment brought the open amount down by, less what was reversed of it: its PAYDEX weight.
    public var applied: Money
    /// The payment's amount less what was reversed: at least `applied` (the excess over what was open is not
    /// applied to this invoice).
    public var amount: Money

    public init(paymentId: String, date: CalendarDate, applied: Money, amount: Money) {
        self.paymentId = paymentId
        self.date = date
        self.applied = applied
        self.amount = amount
    }
}

/// An invoice as scoring follows it for payment behaviour.
public struct TrackedInvoice: Sendable, Hashable, Codable {
    public var invoiceId: InvoiceId
    /// The invoiced amount after credit and debit notes.
    public var amount: Money
    /// What remains to be paid.
    public var openAmount: Money
    public var issueDate: CalendarDate
    public var dueDate: CalendarDate
    /// The day its open amount last reached zero (paid, credited or written off in full); nil while open. A debit
    /// note or a reversed payment afterwards reopens the invoice.
    public var settledDate: CalendarDate?
    /// Every payment applied to it, in arrival order (also the identity check: a payment id applies once per invoice).
    public var payments: [PaymentPart]
    /// The ids of the credit and debit notes applied to it, so a re-sent one is recognised.
    public var adjustmentIds: [String]
    /// What the seller wrote off of it: PAYDEX counts it at the worst points, never better.
    public var writtenOff: Money?

    public init(invoiceId: InvoiceId, amount: Money, openAmount: Money, issueDate: CalendarDate, dueDate: CalendarDate,
                settledDate: CalendarDate? = nil, payments: [PaymentPart] = [], adjustmentIds: [String] = [],
                writtenOff: Money? = nil) {
        self.invoiceId = invoiceId
        self.amount = amount
        self.openAmount = openAmount
        self.issueDate = issueDate
        self.dueDate = dueDate
        self.settledDate = settledDate
        self.payments = payments
        self.adjustmentIds = adjustmentIds
        self.writtenOff = writtenOff
    }

    private enum CodingKeys: String, CodingKey {
        case invoiceId, amount, openAmount, issueDate, dueDate, settledDate, payments, adjustmentIds, writtenOff
    }

    /// Decodes states written before payments and adjustment ids were kept (they decode with none).
    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        invoiceId = try container.decode(InvoiceId.self, forKey: .invoiceId)
        amount = try container.decode(Money.self, forKey: .amount)
        openAmount = try container.decode(Money.self, forKey: .openAmount)
        issueDate = try container.decode(CalendarDate.self, forKey: .issueDate)
        dueDate = try container.decode(CalendarDate.self, forKey: .dueDate)
        settledDate = try container.decodeIfPresent(CalendarDate.self, forKey: .settledDate)
        payments = try container.decodeIfPresent([PaymentPart].self, forKey: .payments) ?? []
        adjustmentIds = try container.decodeIfPresent([String].self, forKey: .adjustmentIds) ?? []
        writtenOff = try container.decodeIfPresent(Money.self, forKey: .writtenOff)
    }

    /// Whether some of it was paid and nothing written off: the invoices whose days to pay mean something.
    var paidByBuyer: Bool { writtenOff == nil }
}
