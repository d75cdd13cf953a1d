import Domain
import Foundation
import Monitoring

/// What the demo shows: a line for each decision worth a person's attention as it happens (assessments,
/// held orders, alerts, dunning actions, claims), and a status block with the events per stage and the
/// portfolio's aging.
struct LiveSummary {
    /// Records seen per topic.
    private(set) var counts: [String: Int] = [:]
    /// The latest position of each buyer.
    private(set) var positions: [BuyerId: ReceivablesPosition] = [:]
    private var seenIDs: Set<String> = []

    /// Takes one record of any topic; returns the line to print for it, if it deserves one.
    mutating func take(topic: String, envelope: EventEnvelope?) -> String? {
        counts[topic, default: 0] += 1
        guard let envelope, seenIDs.insert(envelope.source + "/" + envelope.id).inserted else { return nil }
        let day = envelope.time.calendarDate
        func line(_ who: String, _ text: String) -> String {
            "[\(day)] \(who.padding(toLength: 10, withPad: " ", startingAt: 0)) \(envelope.buyerId)  \(text)"
        }
        switch envelope.event {
        case .receivablesPosition(let position):
            positions[position.buyerId] = position
            return nil
        case .creditAssessment:
            return line("scoring", EventSummary.text(envelope.event))
        case .creditDecision(let decision):
            return decision.outcome == .held ? line("monitoring", EventSummary.text(envelope.event)) : nil
        case .alert(let alert):
            return line("alert", "\(alert.alertType) [\(alert.severity)]\(alert.message.map { " — \($0)" } ?? "")")
        case .dunningAction:
            return line("dunning", EventSummary.text(envelope.event))
        case .claimEvent(let claim):
            let figures = [claim.loss.map { "loss \($0)" }, claim.indemnity.map { "indemnity \($0)" }, claim.reason]
                .compactMap { $0 }.joined(separator: ", ")
            return line("claims", "claim \(claim.claimId) \(claim.state)\(figures.isEmpty ? "" : " — \(figures)")")
        default:
            return nil
        }
    }

    /// The status block at simulated day `day`.
    func status(day: CalendarDate, dayNumber: Int, days: Int) -> String {
        func n(_ topic: String) -> Int { counts[topic] ?? 0 }
        let inputs = "in: invoices \(n(TopicCatalog.erpInvoices)), orders \(n(TopicCatalog.erpOrders)), signals \(n(TopicCatalog.buyerSignals)), collections \(n(TopicCatalog.collectionsUpdates))"
        let stages = "out: scoring \(n(TopicCatalog.creditAssessments)) · monitoring \(n(TopicCatalog.receivablesPositions) + n(TopicCatalog.receivablesOverdue) + n(TopicCatalog.creditDecisions)) · dunning \(n(TopicCatalog.dunningActions)) · claims \(n(TopicCatalog.claimsEvents)) · alerts \(n(TopicCatalog.alerts))"
        var buckets: [String: Int64] = [:]
        var total: Int64 = 0
        for position in positions.values where position.openAmount.currency == .usd {
            for bucket in position.aging.buckets { buckets[bucket.name, default: 0] += bucket.amount.amountMinor }
            total += position.openAmount.amountMinor
        }
        let aging = ["current", "1-30", "31-60", "61-90", "90+"].map { name in
            let share = total > 0 ? Double(buckets[name] ?? 0) / Double(total) * 100 : 0
            return "\(name) \(String(format: "%.0f", share)) %"
        }.joined(separator: ", ")
        let receivables = Money(amountMinor: total, currency: .usd)
        let kpis = (try? PortfolioKPIs.of(Array(positions.values), currency: .usd))??.kpis
        let dso = kpis?.dso.map { String(format: " │ DSO %.1f, best possible %.1f, CEI %.1f %%", $0, kpis?.bestPossibleDSO ?? 0, kpis?.cei ?? 0) } ?? ""
        return "── \(day) (day \(dayNumber) of \(days)) │ \(inputs) │ \(stages)\n── receivables \(receivables): \(aging)\(dso)"
    }
}
