import Domain

/// Everything the monitoring stage keeps about one buyer — its state machine's state, restored from the
/// changelog after a restart (hence `Codable`).
///
/// Bounded: closed invoices are kept only while the KPI period and the days-to-pay windows need them, orders
/// only for the order-surge look-back (see `MonitoringRules.retentionStart`, `OrderBook`).
public struct BuyerMonitor: Sendable, Hashable, Codable {
    public var buyerId: BuyerId
    /// The buyer's ledger currency, fixed by its first invoice or order; amounts in another are refused.
    public var currency: Currency?
    public var ledger: BuyerLedger
    public var orders: OrderBook
    /// Scoring's latest assessment; nil while the buyer is unrated.
    public var standing: CreditStanding?
    /// Invoices for which dunning put the buyer on credit hold (a `creditHold` dunning action), by invoice id.
    /// The hold lasts while one of them is open and not resolved by dunning.
    public var creditHoldInvoices: Set<String>
    public var fired: FiredAlerts
    /// A fingerprint of the figures of the last position published, to publish only changes (a digest rather
    /// than the position: every buyer's state is held in memory and written to the changelog).
    public var lastPositionDigest: UInt64?

    /// A buyer the stage has not seen before.
    public init(buyerId: BuyerId) {
        self.buyerId = buyerId
        currency = nil
        ledger = BuyerLedger()
        orders = OrderBook()
        standing = nil
        creditHoldInvoices = []
        fired = FiredAlerts()
        lastPositionDigest = nil
    }

    /// Whether the buyer is on credit hold.
    public var onCreditHold: Bool { !creditHoldInvoices.isEmpty }

    /// The currency the buyer's figures are in.
    func figuresCurrency(_ rules: MonitoringRules) -> Currency {
        currency ?? standing?.creditLimit.currency ?? rules.policy.reportingCurrency
    }

    /// Approved, not-yet-invoiced orders.
    func approvedOrdersAmount(_ rules: MonitoringRules) -> Money {
        let currency = figuresCurrency(rules)
        return Money(amountMinor: orders.openApprovals.reduce(0) { $0 + $1.amount.amountMinor }, currency: currency)
    }

    /// The buyer's position at the end of `asOf`: open amounts, aging, overdue, disputed and exposure.
    public func position(asOf: CalendarDate, rules: MonitoringRules) -> ReceivablesPosition {
        let currency = figuresCurrency(rules)
        let entries = ledger.sortedEntries
        let aging = (try? AgingReport.of(entries, asOf: asOf, buckets: rules.agingBuckets, currency: currency))
            ?? AgingReport(asOf: asOf, amounts: AgingAmounts(current: .zero(currency), days1To30: .zero(currency),
                                                              days31To60: .zero(currency), days61To90: .zero(currency),
                                                              over90: .zero(currency)),
                           total: .zero(currency), pastDue: .zero(currency))
        var disputed: Int64 = 0, count = 0
        for entry in entries {
            let open = entry.openAmount(atEndOf: asOf)
            guard !open.isZero else { continue }
            count += 1
            if let part = entry.disputedAmount { disputed += min(part.amountMinor, open.amountMinor) }
        }
        let approved = approvedOrdersAmount(rules)
        let kpis = (try? self.kpis(asOf: asOf, rules: rules)).map(ReceivablesKPISnapshot.init)
        return ReceivablesPosition(
            buyerId: buyerId, asOf: asOf, openAmount: aging.total, overdueAmount: aging.pastDue,
            disputedAmount: Money(amountMinor: disputed, currency: currency),
            exposure: Money(amountMinor: aging.total.amountMinor + approved.amountMinor, currency: currency),
            approvedOrdersAmount: approved, aging: aging.amounts, openInvoiceCount: count,
            onCreditHold: onCreditHold, creditLimit: standing?.creditLimit, kpis: kpis)
    }

    /// The buyer's KPIs over the policy's period ending on `asOf` (DOMAIN.md §4).
    public func kpis(asOf: CalendarDate, rules: MonitoringRules) throws(MoneyError) -> ReceivablesKPIs {
        try ReceivablesKPIs.of(ledger.sortedEntries, asOf: asOf, months: rules.kpiPeriodMonths,
                               currency: figuresCurrency(rules))
    }
}
