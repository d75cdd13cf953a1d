/// The credit insurance policy terms claims are made under (DOMAIN.md §6).
public struct ClaimsPolicy: Sendable, Hashable, Codable {
    /// The insured share of an eligible loss (0.90 = 90 %).
    public var insuredPercentage: Double
    /// Maximum extension period: days after the due date before the overdue account must be notified.
    public var maximumExtensionDays: Int
    /// Days after the MEP within which the notification of overdue account must reach the insurer.
    public var notificationDeadlineDays: Int
    /// Days after filing before a protracted-default claim is payable.
    public var waitingPeriodDays: Int
    /// Working days the insurer has to respond.
    public var responseWorkingDays: Int
    /// A claim is filed once an invoice is more than this many days past due.
    public var fileAfterDaysPastDue: Int
    /// The deductible per policy year, borne by the seller before the insurer pays.
    public var aggregateFirstLoss: Money
    /// The most the insurer pays per policy year.
    public var maximumLiability: Money
    /// The month (1–12) a policy year starts in.
    public var policyYearStartMonth: Int

    public init(insuredPercentage: Double, maximumExtensionDays: Int, notificationDeadlineDays: Int,
                waitingPeriodDays: Int, responseWorkingDays: Int, fileAfterDaysPastDue: Int,
                aggregateFirstLoss: Money, maximumLiability: Money, policyYearStartMonth: Int) {
        self.insuredPercentage = insuredPercentage
        self.maximumExtensionDays = maximumExtensionDays
        self.notificationDeadlineDays = notificationDeadlineDays
        self.waitingPeriodDays = waitingPeriodDays
        self.responseWorkingDays = responseWorkingDays
        self.fileAfterDaysPastDue = fileAfterDaysPastDue
        self.aggregateFirstLoss = aggregateFirstLoss
        self.maximumLiability = maximumLiability
        self.policyYearStartMonth = policyYearStartMonth
    }
}
