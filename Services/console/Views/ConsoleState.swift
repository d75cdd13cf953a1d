import Domain
import Foundation
import Dunning
import Monitoring

/// The console's views, rebuilt from the topics: one `BuyerView` per buyer, the claims, the recent alerts and
/// what collectors recorded. A pure value: `apply` takes one event and changes nothing else, so the views are
/// tested by applying events, and the reader that feeds them from Kafka is a thin shell.
public struct ConsoleState: Sendable {
    /// How many alerts the live feed keeps for the Alerts page.
    public static let alertCapacity = 2_000
    /// How many collectors' updates the worklist keeps.
    public static let updateCapacity = 2_000

    public let policy: Policy
    public private(set) var buyers: [BuyerId: BuyerView] = [:]
    /// The latest event of each claim, and the day it was first heard of in each state.
    public private(set) var claims: [ClaimId: ClaimView] = [:]
    public private(set) var alerts = RecentList<Alert>(capacity: ConsoleState.alertCapacity)
    public private(set) var collectorUpdates = RecentList<CollectorUpdate>(capacity: ConsoleState.updateCapacity)
    /// Portfolio KPIs at the end of each past month, from the latest positions then (first day of month → KPIs).
    public private(set) var monthlyKPIs: [CalendarDate: MonthlyKPIs] = [:]
    /// The latest business day any event spoke of: the console's "today", which follows the stages' clock.
    public private(set) var today: CalendarDate?
    /// The month of the latest position read: when a position of a later month arrives, this month is closed.
    public private(set) var positionsMonth: CalendarDate?
    /// The latest event time read: the stream time a stream clock follows.
    public private(set) var latestTime: Timestamp?
    /// Grows with every applied event; caches of derived figures are keyed by it.
    public private(set) var version = 0

    /// Empty views deciding next steps and deadlines with `policy`.
    public init(policy: Policy) { self.policy = policy }

    /// Takes in one event read from a topic. `user` is the audit header of a collector's update.
    public mutating func apply(_ envelope: EventEnvelope, user: String? = nil) {
        version &+= 1
        if latestTime.map({ envelope.time > $0 }) ?? true { latestTime = envelope.time }
        switch envelope.event {
        case .creditAssessment(let assessment):
            update(assessment.buyerId) { buyer in
                let previous = buyer.assessment
                buyer.assessment = assessment
                let change = previous.map { "grade \($0.grade) → \(assessment.grade), " } ?? ""
                buyer.timeline.append(TimelineEntry(
                    time: envelope.time, source: .assessment,
                    summary: "assessed: \(change)grade \(assessment.grade) class \(assessment.creditClass.rawValue), limit \(assessment.creditLimit)",
                    rule: assessment.reasons.first.map { "\($0.factor) \(String(format: "%+.1f", $0.impact))\($0.detail.map { " — \($0)" } ?? "")" }))
            }
            advanceToday(envelope.time.calendarDate)
        case .receivablesPosition(var position):
            position.currencies = nil
            let month = position.asOf.firstDayOfMonth
            if let open = positionsMonth, month > open { closeMonth(open) }
            if positionsMonth.map({ month > $0 }) ?? true { positionsMonth = month }
            update(position.buyerId) { $0.position = position }
            advanceToday(position.asOf)
        case .creditDecision(let decision):
            update(decision.buyerId) { buyer in
                buyer.timeline.append(TimelineEntry(
                    time: envelope.time, source: .decision,
                    summary: "order \(decision.orderId) \(decision.outcome.rawValue): \(decision.orderAmount), exposure \(decision.exposure) of limit \(decision.creditLimit)",
                    rule: decision.reason))
            }
        case .dunningAction(let action):
            update(action.buyerId) { buyer in
                if buyer.invoices[action.invoiceId] == nil {
                    var standing = InvoiceStanding(action)
                    standing.openDispute = buyer.openDisputes[action.invoiceId]
                    buyer.invoices[action.invoiceId] = standing
                } else {
                    buyer.invoices[action.invoiceId]?.apply(action)
                }
                if action.action == .resolved { buyer.openDisputes[action.invoiceId] = nil }
                buyer.timeline.append(TimelineEntry(
                    time: envelope.time, source: .dunning,
                    summary: "invoice \(action.invoiceId) level \(action.level) \(DunningPolicyTable.title(of: action.action)) via \(action.channel.rawValue), \(action.daysPastDue) dpd, open \(action.openAmount)",
                    rule: action.note, invoiceId: action.invoiceId))
            }
            advanceToday(action.date)
        case .claimEvent(let claim):
            claims[claim.claimId, default: ClaimView(claim)].apply(claim)
            update(claim.buyerId) { buyer in
                buyer.timeline.append(TimelineEntry(
                    time: envelope.time, source: .claim,
                    summary: "claim \(claim.claimId) \(claim.state.rawValue)\(claim.loss.map { ", loss \($0)" } ?? "")\(claim.indemnity.map { ", indemnity \($0)" } ?? "")",
                    rule: claim.reason ?? claim.trigger.map { "trigger: \($0.rawValue)" }))
            }
            advanceToday(claim.date)
        case .alert(let alert):
            alerts.append(alert)
            update(alert.buyerId) { buyer in
                buyer.alerts.append(alert)
                buyer.timeline.append(TimelineEntry(
                    time: envelope.time, source: .alert,
                    summary: "alert \(alert.alertType.rawValue) (\(alert.severity.rawValue))", rule: alert.message,
                    invoiceId: alert.invoiceId))
                if alert.alertType == .disputeOpened, let invoiceId = alert.invoiceId {
                    buyer.openDisputes[invoiceId] = alert
                    buyer.invoices[invoiceId]?.openDispute = alert
                }
            }
        case .promiseToPay, .paymentPlan, .disputeOutcome, .dunningOverride, .customerTierAssigned:
            applyCollectorUpdate(envelope, user: user)
        default:
            break
        }
    }

