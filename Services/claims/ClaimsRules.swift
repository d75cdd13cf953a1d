import Domain

/// The credit insurance policy of DOMAIN.md §6 as dates and amounts: every deadline a claim is judged by,
/// computed from the policy file's numbers (``ClaimsPolicy``), never from constants in code.
///
/// `fileAfterDaysPastDue` is not read here: a protracted-default claim is filed on dunning's level-4
/// claim trigger, whose day (> 90 by default, later for tiers with an escalation delay) the dunning
/// table already decides; filing again from the clock would overrule the tier's delay.
public struct ClaimsRules: Sendable, Hashable {
    /// The policy terms read from the policy file.
    public let policy: ClaimsPolicy
    /// The currency of the policy's aggregate first loss and maximum liability; claims are made in it.
    public let currency: Currency

    /// The rules of `policy`, whose amounts are in `currency` (the policy file's reporting currency).
    public init(policy: ClaimsPolicy, currency: Currency) {
        self.policy = policy
        self.currency = currency
    }

    /// The rules of a whole policy file.
    public init(policy: Policy) {
        self.init(policy: policy.claims, currency: policy.reportingCurrency)
    }

    /// The last day of the maximum extension period: due date + MEP (day 60 by default).
    public func endOfExtension(dueDate: CalendarDate) -> CalendarDate {
        dueDate.adding(days: policy.maximumExtensionDays)
    }

    /// The last day the notification of overdue account may reach the insurer: due date + MEP + NOA
    /// deadline (day 90 by default).
    public func notificationDeadline(dueDate: CalendarDate) -> CalendarDate {
        endOfExtension(dueDate: dueDate).adding(days: policy.notificationDeadlineDays)
    }

    /// The day by which the insurer responds to a claim filed on `filedOn`: 15 working days (Mon–Fri) later.
    public func responseDate(filedOn: CalendarDate) -> CalendarDate {
        filedOn.adding(workingDays: policy.responseWorkingDays)
    }

    /// The day a claim becomes payable: an insolvency claim at once after the insurer's response; a
    /// protracted-default claim once the waiting period after filing has also passed.
    public func payableDate(filedOn: CalendarDate, trigger: ClaimTrigger) -> CalendarDate {
        let response = responseDate(filedOn: filedOn)
        switch trigger {
        case .insolvency: return response
        case .protractedDefault: return max(response, filedOn.adding(days: policy.waitingPeriodDays))
        }
    }

    /// The first day of the policy year `date` falls in (years start on the 1st of `policyYearStartMonth`).
    public func policyYearStart(of date: CalendarDate) -> CalendarDate {
        let month = policy.policyYearStartMonth
        let year = date.month >= month ? date.year : date.year - 1
        return (try? CalendarDate(year: year, month: month, day: 1)) ?? date.firstDayOfMonth
    }
}
