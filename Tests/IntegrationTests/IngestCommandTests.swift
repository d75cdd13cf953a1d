import Domain
import Foundation
import Kafka
import Runtime
import TestSupport
import Testing

/// `credence ingest` as an operator runs it, against an embedded cluster this test starts: what lands on
/// `erp.invoices` is read back and compared with the export, invoice by invoice.
@Suite("credence ingest into an embedded cluster")
struct IngestCommandTests {
    /// Three invoices: one paid early, one open and disputed, one paid late.
    static let csv = """
        customer,invoice,issued,due,amount,settled,disputed
        B-1,I-1,1/2/2013,2/1/2013,100.00,1/20/2013,No
        B-2,I-2,1/3/2013,2/2/2013,250.50,,Yes
        B-1,I-3,1/5/2013,2/4/2013,75.25,2/10/2013,No
        """

    /// The same invoices as JSON Lines: amounts as numbers, the open invoice's settlement date null.
    static let jsonLines = """
        {"customer": "B-1", "invoice": "I-1", "issued": "1/2/2013", "due": "2/1/2013", "amount": 100.00, "settled": "1/20/2013", "disputed": "No"}
        {"customer": "B-2", "invoice": "I-2", "issued": "1/3/2013", "due": "2/2/2013", "amount": 250.50, "settled": null, "disputed": "Yes"}
        {"customer": "B-1", "invoice": "I-3", "issued": "1/5/2013", "due": "2/4/2013", "amount": 75.25, "settled": "2/10/2013", "disputed": "No"}
        """

    /// The events those invoices stand for, oldest first, with their business dates (a dispute is dated on the
    /// due date, as the mapping says).
    static let expectedEvents: [(day: String, summary: String)] = [
        ("2013-01-02", "issued B-1 I-1 10000 USD on 2013-01-02 due 2013-02-01"),
        ("2013-01-03", "issued B-2 I-2 25050 USD on 2013-01-03 due 2013-02-02"),
        ("2013-01-05", "issued B-1 I-3 7525 USD on 2013-01-05 due 2013-02-04"),
        ("2013-01-20", "payment B-1 I-1 10000 USD on 2013-01-20"),
        ("2013-02-02", "disputed B-2 I-2 on 2013-02-02"),
        ("2013-02-10", "payment B-1 I-3 7525 USD on 2013-02-10"),
    ]

