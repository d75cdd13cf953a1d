import Domain

/// Everything the console knows about one buyer: the latest assessment and position (compacted topics as a
/// table), where each invoice stands in dunning, and bounded recent history (timeline, alerts).
public struct BuyerView: Sendable {
    /// How many timeline entries and alerts a buyer keeps; older ones are on the topics.
    public static let timelineCapacity = 200
    public static let alertCapacity = 50

    public var buyerId: BuyerId
    public var assessment: CreditAssessment?
    /// The latest position, without its per-currency breakdown (the page shows the reporting currency).
    public var position: ReceivablesPosition?
    public var invoices: [InvoiceId: InvoiceStanding] = [:]
    public var tier: CustomerTier?
    /// Disputes opened (their alerts) and not yet settled, by invoice: topics are read side by side, so a
    /// dispute's alert may come before the first dunning action on its invoice.
    public var openDisputes: [InvoiceId: Alert] = [:]
    public var timeline = RecentList<TimelineEntry>(capacity: BuyerView.timelineCapacity)
    public var alerts = RecentList<Alert>(capacity: BuyerView.alertCapacity)

    /// A buyer heard of for the first time.
    public init(buyerId: BuyerId) { self.buyerId = buyerId }

    /// The limit in force: the position's (monitoring's), else the assessment's recommendation.
    public var creditLimit: Money? { position?.creditLimit ?? assessment?.creditLimit }

    /// Exposure as a share of the limit, in percent; nil without a limit above zero.
    public var utilisation: Double? {
        guard let exposure = position?.exposure, let limit = creditLimit, limit.amountMinor > 0,
              exposure.currency == limit.currency else { return nil }
        return Double(exposure.amountMinor) / Double(limit.amountMinor) * 100
    }

    /// The open invoices (not resolved by dunning), most days past due first.
    public var openInvoices: [InvoiceStanding] {
        invoices.values.filter { !$0.isResolved }.sorted {
            ($0.daysPastDueAtAction, $1.invoiceId.rawValue) > ($1.daysPastDueAtAction, $0.invoiceId.rawValue)
        }
    }
}
