import Domain
import Foundation
import Monitoring
import Scoring

/// What the stages left behind after a replay, read back from Kafka.
struct PipelineOutcome: Sendable {
    /// Monitoring's state per buyer, restored from `monitoring.changelog`.
    var monitors: [String: BuyerMonitor]
    /// Scoring's state per buyer, restored from `scoring.changelog`: PAYDEX and days beyond terms as of the as-of day.
    var scoring: [String: ScoringState] = [:]
    /// The events of `credit.assessments`, `credence.alerts`, `dunning.actions` and `claims.events`.
    var events: [EventEnvelope]
}

extension BacktestReport {
    /// The report as of the end of `asOf`: invoice counts from the replayed history; aging, KPIs, exposure
    /// and overdue from monitoring's ledger; scores from scoring's latest assessments; alerts, dunning and
    /// claims from the stages' output topics (each event counted once by its id).
    ///
    /// `concentration` is the exception among alerts (see `Run.concentrationAlertsRaised`): it counts the buyers
    /// above the policy share of the portfolio's open receivables at the end of `asOf`. `credit.review.periodic`
    /// is left out and only counted (see `Run.periodicReviewAlertsRaised`).
    static func build(asOf: CalendarDate, history: ERPHistory, outcome: PipelineOutcome, rules: MonitoringRules) throws
        -> (report: BacktestReport, concentrationAlertsRaised: Int, periodicReviewAlertsRaised: Int) {
        let currency = rules.policy.reportingCurrency
        let issued = history.invoices.filter { $0.issueDate <= asOf }
        let settled = issued.filter { invoice in invoice.settledDate.map { $0 <= asOf } ?? false }
        let invoices = Invoices(
            count: issued.count, open: issued.count - settled.count, settled: settled.count,
            paidLate: settled.filter { $0.settledDate! > $0.dueDate }.count,
            disputed: issued.filter { invoice in invoice.disputedOn.map { $0 <= asOf } ?? false }.count)

        let monitors = outcome.monitors.values.sorted { $0.buyerId.rawValue < $1.buyerId.rawValue }
        let entries = monitors.flatMap { $0.ledger.sortedEntries }
        let aging = try AgingReport.of(entries, asOf: asOf, buckets: rules.agingBuckets, fx: rules.fx)
        let figures = try ReceivablesKPIs.of(entries, asOf: asOf, months: rules.kpiPeriodMonths, fx: rules.fx)
        let kpis = KPIs(periodMonths: rules.kpiPeriodMonths, dso: rounded(figures.dso), countBackDso: rounded(figures.countBackDSO),
                        bestPossibleDso: rounded(figures.bestPossibleDSO), averageDaysDelinquent: rounded(figures.averageDaysDelinquent),
                        cei: rounded(figures.cei), turnover: rounded(figures.turnover))

        var unique: [String: EventEnvelope] = [:]
        for event in outcome.events { unique[event.source + "/" + event.id] = event }
        let events = unique.values.sorted { ($0.time, $0.source, $0.id) < ($1.time, $1.source, $1.id) }
        var assessments: [String: CreditAssessment] = [:]
        var alerts: [String: Int] = [:]
        var levels: [String: Int] = [:]
        var claimStates: [String: ClaimState] = [:]
        for event in events {
            switch event.event {
            case .creditAssessment(let assessment): assessments[assessment.buyerId.rawValue] = assessment
            case .alert(let alert): alerts[alert.alertType.rawValue, default: 0] += 1
            case .dunningAction(let action):
                let invoice = action.buyerId.rawValue + "/" + action.invoiceId.rawValue
                levels[invoice] = max(levels[invoice] ?? 0, action.level)
            case .claimEvent(let claim): claimStates[claim.claimId.rawValue] = claim.state
            default: break
            }
        }
        let raised = alerts.removeValue(forKey: AlertType.concentration.rawValue) ?? 0
        let periodicReviews = alerts.removeValue(forKey: ScoringAlertType.periodicReview.rawValue) ?? 0
        let positions = try Dictionary(uniqueKeysWithValues: monitors.map { monitor in
            (monitor.buyerId.rawValue, try monitor.position(asOf: asOf, rules: rules))
        })
        let openByBuyer = monitors.map { positions[$0.buyerId.rawValue]?.openAmount.amountMinor ?? 0 }
        let portfolio = openByBuyer.reduce(0, +)
        let concentrated = openByBuyer.filter { portfolio > 0 && Double($0) / Double(portfolio) > rules.concentrationShare }.count
        if concentrated > 0 { alerts[AlertType.concentration.rawValue] = concentrated }
        let buyerIds = Set(outcome.monitors.keys).union(assessments.keys).sorted()
        let buyers = buyerIds.map { id in
            let position = positions[id]
            let assessment = assessments[id]
            // DOMAIN.md §3's figures at the end of the as-of day, even when the latest assessment is older (one is
            // published only when something in it changes).
            let payment = outcome.scoring[id].map {
                PaymentBehaviour.figures($0.invoices.values, asOf: asOf, policy: rules.policy.scoring.paydex)
            }
            return Buyer(buyerId: id, exposure: position?.exposure.amountMinor ?? 0, overdue: position?.overdueAmount.amountMinor ?? 0,
                         paydex: payment.map(\.paydex) ?? assessment?.paydex,
                         averageDaysBeyondTerms: rounded(payment.map(\.averageDaysBeyondTerms) ?? assessment?.averageDaysBeyondTerms),
                         grade: assessment?.grade, class: assessment?.creditClass.rawValue, creditLimit: assessment?.creditLimit.amountMinor,
                         probabilityOfDefault: assessment?.probabilityOfDefault,
                         probabilityOfDefaultGrade: assessment?.probabilityOfDefaultGrade,
                         financialReasons: assessment?.financialReasons?.compactMap(\.detail))
        }
        let report = BacktestReport(
            asOf: asOf.description, currency: currency.code, invoices: invoices,
            aging: Dictionary(uniqueKeysWithValues: aging.amounts.buckets.map { ($0.name, $0.amount.amountMinor) }),
            kpis: kpis, buyers: buyers, alerts: alerts,
            dunning: levels.values.reduce(into: [:]) { $0[String($1), default: 0] += 1 },
            claims: claimStates.values.reduce(into: [:]) { $0[$1.rawValue, default: 0] += 1 }, run: nil)
        return (report, raised, periodicReviews)
    }
}