    /// CSV and JSON Lines give the same events: an issue per invoice, a dispute and a payment in full where the
    /// export says so, each at noon of its business date, a buyer's in the order they happened.
    @Test(arguments: ["csv", "jsonl"])
    func ingestSendsEachInvoicesEventsOldestFirstAtNoonOfTheirBusinessDate(format: String) async throws {
        let fixture = try PipelineFixture()
        let ingest = try runIngest(format: format, bootstrap: fixture.bootstrap)
        #expect(await ingest.exitStatus(timeout: .seconds(60)) == 0, "\(ingest.standardError.suffix(2_000))")
        #expect(ingest.outputLines.last == "ingest: 3 invoices, 6 events and 0 ticks sent from \(inputPath(format).path)")

        let records = try await fixture.test.readAll(TopicCatalog.erpInvoices, partitions: PipelineFixture.partitions, count: 6)
        await fixture.test.shutdown()
        let events = try records.map { try $0.envelope() }
        #expect(events.count == 6, "one event per issue, dispute and settlement, none twice")
        #expect(events.allSatisfy { $0.source == "erp/test" }, "the mapping's source names the producer")
        #expect(events.sorted { $0.time < $1.time }.map { "\($0.time.calendarDate) \(Self.summary($0))" }
                == Self.expectedEvents.map { "\($0.day) \($0.summary)" })
        for event in events {
            #expect(event.time == Timestamp(date: event.time.calendarDate, hour: 12), "\(event.id) at noon: \(event.time)")
        }
        Self.expectOldestFirstOnEachPartition(records)
        let buyerOne = records.filter { $0.keyString == "B-1" }.sorted { ($0.partition, $0.offset) < ($1.partition, $1.offset) }
        #expect(Set(buyerOne.map(\.partition)).count == 1, "a buyer's events share a partition")
        #expect(try buyerOne.map { Self.summary(try $0.envelope()) } == Self.expectedEvents.map(\.summary).filter { $0.contains("B-1") },
                "B-1's events in the order they happened")
    }

    /// `--ticks` moves every partition's stream clock: a tick at each midnight the history passes, before
    /// that day's events, and one after the last day.
    @Test func ingestWithTicksBroadcastsEachMidnightToEveryPartition() async throws {
        let fixture = try PipelineFixture()
        let ingest = try runIngest(format: "csv", bootstrap: fixture.bootstrap, extra: ["--ticks"])
        #expect(await ingest.exitStatus(timeout: .seconds(60)) == 0, "\(ingest.standardError.suffix(2_000))")
        let days = Self.expectedEvents.map(\.day).reduce(into: [String]()) { if $0.last != $1 { $0.append($1) } } + ["2013-02-11"]
        let partitions = PipelineFixture.partitions
        #expect(ingest.outputLines.last?.contains("6 events and \(days.count * partitions) ticks sent") == true, "\(ingest.outputLines)")

        let records = try await fixture.test.readAll(TopicCatalog.erpInvoices, partitions: partitions, count: 6 + days.count * partitions)
        await fixture.test.shutdown()
        #expect(records.count == 6 + days.count * partitions, "six events and a tick per day and partition, none twice")
        for partition in 0..<Int32(partitions) {
            let ticks = try records.filter { $0.partition == partition }.compactMap { record -> ClockTick? in
                guard case .clockTick(let tick) = try record.envelope().event else { return nil }
                return tick
            }
            #expect(ticks.map { $0.time } == (try days.map { Timestamp(date: try CalendarDate($0)) }), "partition \(partition): \(ticks)")
            #expect(ticks.allSatisfy { $0.partition == Int(partition) }, "each tick names the partition it was aimed at")
        }
        Self.expectOldestFirstOnEachPartition(records)
    }

    /// Runs `credence ingest` on the test's export in `format` through a mapping written beside it.
    func runIngest(format: String, bootstrap: String, extra: [String] = []) throws -> ChildProcess {
        let mapping = """
            {"source": "test", "format": "\(format)", "currency": "USD", "dateFormat": "M/d/yyyy",
             "columns": {"buyerId": "customer", "invoiceId": "invoice", "issueDate": "issued", "dueDate": "due",
                         "amount": "amount", "settledDate": "settled", "disputed": "disputed"},
             "dispute": {"trueValues": ["Yes"], "dateColumn": "due", "reason": "disputed in the ERP"}}
            """
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        try (format == "csv" ? Self.csv : Self.jsonLines).write(to: inputPath(format), atomically: true, encoding: .utf8)
        try mapping.write(to: folder.appendingPathComponent("mapping.json"), atomically: true, encoding: .utf8)
        return try ChildProcess("credence", ["ingest", "--input", inputPath(format).path,
                                             "--mapping", folder.appendingPathComponent("mapping.json").path,
                                             "--bootstrap-servers", bootstrap] + extra)
    }

    /// This test's own folder for the export and the mapping.
    let folder = FileManager.default.temporaryDirectory.appendingPathComponent("credence-ingest-\(UUID().uuidString)")

    func inputPath(_ format: String) -> URL { folder.appendingPathComponent("export.\(format)") }

    /// Within a partition, records are in the order of their event times.
    static func expectOldestFirstOnEachPartition(_ records: [ConsumerRecord]) {
        for partition in Set(records.map(\.partition)) {
            let times = records.filter { $0.partition == partition }.sorted { $0.offset < $1.offset }.compactMap { try? $0.envelope().time }
            #expect(times == times.sorted(), "partition \(partition) is oldest first")
        }
    }

    /// An invoice event in a few words, for comparing with the export.
    static func summary(_ envelope: EventEnvelope) -> String {
        switch envelope.event {
        case .invoiceIssued(let issued):
            "issued \(issued.buyerId.rawValue) \(issued.invoiceId.rawValue) \(issued.amount.amountMinor) \(issued.amount.currency.code) "
                + "on \(issued.issueDate) due \(issued.dueDate)"
        case .paymentApplied(let payment):
            "payment \(payment.buyerId.rawValue) \(payment.invoiceId.rawValue) \(payment.amount.amountMinor) \(payment.amount.currency.code) "
                + "on \(payment.paymentDate)"
        case .invoiceDisputed(let dispute):
            "disputed \(dispute.buyerId.rawValue) \(dispute.invoiceId.rawValue) on \(dispute.date)"
        default:
            "unexpected \(envelope.type)"
        }
    }
}
