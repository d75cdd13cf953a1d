import Domain

/// What the claims stage keeps about one invoice: what is still owed, its dates, whether it is disputed,
/// whether (and when) the overdue account was notified, and the claim it belongs to.
public struct InsuredInvoice: Sendable, Hashable, Codable {
    public let invoiceId: InvoiceId
    /// The invoiced amount.
    public let amount: Money
    /// What the buyer still owes on it; payments and credit notes lower it, debit notes raise it.
    public var openAmount: Money
    /// The day the goods were invoiced, whose insured limit covers the invoice.
    public let issueDate: CalendarDate
    public let dueDate: CalendarDate
    /// A dispute is open; a disputed invoice is excluded from claims.
    public var disputed: Bool
    /// The day the notification of overdue account went to the insurer, inside the deadline.
    public var notifiedOn: CalendarDate?
    /// The day a notification was called for (a level-3 dunning action) after the deadline had passed.
    public var lateNotificationOn: CalendarDate?
    /// The claim the invoice was filed in, if any; an invoice is filed once.
    public var claimId: ClaimId?
    /// Set when the invoice was settled (paid or credited in full, or cancelled) before any claim; a debit note or
    /// a reversed payment afterwards reopens it (cleared).
    public var settledOn: CalendarDate?
    /// The payments applied to it, by (paymentId, this invoice): the identity check and what a reversal undoes.
    /// Kept per invoice, so the state holds what identity needs only while it holds the invoice.
    public var payments: [AppliedPayment]?
    /// The credit and debit notes applied to it, by adjustment id.
    public var adjustmentIds: [String]?
    /// The day the ERP cancelled it; an `invoice.issued` under its id afterwards starts a fresh invoice.
    public var cancelledOn: CalendarDate?
    /// Late-payment interest to date as dunning last stated it (after its formal notice), in the invoice's currency.
    public var interest: Money?

    /// The claims view of a newly issued invoice.
    public init(issued: InvoiceIssued) {
        invoiceId = issued.invoiceId
        amount = issued.amount
        openAmount = issued.amount
        issueDate = issued.issueDate
        dueDate = issued.dueDate
        disputed = false
    }

    /// Days past due on `day`.
    public func daysPastDue(on day: CalendarDate) -> Int {
        ReceivableDays.daysPastDue(dueDate: dueDate, on: day)
    }

    /// Whether the invoice can still be notified or claimed: owed, and in no claim yet.
    public var isOpenForClaims: Bool { settledOn == nil && claimId == nil && openAmount.amountMinor > 0 }

    /// Oldest first: by due date, then issue date, then id — the order payments reduce a loss in.
    static func oldestFirst(_ lhs: InsuredInvoice, _ rhs: InsuredInvoice) -> Bool {
        (lhs.dueDate, lhs.issueDate, lhs.invoiceId.rawValue) < (rhs.dueDate, rhs.issueDate, rhs.invoiceId.rawValue)
    }
}
