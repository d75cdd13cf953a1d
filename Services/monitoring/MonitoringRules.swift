import Domain

/// The policy of the monitoring stage: every number it decides with, read from the versioned `Policy`
/// (`monitoring` and the review triggers of `scoring`), plus the severities of its alerts.
public struct MonitoringRules: Sendable, Hashable {
    public var policy: Policy
    /// Converts amounts of other currencies into the reporting currency (limits, portfolio totals).
    public var fx: FXTable

    /// The rules of `policy`; `fx` defaults to the policy's exchange rates.
    public init(policy: Policy, fx: FXTable? = nil) {
        self.policy = policy
        self.fx = fx ?? policy.fxTable
    }

    /// `invoice.overdue` / `OverdueTransition` thresholds in days past due, ascending (1, 15, 31, 61, 91).
    public var overdueThresholds: [Int] { policy.monitoring.overdueAlertDays.sorted() }
    public var agingBuckets: [AgingBucketBound] { policy.monitoring.agingBuckets }
    public var kpiPeriodMonths: Int { policy.monitoring.kpiPeriodMonths }
    /// One buyer above this share of all receivables raises `concentration` (0.20).
    public var concentrationShare: Double { policy.monitoring.concentrationShare }
    /// Overdue at or above this share of the limit raises `overdue.ratio` (0.10).
    public var overdueShareOfLimit: Double { policy.scoring.reviewTriggers.overdueShareOfLimit }
    /// Average days-to-pay up by at least this share raises `payment.slowdown` (0.20).
    public var paymentSlowdownShare: Double { policy.scoring.reviewTriggers.paymentSlowdownShare }
    /// The length of each days-to-pay window compared (90).
    public var paymentSlowdownDays: Int { policy.scoring.reviewTriggers.paymentSlowdownComparisonDays }
    /// An order above this multiple of the average order raises `order.surge` (1.5).
    public var orderSurgeRatio: Double { policy.scoring.reviewTriggers.orderSurgeRatio }
    /// The months the average order is taken over (6).
    public var orderLookbackMonths: Int { policy.scoring.reviewTriggers.averageOrderLookbackMonths }
    /// Grades at or above this hold every order (10).
    public var holdGrade: Int { policy.scoring.grade.insolvencyGrade }

    /// Severity of `invoice.overdue` at a threshold: info up to 30 days, warning to 60, critical beyond
    /// (the days where dunning hands over to legal collection and claims).
    public func overdueSeverity(daysPastDue: Int) -> AlertSeverity {
        daysPastDue <= 30 ? .info : daysPastDue <= 60 ? .warning : .critical
    }

    /// The severity of each buyer-level alert type.
    public func severity(of type: AlertType) -> AlertSeverity {
        switch type {
        case .creditLimitExceeded, .coverWithdrawn: .critical
        case .overdueRatio, .paymentSlowdown, .concentration, .orderHeld: .warning
        default: .info
        }
    }

    /// The earliest day any figure still needs a closed invoice for: the day before the KPI period (beginning
    /// receivables) or the start of the two days-to-pay windows, whichever is earlier. Closed invoices that
    /// closed before it and were issued before the KPI period are forgotten, so a buyer's state stays bounded.
    public func retentionStart(asOf: CalendarDate) -> CalendarDate {
        min(kpiPeriod(asOf: asOf).lowerBound.adding(days: -1), asOf.adding(days: -(2 * paymentSlowdownDays - 1)))
    }

    /// The KPI period ending on `asOf`.
    public func kpiPeriod(asOf: CalendarDate) -> ClosedRange<CalendarDate> {
        ReceivableDays.kpiPeriod(months: kpiPeriodMonths, endingOn: asOf)
    }

    /// The first day of the order-surge look-back ending on `asOf`.
    public func orderLookbackStart(asOf: CalendarDate) -> CalendarDate {
        asOf.adding(months: -orderLookbackMonths)
    }

    /// Days an approval counts in exposure while no invoice bills it (30).
    public var orderApprovalValidityDays: Int { policy.monitoring.orderApprovalValidityDays ?? 30 }

    /// Whether the buyer's unapplied cash is applied to its open invoices, oldest first (policy
    /// `monitoring.applyUnappliedCash`, default `oldestOpenInvoiceFirst`), or kept on account for the ERP.
    public var appliesUnappliedCash: Bool { (policy.monitoring.applyUnappliedCash ?? .oldestOpenInvoiceFirst) == .oldestOpenInvoiceFirst }

    /// Whether writing off an invoice lifts the credit hold it caused (policy `monitoring.creditHold`, default no).
    public var releasesHoldOnWriteOff: Bool { (policy.monitoring.creditHold ?? .standard).releaseOnWriteOff }

    /// Refuses an amount in a currency the policy has no rate for (`unknown_exchange_rate`): it could never be
    /// part of a total.
    func requireRate(_ currency: Currency, field: String) throws(EventRejection) {
        do { _ = try fx.rate(for: currency) } catch {
            throw .unknownExchangeRate(currency, reporting: fx.reportingCurrency, field: field)
        }
    }
}
