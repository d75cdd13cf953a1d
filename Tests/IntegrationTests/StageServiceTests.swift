import Domain
import Foundation
import Kafka
import TestSupport
import Testing

@Suite("The stage services end to end on the embedded broker", .serialized)
struct StageServiceTests {
    @Test func scoringAssessesBuyersFromSignalsAndInvoicesAndFlagsAnInsolvency() async throws {
        let pipeline = try PipelineFixture()
        // Monitoring's position of "strong", in the positions table before scoring starts (and loads it): the
        // largest exposure of the portfolio, so its periodic review is due at its first punctuation.
        let zero = Given.money(0)
        try await pipeline.send([Given.envelope(.receivablesPosition(ReceivablesPosition(
            buyerId: "strong", asOf: try CalendarDate("2024-01-01"), openAmount: Given.money(6_000), overdueAmount: zero,
            disputedAmount: zero, exposure: Given.money(6_000), approvedOrdersAmount: zero,
            aging: AgingAmounts(current: Given.money(6_000), days1To30: zero, days31To60: zero, days61To90: zero, over90: zero),
            openInvoiceCount: 1, onCreditHold: false)), id: "strong-position", on: "2024-01-01", source: "credence/monitoring")])
        let scoring = try await pipeline.start("scoring", ["--clock", "stream"])

        func statement(_ buyer: String, equity: Int64) -> FinancialStatement {
            FinancialStatement(
                buyerId: BuyerId(buyer), periodEnd: try! CalendarDate("2023-12-31"),
                totalAssets: Given.money(1_000_000), totalLiabilities: Given.money(1_000_000 - equity),
                currentAssets: Given.money(400_000), shortTermLiabilities: Given.money(200_000),
                workingCapital: Given.money(200_000), retainedEarnings: Given.money(equity / 2),
                ebit: Given.money(120_000), bookEquity: Given.money(equity), sales: Given.money(1_500_000), netProfit: Given.money(80_000)
            )
        }
        var events: [EventEnvelope] = []
        for buyer in ["strong", "failing"] {
            events.append(Given.envelope(.buyerProfile(BuyerProfile(buyerId: BuyerId(buyer), name: buyer, country: "DE", industryCode: "C")),
                                         id: "\(buyer)-profile", on: "2024-01-02", source: "provider/test"))
            events.append(Given.envelope(.financialStatement(statement(buyer, equity: 600_000)), id: "\(buyer)-fs", on: "2024-01-03", source: "provider/test"))
            events.append(Given.envelope(.invoiceIssued(InvoiceIssued(
                buyerId: BuyerId(buyer), invoiceId: InvoiceId("\(buyer)-inv-1"), amount: Given.money(6_000),
                issueDate: try CalendarDate("2024-01-05"), dueDate: try CalendarDate("2024-02-04"), termsDays: 30)), id: "\(buyer)-inv-1", on: "2024-01-05"))
            events.append(Given.envelope(.paymentApplied(PaymentApplied(
                buyerId: BuyerId(buyer), invoiceId: InvoiceId("\(buyer)-inv-1"), paymentId: "\(buyer)-pay-1", amount: Given.money(6_000),
                paymentDate: try CalendarDate("2024-02-04"))), id: "\(buyer)-pay-1", on: "2024-02-04"))
        }
        events.append(Given.envelope(.buyerExternalEvent(BuyerExternalEvent(
            buyerId: BuyerId("failing"), eventId: "court-1", eventKind: .insolvencyFiling, date: try CalendarDate("2024-02-10"))),
            id: "failing-insolvency", on: "2024-02-10", source: "provider/test"))
        try await pipeline.send(events)

        let assessments = try await pipeline.read(TopicCatalog.creditAssessments) { events in
            // Each input re-assesses the buyer: wait for the assessment after the payment, not the first one.
            events.contains { $0.assessment?.buyerId == "failing" && $0.assessment?.insolvent == true }
                && events.contains { $0.assessment?.buyerId == "strong" && $0.assessment?.paydex != nil && ($0.assessment?.creditLimit.amountMinor ?? 0) > 0 }
        }
        let latest = Dictionary(assessments.compactMap { envelope -> (BuyerId, CreditAssessment)? in
            if case .creditAssessment(let assessment) = envelope.event { return (assessment.buyerId, assessment) }
            return nil
        }, uniquingKeysWith: { _, last in last })
        let strong = try #require(latest["strong"])
        #expect((1...9).contains(strong.grade))
        #expect(strong.creditLimit.amountMinor > 0)
        #expect(strong.paydex == 80, "paid on the due date")
        #expect(!strong.modelVersion.isEmpty && strong.policyVersion >= 1)
        #expect(strong.reasons.count <= 3 && !strong.reasons.isEmpty)
        let failing = try #require(latest["failing"])
        #expect(failing.grade == 10 && failing.creditClass == .c && failing.creditLimit.amountMinor == 0 && failing.insolvent)

        func alertsOf(_ events: [EventEnvelope]) -> [Alert] {
            events.compactMap { if case .alert(let alert) = $0.event { alert } else { nil } }
        }
        let periodic = AlertType(rawValue: "credit.review.periodic")
        let alerts = alertsOf(try await pipeline.read(TopicCatalog.alerts) { events in
            alertsOf(events).contains { $0.alertType == .buyerInsolvent } && alertsOf(events).contains { $0.alertType == periodic }
        })
        #expect(alerts.contains { $0.alertType == .buyerInsolvent && $0.buyerId == "failing" })
        // One periodic review of the largest exposure in the 40 days replayed; none for a buyer without a position.
        #expect(alerts.filter { $0.alertType == periodic }.map(\.buyerId) == ["strong"])
        await pipeline.stop([scoring])
    }