    private mutating func applyCollectorUpdate(_ envelope: EventEnvelope, user: String?) {
        let update = CollectorUpdate(envelope: envelope, user: user)
        collectorUpdates.append(update)
        self.update(envelope.buyerId) { buyer in
            switch envelope.event {
            case .promiseToPay(let promise): buyer.invoices[promise.invoiceId]?.promise = promise
            case .disputeOutcome(let outcome):
                buyer.invoices[outcome.invoiceId]?.openDispute = nil
                buyer.openDisputes[outcome.invoiceId] = nil
            case .customerTierAssigned(let assigned): buyer.tier = assigned.tier
            default: break
            }
            buyer.timeline.append(TimelineEntry(time: envelope.time, source: .collections, summary: update.summary,
                                                rule: user.map { "recorded by \($0)" }, invoiceId: update.invoiceId))
        }
    }

    private mutating func update(_ buyerId: BuyerId, _ change: (inout BuyerView) -> Void) {
        change(&buyers[buyerId, default: BuyerView(buyerId: buyerId)])
    }

    private mutating func advanceToday(_ day: CalendarDate) {
        if today.map({ day > $0 }) ?? true { today = day }
    }

    /// Keeps the portfolio's KPIs as they stood when `month` ended, before positions of a later month replace them.
    private mutating func closeMonth(_ month: CalendarDate) {
        guard monthlyKPIs[month] == nil,
              let result = try? PortfolioKPIs.of( buyers.values.lazy.compactMap(\.position), currency: policy.reportingCurrency)
        else { return }
        monthlyKPIs[month] = MonthlyKPIs(month: month, dso: result.kpis.dso, bestPossibleDSO: result.kpis.bestPossibleDSO,
                                         cei: result.kpis.cei)
    }

    /// Whether the state has heard anything at all.
    public var isEmpty: Bool { buyers.isEmpty }
}

/// The portfolio's DSO, best possible DSO and CEI at the end of one month.
public struct MonthlyKPIs: Sendable, Hashable {
    public var month: CalendarDate
    public var dso: Double?
    public var bestPossibleDSO: Double?
    public var cei: Double?
}
