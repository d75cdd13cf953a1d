import Domain
import Foundation
import Kafka
import TestSupport
import Testing

/// The four services together, as separate processes on one embedded broker and the stream clock: one
/// buyer's story from assessment to insurance claim, each stage's output checked, and monitoring
/// restarted in the middle so its ledger must come back from the changelog.
@Suite("The whole pipeline end to end", .serialized)
struct PipelineScenarioTests {
    @Test func aBuyerIsAssessedInvoicedDunnedAndClaimedAcrossTheFourStages() async throws {
        let pipeline = try PipelineFixture()
        var stages: [String: ChildProcess] = [:]
        for stage in ["scoring", "monitoring", "dunning", "claims"] {
            stages[stage] = try await pipeline.start(stage, ["--clock", "stream"])
        }
        let buyer = BuyerId("acme")
        let due = try CalendarDate("2024-02-01")
        try await pipeline.send([
            Given.envelope(.buyerProfile(BuyerProfile(buyerId: buyer, name: "Acme GmbH", country: "DE", industryCode: "C28")),
                           id: "acme-profile", on: "2023-12-01", source: "provider/test"),
            Given.envelope(.financialStatement(FinancialStatement(
                buyerId: buyer, periodEnd: try CalendarDate("2023-09-30"), totalAssets: Given.money(2_000_000),
                totalLiabilities: Given.money(1_200_000), currentAssets: Given.money(900_000), shortTermLiabilities: Given.money(400_000),
                workingCapital: Given.money(500_000), retainedEarnings: Given.money(400_000), ebit: Given.money(260_000),
                bookEquity: Given.money(800_000), sales: Given.money(3_000_000), netProfit: Given.money(150_000))),
                           id: "acme-statement", on: "2023-12-01", source: "provider/test"),
            Given.envelope(.insurerLimitDecision(InsurerLimitDecision(buyerId: buyer, decisionId: "acme-limit", limit: Given.money(100_000),
                                                                      effectiveDate: try CalendarDate("2023-12-01"))),
                           id: "acme-limit", on: "2023-12-01", source: "insurer/test"),
        ])
        // Scoring: a grade, a class and a limit, capped by the insurer's 100,000.
        let assessed = try await pipeline.read(TopicCatalog.creditAssessments) { $0.contains { $0.assessment?.creditLimit.amountMinor ?? 0 > 0 } }
        let assessment = try #require(assessed.compactMap(\.assessment).last)
        #expect(assessment.grade <= 6 && assessment.creditLimit.amountMinor <= Given.money(100_000).amountMinor && assessment.creditLimit.amountMinor > 0)
        #expect(assessment.probabilityOfDefault != nil && assessment.altmanZDoublePrime != nil)
        let limit = assessment.creditLimit
        let invoiceAmount = Money(amountMinor: limit.amountMinor / 2, currency: .usd)
        try await pipeline.send([
            Given.envelope(.invoiceIssued(InvoiceIssued(buyerId: buyer, invoiceId: "acme-1", amount: invoiceAmount,
                                                        issueDate: try CalendarDate("2024-01-02"), dueDate: due, termsDays: 30)),
                           id: "acme-1", on: "2024-01-02"),
        ])
        // Topics carry no order between them: the order goes once monitoring holds both the assessment and the invoice.
        _ = try await pipeline.read(TopicCatalog.receivablesPositions) { events in
            events.contains { $0.position?.openAmount == invoiceAmount && $0.position?.creditLimit == limit }
        }
        try await pipeline.send([
            Given.envelope(.orderRequested(OrderRequested(buyerId: buyer, orderId: "acme-order-1", amount: Money(amountMinor: limit.amountMinor / 4, currency: .usd),
                                                          orderDate: try CalendarDate("2024-01-03"))), id: "acme-order-1", on: "2024-01-03"),
            Given.envelope(.paymentApplied(PaymentApplied(buyerId: buyer, invoiceId: "acme-1", paymentId: "acme-pay-1", amount: Given.money(1_000),
                                                          paymentDate: try CalendarDate("2024-01-20"))), id: "acme-pay-1", on: "2024-01-20"),
        ])
        // Monitoring: the order fits (half the limit open + a quarter), and the partial payment lowers the open amount.
        let decisions = try await pipeline.read(TopicCatalog.creditDecisions) { $0.contains { $0.decision?.orderId == "acme-order-1" } }
        #expect(decisions.compactMap(\.decision).first?.outcome == .approved)
        let open = try (invoiceAmount - Given.money(1_000))
        _ = try await pipeline.read(TopicCatalog.receivablesPositions) { $0.contains { $0.position?.openAmount == open } }

        // Monitoring restarts: its ledger must come back from monitoring.changelog.
        let monitoring = try #require(stages["monitoring"])
        monitoring.signal(SIGTERM)
        #expect(await monitoring.exitStatus() == 0)
        stages["monitoring"] = try await pipeline.start("monitoring", ["--clock", "stream"])

        // 104 days past due at the end of 2024-05-14.
        try await pipeline.tick(Given.at("2024-05-15"))
        let overdue = try await pipeline.read(TopicCatalog.receivablesOverdue) { events in
            Set(events.compactMap { $0.overdue?.daysPastDue }).isSuperset(of: [1, 15, 31, 61, 91])
        }
        let thresholds = overdue.compactMap(\.overdue).map(\.daysPastDue)
        #expect(thresholds.sorted() == [1, 15, 31, 61, 91], "each threshold once, across the restart")
        #expect(overdue.compactMap(\.overdue).allSatisfy { $0.openAmount == open }, "the restored ledger knows the partial payment")

        // Dunning: the table up to the claim trigger, with interest on the formal notice.
        let actions = try await pipeline.read(TopicCatalog.dunningActions) { $0.contains { $0.dunningActionKind == .claimTrigger } }
        let kinds = actions.compactMap(\.dunningActionKind)
        for kind in [DunningActionKind.reminder, .formalNotice, .creditHold, .collectionHandover, .claimTrigger] {
            #expect(kinds.contains(kind), "dunning took \(kind)")
        }
        #expect(actions.compactMap(\.dunningAction).first { $0.action == .formalNotice }?.interest.map { $0.amountMinor > 0 } == true)

        // Monitoring applies dunning's credit hold to the buyer.
        _ = try await pipeline.read(TopicCatalog.receivablesPositions) { $0.contains { $0.position?.onCreditHold == true } }

        // Claims: the overdue account notified at level 3, the claim filed at level 4 on the insured limit.
        let claims = try await pipeline.read(TopicCatalog.claimsEvents) { $0.contains { $0.claimEvent?.state == .filed } }
        let states = claims.compactMap(\.claimEvent).map(\.state)
        #expect(states.prefix(2) == [.notified, .filed])
        #expect(claims.compactMap(\.claimEvent).first { $0.state == .filed }?.loss == open)

        // Monitoring's alerts and those of dunning and claims come from different producers: a partition holds them in
        // the order they reached the broker, not in causal order, so the read waits for all five thresholds.
        let alerts = try await pipeline.read(TopicCatalog.alerts) { events in
            let types = events.compactMap { $0.alertType }
            return Set(types).isSuperset(of: [.dunningLegal, .claimFiled]) && types.filter { $0 == .invoiceOverdue }.count >= 5
        }
        let types = alerts.compactMap(\.alertType)
        #expect(types.filter { $0 == .invoiceOverdue }.count == 5, "one invoice.overdue per threshold")
        #expect(Set(types).isSuperset(of: [.invoiceOverdue, .dunningLegal, .claimFiled]))

        // The portfolio's KPIs from every buyer's latest position, read whole, as another team would.
        let portfolio = try ChildProcess("credence", ["portfolio", "--bootstrap-servers", pipeline.bootstrap])
        #expect(await portfolio.exitStatus() == 0, "\(portfolio.standardError)")
        // The period ends on the latest position's day. A position is published only when its figures change: the
        // last change of the ledger is the invoice entering 90+ at the end of 2024-05-02 (due + 91), but dunning's
        // credit hold may reach monitoring after the tick to 2024-05-15 and republish the position on that day.
        let header = try #require(portfolio.outputLines.first, "\(portfolio.standardError)")
        let period = try #require(header.firstMatch(of: /^portfolio of 1 buyers, period (\d{4}-\d{2}-\d{2}) … (\d{4}-\d{2}-\d{2}):/),
                                  "\(portfolio.outputLines)")
        #expect(period.1 == "2024-03-01", "the three months ending with the position's month")
        #expect(("2024-05-02"..."2024-05-15").contains(String(period.2)), "\(header)")
        #expect(portfolio.outputLines.contains { $0.contains("90+ \(open)") }, "the open amount is 90+ days past due")
        #expect(portfolio.outputLines.contains { $0.hasPrefix("DSO n/a") }, "no credit sales in the period: DSO is undefined")
        await pipeline.stop(Array(stages.values))
    }
}
