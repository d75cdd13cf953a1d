import Domain

/// What scoring last said about a buyer, as far as decisions and limit alerts need it.
public struct CreditStanding: Sendable, Hashable, Codable {
    public var grade: Int
    public var creditLimit: Money
    public var insolvent: Bool
    public var assessedAt: Timestamp

    /// The standing of an assessment.
    public init(_ assessment: CreditAssessment) {
        grade = assessment.grade
        creditLimit = assessment.creditLimit
        insolvent = assessment.insolvent
        assessedAt = assessment.assessedAt
    }

    /// Whether limit-based alerts apply: a buyer without a limit (unrated, limit 0) is skipped.
    public var hasLimit: Bool { creditLimit.amountMinor > 0 }
}

/// The credit decision on an order (DOMAIN.md §4): approve when the buyer is not on credit hold, its grade is
/// below 10, and exposure + order ≤ credit limit; otherwise hold, with the reason and the amount that would fit.
public enum OrderDecisionRule {
    /// The decision's outcome, reason and figures.
    public struct Verdict: Sendable, Hashable {
        public var outcome: CreditDecisionOutcome
        /// `credit_hold`, `grade_10`, `unrated`, `limit_exceeded`, `group_limit_exceeded` or `no_fx_rate`; nil when
        /// approved.
        public var reason: String?
        /// Exposure before the order, the limit and what would still fit, in the reporting currency.
        public var exposure: Money
        public var creditLimit: Money
        public var availableAmount: Money
    }

    /// Decides one order.
    ///
    /// - Parameters:
    ///   - exposure: open invoices plus approved, not-yet-invoiced orders, before this order.
    ///   - standing: the latest assessment; nil while unrated, when the policy's unrated limit applies.
    public static func decide(order: Money, exposure: Money, standing: CreditStanding?, onCreditHold: Bool,
                              rules: MonitoringRules) -> Verdict {
        let limit = standing?.creditLimit ?? rules.policy.scoring.limit.unratedLimit
        let fx = rules.fx
        guard let exposureCommon = try? fx.convert(exposure), let limitCommon = try? fx.convert(limit),
              let orderCommon = try? fx.convert(order) else {
            return Verdict(outcome: .held, reason: "no_fx_rate", exposure: exposure, creditLimit: limit,
                           availableAmount: .zero(exposure.currency))
        }
        let room = Int128(limitCommon.amountMinor) - Int128(exposureCommon.amountMinor)
        let available = Money(amountMinor: Int64(clamping: max(0, room)), currency: limitCommon.currency)
        // Exposure + order ≤ limit: an order of 0.00 does not fit a buyer already over its limit.
        let fits = Int128(orderCommon.amountMinor) <= room
        let reason: String?
        if onCreditHold {
            reason = "credit_hold"
        } else if let standing, standing.insolvent || standing.grade >= rules.holdGrade {
            reason = "grade_10"
        } else if !fits {
            reason = standing == nil ? "unrated" : "limit_exceeded"
        } else {
            reason = nil
        }
        return Verdict(outcome: reason == nil ? .approved : .held, reason: reason, exposure: exposureCommon,
                       creditLimit: limitCommon, availableAmount: available)
    }
}
