/// One aging bucket: its name and the largest days past due it holds (nil: no upper end).
public struct AgingBucketBound: Sendable, Hashable, Codable {
    public var name: String
    public var maximumDaysPastDue: Int?

    public init(name: String, maximumDaysPastDue: Int?) {
        self.name = name
        self.maximumDaysPastDue = maximumDaysPastDue
    }
}

/// The parameters of monitoring (DOMAIN.md §4).
public struct MonitoringPolicy: Sendable, Hashable, Codable {
    /// Buckets in increasing order; the last one has no upper end.
    public var agingBuckets: [AgingBucketBound]
    /// The KPI period in calendar months, ending with the as-of date's month.
    public var kpiPeriodMonths: Int
    /// `invoice.overdue` fires once at each of these days past due.
    public var overdueAlertDays: [Int]
    /// One buyer above this share of all receivables raises `concentration`.
    public var concentrationShare: Double
    /// How a credit hold ends; absent in older policy files, which behave as ``CreditHoldPolicy/standard``.
    public var creditHold: CreditHoldPolicy?
    /// Days an approved order counts in exposure while no invoice bills it (absent: 30).
    public var orderApprovalValidityDays: Int?
    /// What becomes of a buyer's unapplied cash (an overpayment); absent: `oldestOpenInvoiceFirst`.
    public var applyUnappliedCash: UnappliedCashRule?

    public init(agingBuckets: [AgingBucketBound], kpiPeriodMonths: Int, overdueAlertDays: [Int],
                concentrationShare: Double, creditHold: CreditHoldPolicy? = .standard,
                orderApprovalValidityDays: Int? = 30, applyUnappliedCash: UnappliedCashRule? = .oldestOpenInvoiceFirst) {
        self.agingBuckets = agingBuckets
        self.kpiPeriodMonths = kpiPeriodMonths
        self.overdueAlertDays = overdueAlertDays
        self.concentrationShare = concentrationShare
        self.creditHold = creditHold
        self.orderApprovalValidityDays = orderApprovalValidityDays
        self.applyUnappliedCash = applyUnappliedCash
    }

    /// The name of the bucket an invoice with `daysPastDue` falls in.
    public func agingBucket(forDaysPastDue daysPastDue: Int) -> String {
        agingBuckets.first { bound in bound.maximumDaysPastDue.map { daysPastDue <= $0 } ?? true }?.name
            ?? agingBuckets.last?.name ?? ""
    }
}

/// How a credit hold that dunning put on a buyer ends, beyond payment of the invoice that caused it.
public struct CreditHoldPolicy: Sendable, Hashable, Codable {
    /// Whether writing off the invoice that caused the hold releases it. False by default: a loss is no reason to
    /// sell more on credit, so a collector releases such a hold with a `releaseHold` override.
    public var releaseOnWriteOff: Bool

    public init(releaseOnWriteOff: Bool) {
        self.releaseOnWriteOff = releaseOnWriteOff
    }

    /// The seed policy: a write-off keeps the hold.
    public static let standard = CreditHoldPolicy(releaseOnWriteOff: false)
}

/// What monitoring does with a buyer's unapplied cash.
public enum UnappliedCashRule: String, Sendable, Hashable, Codable {
    /// Apply it to the buyer's open invoices in its currency, oldest due date first, as they arise.
    case oldestOpenInvoiceFirst
    /// Keep it on account (lowering exposure) until the ERP applies it with its own payment events.
    case keepOnAccount
}