    @Test func monitoringKeepsTheLedgerDecidesOrdersAndRaisesOverdueAlerts() async throws {
        let pipeline = try PipelineFixture()
        let monitoring = try await pipeline.start("monitoring", ["--clock", "stream"])
        let buyer = BuyerId("acme")
        let assessment = CreditAssessment(
            buyerId: buyer, assessedAt: Given.at("2024-01-01"), score: 72, grade: 3, creditClass: .a, creditLimit: Given.money(10_000),
            terms: CreditTerms(openAccountDays: 90, prepaymentShare: 0), reasons: [], modelVersion: "test", policyVersion: 1,
            components: ScoreComponents()
        )
        try await pipeline.send([
            Given.envelope(.creditAssessment(assessment), id: "assessment-1", on: "2024-01-01", source: "credence/scoring"),
        ])
        try await Task.sleep(for: .seconds(1))
        try await pipeline.send([
            Given.envelope(.invoiceIssued(InvoiceIssued(buyerId: buyer, invoiceId: "inv-1", amount: Given.money(4_000),
                                                        issueDate: try CalendarDate("2024-01-02"), dueDate: try CalendarDate("2024-02-01"), termsDays: 30)),
                           id: "inv-1", on: "2024-01-02"),
        ])
        // Orders and invoices travel on different topics, with no order between them: let the invoice land first.
        _ = try await pipeline.read(TopicCatalog.receivablesPositions) { events in
            events.contains { $0.position?.openAmount == Given.money(4_000) && $0.position?.creditLimit == Given.money(10_000) }
        }
        try await pipeline.send([
            Given.envelope(.orderRequested(OrderRequested(buyerId: buyer, orderId: "order-1", amount: Given.money(5_000), orderDate: try CalendarDate("2024-01-03"))),
                           id: "order-1", on: "2024-01-03"),
            Given.envelope(.orderRequested(OrderRequested(buyerId: buyer, orderId: "order-2", amount: Given.money(3_000), orderDate: try CalendarDate("2024-01-04"))),
                           id: "order-2", on: "2024-01-04"),
        ])
        let decisions = try await pipeline.read(TopicCatalog.creditDecisions) { $0.count >= 2 }
        let byOrder = Dictionary(decisions.compactMap { envelope -> (OrderId, CreditDecision)? in
            if case .creditDecision(let decision) = envelope.event { return (decision.orderId, decision) }
            return nil
        }, uniquingKeysWith: { first, _ in first })
        #expect(byOrder["order-1"]?.outcome == .approved, "4,000 open + 5,000 fits the 10,000 limit")
        #expect(byOrder["order-2"]?.outcome == .held, "9,000 exposure + 3,000 does not")
        #expect(byOrder["order-2"]?.availableAmount == Given.money(1_000), "1,000 would still fit")

        // Positions are published as they change: wait for the one after the decisions.
        let positions = try await pipeline.read(TopicCatalog.receivablesPositions) { events in
            events.contains { $0.position?.buyerId == buyer && $0.position?.exposure == Given.money(9_000) }
        }
        #expect(positions.contains { $0.position?.openAmount == Given.money(4_000) && $0.position?.exposure == Given.money(9_000) },
                "exposure counts the approved order beside the 4,000 open")

        // No invoice billed order-1 within 30 days: by 2024-02-20 its approval has expired, and exposure is the invoice.
        try await pipeline.tick(Given.at("2024-02-20"))
        let expired = try await pipeline.read(TopicCatalog.receivablesPositions) { events in
            events.contains { $0.position?.buyerId == buyer && $0.position?.exposure == Given.money(4_000) }
        }
        #expect(expired.contains { $0.position?.exposure == Given.money(4_000) && $0.position?.approvedOrdersAmount.isZero == true })

