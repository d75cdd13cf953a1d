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

    public init(agingBuckets: [AgingBucketBound], kpiPeriodMonths: Int, overdueAlertDays: [Int],
                concentrationShare: Double) {
        self.agingBuckets = agingBuckets
        self.kpiPeriodMonths = kpiPeriodMonths
        self.overdueAlertDays = overdueAlertDays
        self.concentrationShare = concentrationShare
    }

    /// The name of the bucket an invoice with `daysPastDue` falls in.
    public func agingBucket(forDaysPastDue daysPastDue: Int) -> String {
        agingBuckets.first { bound in bound.maximumDaysPastDue.map { daysPastDue <= $0 } ?? true }?.name
            ?? agingBuckets.last?.name ?? ""
    }
}
