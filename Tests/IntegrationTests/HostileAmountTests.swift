import Domain
import Foundation
import Kafka
import TestSupport
import Testing

/// Issue "Money you can trust" §1, against the four stage executables started as processes: a 1.00 USD invoice
/// followed by a debit note of 9,223,372,036,854,775,807 minor units (which trapped on `+` and crash-looped
/// every stage) is parked by each stage as `amount_out_of_range`, and each goes on with the records after it.
@Suite("A hostile amount never stops a stage", .serialized)
struct HostileAmountTests {
    @Test func everyStageParksTheInt64MaxDebitNoteAndGoesOn() async throws {
        let pipeline = try PipelineFixture()
        let stages = ["scoring", "monitoring", "dunning", "claims"]
        var processes: [ChildProcess] = []
        for stage in stages { processes.append(try await pipeline.start(stage, ["--clock", "stream"])) }

        let buyer = BuyerId("hostile")
        let hostile = Given.envelope(.invoiceAdjusted(InvoiceAdjusted(
            buyerId: buyer, invoiceId: "H-1", adjustmentId: "DN-MAX", adjustmentKind: .debitNote,
            amount: Money(amountMinor: Int64.max, currency: .usd), date: try CalendarDate("2024-03-02"))),
            id: "hostile-debit", on: "2024-03-02")
        let before = [Given.envelope(.invoiceIssued(InvoiceIssued(
            buyerId: buyer, invoiceId: "H-1", amount: Money(amountMinor: 100, currency: .usd),
            issueDate: try CalendarDate("2024-03-01"), dueDate: try CalendarDate("2024-03-31"), termsDays: 30)),
            id: "hostile-inv-1", on: "2024-03-01")]
        let after = [
            Given.envelope(.invoiceIssued(InvoiceIssued(
                buyerId: buyer, invoiceId: "H-2", amount: Given.money(100), issueDate: try CalendarDate("2024-03-03"),
                dueDate: try CalendarDate("2024-04-02"), termsDays: 30)), id: "hostile-inv-2", on: "2024-03-03"),
            Given.envelope(.paymentApplied(PaymentApplied(
                buyerId: buyer, invoiceId: "H-1", paymentId: "PAY-1", amount: Money(amountMinor: 100, currency: .usd),
                paymentDate: try CalendarDate("2024-03-04"))), id: "hostile-pay-1", on: "2024-03-04"),
            Given.envelope(.financialStatement(FinancialStatement(
                buyerId: buyer, periodEnd: try CalendarDate("2023-12-31"), totalAssets: Given.money(1_000_000),
                totalLiabilities: Given.money(400_000), currentAssets: Given.money(400_000),
                shortTermLiabilities: Given.money(200_000), workingCapital: Given.money(200_000),
                retainedEarnings: Given.money(300_000), ebit: Given.money(120_000), bookEquity: Given.money(600_000),
                sales: Given.money(1_500_000), netProfit: Given.money(80_000))),
                id: "hostile-fs", on: "2024-03-04", source: "provider/test"),
        ]
        let producer = try pipeline.test.producer()
        _ = try await producer.send(try before.map { try ProducerRecord($0) })
        let hostileReport = try await producer.send(try ProducerRecord(hostile))
        let afterReports = try await producer.send(try after.map { try ProducerRecord($0) })
        await producer.close()

        // Each stage that reads erp.invoices parks the record, naming the field, the code and where it came from.
        for stage in stages {
            let parked = try await pipeline.deadLetters(stage, count: 1)
            let record = try #require(parked.first { $0.header("dlq.source.offset")?.stringValue == String(hostileReport.offset) },
                                      "\(stage) parked the hostile debit note")
            #expect(record.header("dlq.error.code")?.stringValue == "amount_out_of_range", "\(stage)")
            #expect(record.header("dlq.error.field")?.stringValue == "amount", "\(stage)")
            #expect(record.header("dlq.source.topic")?.stringValue == TopicCatalog.erpInvoices, "\(stage)")
        }

        // And goes on: monitoring's position counts the invoice after it, scoring rates the buyer from the statement.
        let positions = try await pipeline.read(TopicCatalog.receivablesPositions) { events in
            events.contains { $0.position?.buyerId == buyer && $0.position?.openAmount == Given.money(100) }
        }
        #expect(positions.contains { $0.position?.buyerId == buyer && $0.position?.openAmount == Given.money(100) })
        let assessments = try await pipeline.read(TopicCatalog.creditAssessments) { events in
            events.contains { $0.assessment?.buyerId == buyer && ($0.assessment?.creditLimit.amountMinor ?? 0) > 0 }
        }
        #expect(assessments.contains { $0.assessment?.buyerId == buyer && ($0.assessment?.creditLimit.amountMinor ?? 0) > 0 })

        // Every stage commits past the last good invoice record: none is stuck behind the hostile one.
        let lastInvoice = try #require(afterReports.filter { $0.topic == TopicCatalog.erpInvoices }.max { $0.offset < $1.offset })
        for stage in stages {
            let partition = TopicPartition(TopicCatalog.erpInvoices, lastInvoice.partition)
            let committed = try await eventually(timeout: .seconds(60)) {
                let consumer = try pipeline.test.consumer(group: "credence-\(stage)")
                defer { Task { await consumer.close() } }
                let offsets = try await consumer.committed([partition])
                return (offsets.first?.offset ?? -1) > lastInvoice.offset
            }
            #expect(committed, "credence-\(stage) committed past offset \(lastInvoice.offset)")
        }
        for (stage, process) in zip(stages, processes) { #expect(process.isRunning, "credence-\(stage) still runs") }
        await pipeline.stop(processes)
    }
}
