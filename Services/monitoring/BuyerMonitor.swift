import Domain

/// Everything the monitoring stage keeps about one buyer — its state machine's state, restored from the
/// changelog after a restart (hence `Codable`).
///
/// Bounded: closed invoices are kept only while the KPI period and the days-to-pay windows need them, orders
/// only for the order-surge look-back (see `MonitoringRules.retentionStart`, `OrderBook`).
public struct BuyerMonitor: Sendable, Hashable, Codable {
    public var buyerId: BuyerId
    public var ledger: BuyerLedger
    public var orders: OrderBook
    /// Scoring's latest assessment; nil while the buyer is unrated.
    public var standing: CreditStanding?
    /// Whether the buyer ever had a credit limit above zero: a buyer that never had one skips limit-based alerts,
    /// one whose limit was withdrawn does not (nil in states written before it was kept: read from `standing`).
    public var hadLimit: Bool?
    /// Invoices for which dunning put the buyer on credit hold (a `creditHold` dunning action), by invoice id.
    /// The hold lasts while one of them is open and not resolved by dunning.
    public var creditHoldInvoices: Set<String>
    public var fired: FiredAlerts
    /// A fingerprint of the figures of the last position published, to publish only changes (a digest rather
    /// than the position: every buyer's state is held in memory and written to the changelog).
    public var lastPositionDigest: UInt64?
    /// Overpayments not yet applied to an invoice (nil: none), oldest first.
    public var unappliedCash: [UnappliedCredit]?
    /// The buyer's parent company, from its latest profile (nil: it names none).
    public var parentId: BuyerId?

    /// A buyer the stage has not seen before.
    public init(buyerId: BuyerId) {
        self.buyerId = buyerId
        ledger = BuyerLedger()
        orders = OrderBook()
        standing = nil
        hadLimit = false
        creditHoldInvoices = []
        fired = FiredAlerts()
        lastPositionDigest = nil
    }

    /// Whether the buyer is on credit hold.
    public var onCreditHold: Bool { !creditHoldInvoices.isEmpty }

    /// Whether limit-based alerts apply: the buyer has, or once had, a credit limit above zero.
    public var limitAlertsApply: Bool { hadLimit == true || standing?.hasLimit == true }

    /// Approved, not-yet-invoiced orders per currency, summed exactly.
    func approvedOrders() throws(MoneyError) -> [Currency: Money] {
        var sums: [Currency: Int128] = [:]
        for order in orders.openApprovals { sums[order.amount.currency, default: 0] += Int128(order.unbilled.amountMinor) }
        var result: [Currency: Money] = [:]
        for (currency, sum) in sums { result[currency] = try Money(exactly: sum, currency) }
        return result
    }

    /// The buyer's position at the end of `asOf`: open amounts, aging, overdue, disputed and exposure in the
    /// reporting currency, and what the buyer owes in each currency.
    ///
    /// Throws `overflow` when a figure does not fit in 64-bit minor units and `missingRate` for a currency
    /// without a rate (the stage refuses the input that would cause either, so a state it keeps never throws).
    public func position(asOf: CalendarDate, rules: MonitoringRules) throws(MoneyError) -> ReceivablesPosition {
        let fx = rules.fx
        let reporting = fx.reportingCurrency
        let entries = ledger.sortedEntries
        let aging = try AgingReport.of(entries, asOf: asOf, buckets: rules.agingBuckets, fx: fx)
        var disputed: [Currency: Int128] = [:]
        var count = 0
        for entry in entries {
            let open = entry.openAmount(atEndOf: asOf)
            guard !open.isZero else { continue }
            count += 1
            if let part = entry.disputedAmount {
                disputed[open.currency, default: 0] += Int128(min(part.amountMinor, open.amountMinor))
            }
        }
        var disputedTotal = Money.zero(reporting)
        for (currency, sum) in disputed { disputedTotal = try disputedTotal + fx.convert(Money(exactly: sum, currency)) }
        let approvedByCurrency = try approvedOrders()
        let approved = try fx.sum(approvedByCurrency.values)
        let unappliedByCurrency = try unappliedCashByCurrency()
        let unapplied = try fx.sum(unappliedByCurrency.values)
        let kpis = try self.kpis(asOf: asOf, rules: rules)
        var parts: [Currency: CurrencyPosition] = [:]
        for part in aging.byCurrency {
            parts[part.open.currency] = CurrencyPosition(openAmount: part.open, overdueAmount: part.pastDue,
                                                         approvedOrdersAmount: .zero(part.open.currency))
        }
        for (currency, amount) in approvedByCurrency {
            parts[currency, default: CurrencyPosition(openAmount: .zero(currency), overdueAmount: .zero(currency),
                                                      approvedOrdersAmount: .zero(currency))].approvedOrdersAmount = amount
        }
        for (currency, amount) in unappliedByCurrency {
            parts[currency, default: CurrencyPosition(openAmount: .zero(currency), overdueAmount: .zero(currency),
                                                      approvedOrdersAmount: .zero(currency))].unappliedCash = amount
        }
        let currencies = parts.keys.sorted().compactMap { parts[$0] }
        var creditLimit: Money?
        if let standing { creditLimit = try fx.convert(standing.creditLimit) }
        return ReceivablesPosition(
            buyerId: buyerId, asOf: asOf, openAmount: aging.total, overdueAmount: aging.pastDue,
            disputedAmount: disputedTotal,
            exposure: Money(amountMinor: max(0, (try aging.total + approved).amountMinor - unapplied.amountMinor), currency: reporting),
            approvedOrdersAmount: approved, aging: aging.amounts, openInvoiceCount: count,
            onCreditHold: onCreditHold, creditLimit: creditLimit,
            kpis: ReceivablesKPISnapshot(kpis), currencies: currencies.isEmpty ? nil : currencies,
            unappliedCash: unapplied.isZero ? nil : unapplied, parentId: parentId)
    }

    /// The buyer's KPIs over the policy's period ending on `asOf` (DOMAIN.md §4), in the reporting currency.
    public func kpis(asOf: CalendarDate, rules: MonitoringRules) throws(MoneyError) -> ReceivablesKPIs {
        try ReceivablesKPIs.of(ledger.sortedEntries, asOf: asOf, months: rules.kpiPeriodMonths, fx: rules.fx)
    }
}
