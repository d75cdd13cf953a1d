import Domain
import Foundation
import Kafka
import TestSupport
import Testing

@Suite("The claims service end to end on the embedded broker", .serialized)
struct ClaimsServiceTests {
    /// DOMAIN.md §6's worked example through the real executable: an insured limit of 100,000, an invoice
    /// of 120,000 due 2024-02-01, dunning's level-3 and level-4 actions, and a stream-clock tick past the
    /// 150-day waiting period — notified, filed, approved and paid 90,000, with alerts; bad input is parked.
    /// The worked example has no deductible, so the stage reads a policy file whose aggregate first loss is 0.
    @Test func claimsNotifiesFilesAndPaysTheWorkedExample() async throws {
        var policy = Policy.defaults
        policy.claims.aggregateFirstLoss = Given.money(0)
        let policyFile = FileManager.default.temporaryDirectory.appendingPathComponent("claims-policy-\(UUID().uuidString).json")
        try JSONEncoder().encode(policy).write(to: policyFile)
        defer { try? FileManager.default.removeItem(at: policyFile) }

        let pipeline = try PipelineFixture()
        let claims = try await pipeline.start("claims", ["--clock", "stream", "--policy", policyFile.path])
        let buyer = BuyerId("insured-buyer")
        let due = try CalendarDate("2024-02-01")
        func dunning(_ action: DunningActionKind, level: Int, daysPastDue: Int) -> EventEnvelope {
            let date = due.adding(days: daysPastDue)
            return Given.envelope(.dunningAction(DunningAction(
                buyerId: buyer, invoiceId: "inv-1", level: level, action: action, channel: action == .claimTrigger ? .insurer : .internalTask,
                date: date, daysPastDue: daysPastDue, openAmount: Given.money(120_000))),
                id: "dunning-\(action.rawValue)", on: date.description, source: "credence/dunning")
        }
        try await pipeline.send([
            Given.envelope(.insurerLimitDecision(InsurerLimitDecision(buyerId: buyer, decisionId: "lim-1", limit: Given.money(100_000),
                                                                      effectiveDate: try CalendarDate("2023-12-01"))),
                           id: "lim-1", on: "2023-12-01", source: "insurer/test"),
            Given.envelope(.invoiceIssued(InvoiceIssued(buyerId: buyer, invoiceId: "inv-1", amount: Given.money(120_000),
                                                        issueDate: try CalendarDate("2024-01-02"), dueDate: due, termsDays: 30)),
                           id: "inv-1", on: "2024-01-02"),
        ])
        // The inputs travel on different topics; let the invoice land before dunning speaks of it.
        try await Task.sleep(for: .seconds(2))
        try await pipeline.send([dunning(.creditHold, level: 3, daysPastDue: 61)])
        _ = try await pipeline.read(TopicCatalog.claimsEvents) { $0.contains { $0.claimEvent?.state == .notified } }
        try await pipeline.send([dunning(.claimTrigger, level: 4, daysPastDue: 91)])
        _ = try await pipeline.read(TopicCatalog.claimsEvents) { $0.contains { $0.claimEvent?.state == .approved } }
        try await pipeline.tick(Given.at("2024-10-10"))

        let events = try await pipeline.read(TopicCatalog.claimsEvents) { $0.contains { $0.claimEvent?.state == .paid } }
        let transitions = events.compactMap(\.claimEvent)
        #expect(transitions.map(\.state) == [.notified, .filed, .approved, .paid])
        #expect(Set(transitions.map(\.claimId)).count == 1)
        #expect(events.allSatisfy { $0.source == "credence/claims" && $0.buyerId == buyer })
        #expect(transitions.first?.date == due.adding(days: 61))
        let filed = try #require(transitions.first { $0.state == .filed })
        #expect(filed.loss == Given.money(120_000) && filed.waitingPeriodEnds == due.adding(days: 91 + 150))
        let paid = try #require(transitions.first { $0.state == .paid })
        #expect(paid.indemnity == Given.money(90_000) && paid.loss == Given.money(120_000))
        #expect(paid.date == due.adding(days: 91 + 150))
        let policyYear = try CalendarDate("2024-01-01")
        #expect(paid.yearToDateIndemnity == Given.money(90_000) && paid.policyYearStart == policyYear)

        let alerts = try await pipeline.read(TopicCatalog.alerts) { events in
            events.contains { $0.alert?.alertType == .claimPaid } && events.contains { $0.alert?.alertType == .claimFiled }
        }
        let paidAlert = try #require(alerts.compactMap(\.alert).first { $0.alertType == .claimPaid })
        #expect(paidAlert.buyerId == buyer && paidAlert.amounts?["indemnity"] == Given.money(90_000))

        // Bad input is parked with its reason, not lost.
        try await pipeline.send([
            Given.envelope(.paymentApplied(PaymentApplied(buyerId: buyer, invoiceId: "no-such-invoice", paymentId: "p-x",
                                                          amount: Given.money(10), paymentDate: try CalendarDate("2024-10-11"))),
                           id: "p-x", on: "2024-10-11"),
        ])
        let parked = try await pipeline.deadLetters("claims", count: 1)
        #expect(parked.first?.header("dlq.error.code")?.stringValue == "unknown_invoice")
        await pipeline.stop([claims])
    }