        // Due 2024-02-01; on 2024-02-20 the invoice is 19 days past due: the 1- and 15-day thresholds fired, once each.
        let overdue = try await pipeline.read(TopicCatalog.receivablesOverdue) { $0.count >= 2 }
        #expect(overdue.count == 2)
        let alerts = try await pipeline.read(TopicCatalog.alerts) { events in
            events.filter { if case .alert(let a) = $0.event { return a.alertType == .invoiceOverdue } else { return false } }.count >= 2
                && events.contains { if case .alert(let a) = $0.event { return a.alertType == .orderHeld } else { return false } }
                && events.contains { if case .alert(let a) = $0.event { return a.alertType == .orderApprovalExpired } else { return false } }
        }
        #expect(alerts.contains { if case .alert(let a) = $0.event { a.alertType == .orderApprovalExpired && a.orderId == "order-1" } else { false } })
        let overdueAlerts = alerts.filter { if case .alert(let a) = $0.event { return a.alertType == .invoiceOverdue } else { return false } }
        #expect(overdueAlerts.count == 2)
        #expect(Set(overdueAlerts.map(\.id)).count == 2)

        // Bad input is parked with its reason, not lost.
        try await pipeline.send([
            Given.envelope(.paymentApplied(PaymentApplied(buyerId: buyer, invoiceId: "no-such-invoice", paymentId: "p-x", amount: Given.money(10),
                                                          paymentDate: try CalendarDate("2024-02-21"))), id: "p-x", on: "2024-02-21"),
        ])
        let parked = try await pipeline.deadLetters("monitoring", count: 1)
        #expect(parked.first?.header("dlq.error.code")?.stringValue == "unknown_invoice")
        await pipeline.stop([monitoring])
    }
    @Test func dunningEscalatesAnOverdueInvoiceOnTheStreamClockAndStopsWhenItIsPaid() async throws {
        let pipeline = try PipelineFixture()
        let dunning = try await pipeline.start("dunning", ["--clock", "stream"])
        let buyer = BuyerId("slow-payer")
        try await pipeline.send([
            Given.envelope(.invoiceIssued(InvoiceIssued(buyerId: buyer, invoiceId: "inv-7", amount: Money(amountMinor: 2_000_000, currency: .eur),
                                                        issueDate: try CalendarDate("2024-01-31"), dueDate: try CalendarDate("2024-03-01"),
                                                        termsDays: 30)),
                           id: "inv-7", on: "2024-01-31"),
        ])
        // The stream clock passes midnight of 2024-04-03: days up to 2024-04-02 (32 days past due) are judged.
        try await pipeline.tick(Given.at("2024-04-03"))
        let escalated = try await pipeline.read(TopicCatalog.dunningActions) { events in
            events.contains { $0.dunningActionKind == .formalNotice }
        }
        let actions = escalated.compactMap(\.dunningAction)
        #expect(actions.map(\.action) == [.preDueReminder, .reminder, .reminder, .phoneCall, .formalNotice])
        let notice = try #require(actions.last)
        #expect(notice.level == 2 && notice.daysPastDue == 31 && notice.channel == .letter)
        #expect((notice.interest?.amountMinor ?? 0) > 0, "late-payment interest accrues from the due date")
        #expect(notice.compensation == Money(amountMinor: 4_000, currency: .eur), "the fixed compensation of 40 EUR is claimed")

        try await pipeline.send([
            Given.envelope(.paymentApplied(PaymentApplied(buyerId: buyer, invoiceId: "inv-7", paymentId: "pay-7", amount: Money(amountMinor: 2_000_000, currency: .eur),
                                                          paymentDate: try CalendarDate("2024-04-03"))), id: "pay-7", on: "2024-04-03"),
        ])
        try await pipeline.tick(Given.at("2024-06-15"))
        let closed = try await pipeline.read(TopicCatalog.dunningActions) { events in
            events.contains { $0.dunningActionKind == .resolved }
        }
        #expect(closed.compactMap(\.dunningAction).filter { $0.action == .resolved }.count == 1)
        #expect(!closed.compactMap(\.dunningAction).contains { $0.action == .creditHold || $0.action == .claimTrigger },
                "nothing escalates after payment in full")

        // A promise for an invoice dunning never saw is parked with its reason.
        try await pipeline.send([
            Given.envelope(.promiseToPay(PromiseToPay(buyerId: buyer, invoiceId: "inv-404", promiseId: "pr-1", amount: Money(amountMinor: 500, currency: .eur),
                                                      promisedDate: try CalendarDate("2024-07-01"), recordedOn: try CalendarDate("2024-06-16"))),
                           id: "pr-1", on: "2024-06-16", source: "collections/test"),
        ])
        let parked = try await pipeline.deadLetters("dunning", count: 1)
        #expect(parked.first?.header("dlq.error.code")?.stringValue == "unknown_invoice")
        await pipeline.stop([dunning])
    }
}
