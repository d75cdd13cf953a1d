import Domain

/// The dunning table of DOMAIN.md §5 as one customer tier sees it: the policy's levels with the tier's
/// grace days (level 1) and escalation delay (levels 2 and up) applied, and the names of the rules it applies.
///
/// Level 0 and 1 are the friendly levels; every later level is an *escalation*, which the
/// cost-of-collection rule may replace by a write-off proposal.
public struct DunningPolicyTable: Sendable, Hashable {
    /// The policy the table is read from.
    public let policy: DunningPolicy
    /// The tier whose adjustments are applied.
    public let tier: CustomerTier

    /// The table of `policy` for customers of `tier`.
    public init(policy: DunningPolicy, tier: CustomerTier) {
        self.policy = policy
        self.tier = tier
    }

    /// The tier's own parameters: grace days, repeat day, pre-due reminder, escalation delay.
    public var tierPolicy: DunningTierPolicy { policy.tiers[tier] }

    /// The highest level number of the table (4 by default).
    public var lastLevel: Int { policy.levels.count - 1 }

    /// The first level that is an escalation (phone, notice, hold, handover, claim) rather than a reminder.
    public static let firstEscalationLevel = 2

    /// The first day past due on which `level` applies to this tier.
    public func startDay(ofLevel level: Int) -> Int {
        let base = policy.levels[level].fromDaysPastDue
        switch level {
        case 0: return base
        case 1: return base + tierPolicy.graceDays
        default: return base + tierPolicy.escalationDelayDays
        }
    }

    /// The last day past due of `level` for this tier, nil for the last level.
    public func endDay(ofLevel level: Int) -> Int? {
        if level == 0 { return policy.levels[0].toDaysPastDue }
        return level < lastLevel ? startDay(ofLevel: level + 1) - 1 : nil
    }

    /// The level that `daysPastDue` calls for: the highest level that has started, or nil before the first.
    public func level(forDaysPastDue daysPastDue: Int) -> Int? {
        policy.levels.indices.last { startDay(ofLevel: $0) <= daysPastDue }
    }

    /// The actions of a level paired with their channels (the policy lists them side by side; a shorter
    /// channel list repeats its last channel).
    public func steps(ofLevel level: Int) -> [(action: DunningActionKind, channel: DunningChannel)] {
        let row = policy.levels[level]
        return row.actions.enumerated().map { index, action in
            (action, row.channels[min(index, row.channels.count - 1)])
        }
    }

    /// The audit-trail name of a table rule, e.g. `rule: level-2 formal notice (31–60 dpd)`.
    public func ruleName(level: Int, action: DunningActionKind, repeated: Bool = false) -> String {
        let title = repeated ? "repeat reminder on day \(tierPolicy.repeatReminderDay)" : Self.title(of: action)
        return "rule: level-\(level) \(title) (\(rangeText(ofLevel: level)))"
    }

    /// The days a level covers, as the audit trail writes them: `3 days before due`, `31–60 dpd`, `> 90 dpd`.
    public func rangeText(ofLevel level: Int) -> String {
        let start = startDay(ofLevel: level)
        if start < 0 { return "\(-start) days before due" }
        guard let end = endDay(ofLevel: level) else { return "> \(start - 1) dpd" }
        return "\(start)–\(end) dpd"
    }

    /// The words of DOMAIN.md §5 for an action.
    public static func title(of action: DunningActionKind) -> String {
        switch action {
        case .preDueReminder: "pre-due reminder"
        case .reminder: "automatic reminder"
        case .phoneCall: "phone call task"
        case .formalNotice: "formal notice"
        case .creditHold: "credit hold"
        case .collectionHandover: "collection handover"
        case .claimTrigger: "insurance claim trigger"
        case .writeOffProposal: "write-off proposal"
        case .escalationPaused: "escalation paused"
        case .promiseBroken: "promise broken"
        case .blocked: "blocked"
        case .unblocked: "unblocked"
        case .levelOverridden: "level overridden"
        case .resolved: "resolved"
        case .creditHoldReleased: "credit hold released"
        }
    }

    /// Whether a channel works without a person or a third party (the only channels an invoice below the
    /// minimum amount may use until `automaticOnlyUntilDays`): email, letter and internal tasks. The insurer
    /// is not a collection channel and is never restricted.
    public static func isAutomatic(_ channel: DunningChannel) -> Bool {
        switch channel {
        case .email, .letter, .internalTask, .insurer: true
        case .phone, .collectionAgency: false
        }
    }

    /// The automatic channel that replaces a personal one for small invoices: a phone call becomes an
    /// email reminder, a collection handover a letter.
    public static func automaticReplacement(for channel: DunningChannel) -> DunningChannel {
        channel == .phone ? .email : .letter
    }
}