    /// A backlog read in the wrong fetch order: every buyer's dunning actions were produced before the invoice they
    /// are about. Claims merges its inputs by event time per task, so each invoice is known before its actions —
    /// nothing is parked as unknown, and every buyer's claim is filed.
    @Test func aBacklogWhoseActionsPrecedeTheirInvoicesInFetchOrderFilesEveryClaim() async throws {
        let pipeline = try PipelineFixture()
        let buyers = (0..<120).map { BuyerId("backlog-buyer-\($0)") }
        let due = try CalendarDate("2024-02-01")
        var limits: [EventEnvelope] = []
        var invoices: [EventEnvelope] = []
        var actions: [EventEnvelope] = []
        for buyer in buyers {
            let invoiceId = InvoiceId("\(buyer.rawValue)-inv")
            limits.append(Given.envelope(.insurerLimitDecision(InsurerLimitDecision(
                buyerId: buyer, decisionId: "lim-\(buyer.rawValue)", limit: Given.money(100_000), effectiveDate: try CalendarDate("2023-12-01"))),
                id: "lim-\(buyer.rawValue)", on: "2023-12-01", source: "insurer/test"))
            invoices.append(Given.envelope(.invoiceIssued(InvoiceIssued(
                buyerId: buyer, invoiceId: invoiceId, amount: Given.money(120_000), issueDate: try CalendarDate("2024-01-02"), dueDate: due, termsDays: 30)),
                id: "inv-\(buyer.rawValue)", on: "2024-01-02"))
            for (action, level, daysPastDue) in [(DunningActionKind.creditHold, 3, 61), (.claimTrigger, 4, 91)] {
                let date = due.adding(days: daysPastDue)
                actions.append(Given.envelope(.dunningAction(DunningAction(
                    buyerId: buyer, invoiceId: invoiceId, level: level, action: action, channel: action == .claimTrigger ? .insurer : .internalTask,
                    date: date, daysPastDue: daysPastDue, openAmount: Given.money(120_000))),
                    id: "dunning-\(buyer.rawValue)-\(level)", on: date.description, source: "credence/dunning"))
            }
        }
        try await pipeline.send(actions)
        try await pipeline.send(limits)
        try await pipeline.send(invoices)

        let claims = try await pipeline.start("claims", ["--clock", "stream"])
        let events = try await pipeline.read(TopicCatalog.claimsEvents, timeout: .seconds(120)) { events in
            Set(events.compactMap { $0.claimEvent?.state == .filed ? $0.buyerId : nil }).count == buyers.count
        }
        let filed = Set(events.compactMap { $0.claimEvent?.state == .filed ? $0.buyerId : nil })
        #expect(filed == Set(buyers), "every buyer's claim is filed")
        for partition in 0..<Int32(PipelineFixture.partitions) {
            let consumer = try pipeline.test.consumer(group: nil)
            let marks = try await consumer.watermarks(TopicPartition(TopicCatalog.deadLetter(.claims), partition))
            await consumer.close()
            #expect(marks.high == 0, "claims.dlq partition \(partition) holds \(marks.high) records")
        }
        await pipeline.stop([claims])
    }
}
