/// One level of the dunning table: the days past due it covers, what is done and on which channels.
public struct DunningLevelPolicy: Sendable, Hashable, Codable {
    public var level: Int
    /// First day past due of the level (negative: before the due date).
    public var fromDaysPastDue: Int
    /// Last day past due of the level; nil for the last level.
    public var toDaysPastDue: Int?
    public var actions: [DunningActionKind]
    public var channels: [DunningChannel]

    public init(level: Int, fromDaysPastDue: Int, toDaysPastDue: Int?, actions: [DunningActionKind],
                channels: [DunningChannel]) {
        self.level = level
        self.fromDaysPastDue = fromDaysPastDue
        self.toDaysPastDue = toDaysPastDue
        self.actions = actions
        self.channels = channels
    }
}

/// What a customer tier changes in dunning.
public struct DunningTierPolicy: Sendable, Hashable, Codable {
    /// Days after the due date before the first reminder.
    public var graceDays: Int
    /// The day past due on which the level-1 reminder is repeated.
    public var repeatReminderDay: Int
    /// Whether the level-0 pre-due reminder is sent.
    public var preDueReminder: Bool
    /// Days added to every escalation from level 2 on (patience with strategic customers).
    public var escalationDelayDays: Int

    public init(graceDays: Int, repeatReminderDay: Int, preDueReminder: Bool, escalationDelayDays: Int) {
        self.graceDays = graceDays
        self.repeatReminderDay = repeatReminderDay
        self.preDueReminder = preDueReminder
        self.escalationDelayDays = escalationDelayDays
    }
}

/// The tier policies: strategic, standard and new customers.
public struct DunningTiers: Sendable, Hashable, Codable {
    public var strategic: DunningTierPolicy
    public var standard: DunningTierPolicy
    public var new: DunningTierPolicy

    public init(strategic: DunningTierPolicy, standard: DunningTierPolicy, new: DunningTierPolicy) {
        self.strategic = strategic
        self.standard = standard
        self.new = new
    }

    /// The policy of one tier.
    public subscript(tier: CustomerTier) -> DunningTierPolicy {
        switch tier {
        case .strategic: strategic
        case .standard: standard
        case .new: new
        }
    }
}

/// Statutory late-payment interest (EU directive): reference rate + margin, simple interest per day,
/// plus a fixed compensation per invoice.
public struct LatePaymentInterest: Sendable, Hashable, Codable {
    /// The central bank reference rate in percent a year.
    public var referenceRatePercent: Double
    /// Percentage points added to the reference rate.
    public var marginPercentagePoints: Double
    /// Days in the interest year.
    public var dayCountBasis: Int
    /// The fixed compensation claimed per invoice.
    public var compensation: Money

    public init(referenceRatePercent: Double, marginPercentagePoints: Double, dayCountBasis: Int, compensation: Money) {
        self.referenceRatePercent = referenceRatePercent
        self.marginPercentagePoints = marginPercentagePoints
        self.dayCountBasis = dayCountBasis
        self.compensation = compensation
    }

    /// The yearly rate in percent: reference rate + margin.
    public var ratePercent: Double { referenceRatePercent + marginPercentagePoints }
}

/// The parameters of dunning (DOMAIN.md §5).
public struct DunningPolicy: Sendable, Hashable, Codable {
    /// Levels 0…4 in order, contiguous in days past due.
    public var levels: [DunningLevelPolicy]
    public var tiers: DunningTiers
    public var interest: LatePaymentInterest
    /// Invoices below this amount stay on automatic channels until `automaticOnlyUntilDays`.
    public var minimumAmount: Money
    public var automaticOnlyUntilDays: Int
    /// The estimated cost of collecting one invoice; above its amount a write-off is proposed.
    public var estimatedCollectionCost: Money

    public init(levels: [DunningLevelPolicy], tiers: DunningTiers, interest: LatePaymentInterest,
                minimumAmount: Money, automaticOnlyUntilDays: Int, estimatedCollectionCost: Money) {
        self.levels = levels
        self.tiers = tiers
        self.interest = interest
        self.minimumAmount = minimumAmount
        self.automaticOnlyUntilDays = automaticOnlyUntilDays
        self.estimatedCollectionCost = estimatedCollectionCost
    }

    /// The level whose day range holds `daysPastDue`, or nil before the first level.
    public func level(forDaysPastDue daysPastDue: Int) -> DunningLevelPolicy? {
        levels.last { $0.fromDaysPastDue <= daysPastDue && ($0.toDaysPastDue.map { daysPastDue <= $0 } ?? true) }
    }
}
