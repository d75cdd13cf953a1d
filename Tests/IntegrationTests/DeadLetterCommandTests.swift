import Domain
import Foundation
import Kafka
import Runtime
import TestSupport
import Testing

/// `credence dlq` against the embedded broker and a real monitoring process: what monitoring parks is counted,
/// shown and, once its cause is removed, replayed so that each effect appears exactly once — and never twice,
/// however often the replay runs.
@Suite("credence dlq summary, show and replay against a running stage", .serialized)
struct DeadLetterCommandTests {
    /// The summary's JSON, as far as the tests read it.
    struct Summary: Decodable {
        struct Code: Decodable { var stage, code: String; var records, replayed, reparked, notReplayable: Int; var sample: Sample }
        struct Sample: Decodable { var ceId: String?; var message: String }
        struct Group: Decodable { var stage, code, sourceTopic, day: String; var records: Int }
        struct Replay: Decodable { var replayId: String; var records: Int }
        var total: Int
        var codes: [Code]
        var groups: [Group]
        var replays: [Replay]
    }

    /// `dlq show --json`'s lines, as far as the tests read them.
    struct Shown: Decodable {
        struct Position: Decodable { var topic: String; var partition: Int32; var offset: Int64 }
        var code, message: String
        var key: String?
        var headers: [String: String]
        var source: Position?
        var valueTruncated: Bool
    }

    static func credence(_ arguments: [String], _ pipeline: PipelineFixture) async throws -> ChildProcess {
        let process = try ChildProcess("credence", arguments + ["--bootstrap-servers", pipeline.bootstrap])
        #expect(await process.exitStatus(timeout: .seconds(120)) == 0, "credence \(arguments): \(process.standardError.suffix(2_000))")
        return process
    }

    static func summary(_ pipeline: PipelineFixture) async throws -> Summary {
        let run = try await credence(["dlq", "summary", "--stage", "monitoring", "--json"], pipeline)
        return try JSONDecoder().decode(Summary.self, from: Data(run.outputLines.joined(separator: "\n").utf8))
    }

    static func records(_ topic: String, _ pipeline: PipelineFixture) async throws -> [ConsumerRecord] {
        try await TopicSnapshot.records(of: topic, kafka: pipeline.test.common, logger: pipeline.test.logger)
    }

    @Test func parkedPaymentsAreCountedShownAndReplayedOnceTheirInvoicesArriveExactlyOnce() async throws {
        let pipeline = try PipelineFixture()
        let monitoring = try await pipeline.startServing("monitoring")

        // Payments for invoices monitoring does not know yet (unknown_invoice), one for an invoice that never comes,
        // and a value too large for a dead letter to carry whole (malformed_json, truncated when parked).
        let early = [HostileInputTests.payment("D-1", invoice: 1, amount: 400, on: "2024-03-10"),
                     HostileInputTests.payment("D-2", invoice: 1, amount: 250, on: "2024-03-10"),
                     HostileInputTests.payment("D-3", invoice: 1, amount: 100, on: "2024-03-10")]
        let huge = try HostileInputTests.record(HostileInputTests.invoice("D-9", 1), value: String(repeating: "x", count: 70_000))
        let producer = try pipeline.test.producer()
        _ = try await producer.send(try early.map { try ProducerRecord($0) } + [huge])
        await producer.close()
        let parked = try await pipeline.deadLetters("monitoring", count: 4)
        #expect(parked.count == 4)

        // The stage counts them by code and source topic.
        let metrics = try #require(await HTTPProbe.get(port: monitoring.port, "/metrics"))
        #expect(HTTPProbe.sample(metrics.body, #"credence_dlq_records_total{stage="monitoring",code="unknown_invoice",source_topic="erp.invoices"}"#) == 3)
        #expect(HTTPProbe.sample(metrics.body, #"credence_dlq_records_total{stage="monitoring",code="malformed_json",source_topic="erp.invoices"}"#) == 1)
        #expect(HTTPProbe.sample(metrics.body, #"credence_ready{stage="monitoring"}"#) == 1)

        let before = try await Self.summary(pipeline)
        #expect(before.total == 4)
        let unknown = try #require(before.codes.first { $0.code == "unknown_invoice" })
        #expect((unknown.stage, unknown.records, unknown.replayed, unknown.reparked, unknown.notReplayable) == ("monitoring", 3, 0, 0, 0))
        #expect(unknown.sample.ceId?.hasPrefix("D-") == true && unknown.sample.message.contains("INV-1"), "\(unknown.sample)")
        let malformed = try #require(before.codes.first { $0.code == "malformed_json" })
        #expect(malformed.records == 1 && malformed.notReplayable == 1)
        #expect(before.groups.filter { $0.code == "unknown_invoice" }.reduce(0) { $0 + $1.records } == 3)
        #expect(before.groups.allSatisfy { $0.sourceTopic == TopicCatalog.erpInvoices && $0.day.count == 10 })
        let text = try await Self.credence(["dlq", "summary"], pipeline)
        #expect(text.outputLines.contains("monitoring.dlq: 4 parked"), "\(text.outputLines)")
        #expect(text.outputLines.contains { $0.contains("unknown_invoice: 3 parked, 0 replayed, 0 re-parked") }, "\(text.outputLines)")

        let show = try await Self.credence(["dlq", "show", "--stage", "monitoring", "--code", "unknown_invoice", "--json"], pipeline)
        let shown = try show.outputLines.map { try JSONDecoder().decode(Shown.self, from: Data($0.utf8)) }
        #expect(Set(shown.compactMap(\.key)) == ["D-1", "D-2", "D-3"])
        #expect(shown.allSatisfy { $0.code == "unknown_invoice" && !$0.message.isEmpty && $0.source?.topic == TopicCatalog.erpInvoices
                                   && $0.headers["ce_id"] != nil && $0.headers["dlq.error.code"] == "unknown_invoice" && !$0.valueTruncated })
        let limited = try await Self.credence(["dlq", "show", "--stage", "monitoring", "--limit", "1"], pipeline)
        #expect(limited.outputLines.first?.hasPrefix("monitoring.dlq[") == true && limited.outputLines.last == "… 3 more (raise --limit)",
                "\(limited.outputLines)")

        // The cause goes away: the ERP sends the invoices (D-3's never comes).
        try await pipeline.send([HostileInputTests.invoice("D-1", 1), HostileInputTests.invoice("D-2", 1)])
        _ = try await pipeline.read(TopicCatalog.receivablesPositions) { events in
            Set(events.compactMap { $0.position?.buyerId.rawValue }) == ["D-1", "D-2"]
        }

        // A dry run says what it would send and sends nothing.
        let invoicesBefore = try await Self.records(TopicCatalog.erpInvoices, pipeline).count
        let dry = try await Self.credence(["dlq", "replay", "--stage", "monitoring", "--code", "unknown_invoice", "--dry-run"], pipeline)
        #expect(dry.outputLines.first?.hasSuffix("3 to send, 0 already replayed, 0 re-parked held back, 0 not replayable") == true, "\(dry.outputLines)")
        #expect(dry.outputLines.filter { $0.hasPrefix("would send monitoring.dlq[") }.count == 3)
        #expect(dry.outputLines.last == "dry run: nothing sent")
        #expect(try await Self.records(TopicCatalog.erpInvoices, pipeline).count == invoicesBefore)
        #expect(try await Self.records(TopicCatalog.deadLetterReplays, pipeline).isEmpty)

        // The replay: the original records, cleanly, on their source partitions with their ids.
        let replay = try await Self.credence(["dlq", "replay", "--stage", "monitoring", "--code", "unknown_invoice"], pipeline)
        #expect(replay.outputLines.last == "3 sent, logged to credence.dlq.replays", "\(replay.outputLines)")
        let replayed = try await Self.records(TopicCatalog.erpInvoices, pipeline).filter { $0.header(DeadLetter.replayed) != nil }
        #expect(replayed.count == 3)
        for record in replayed {
            let original = try #require(parked.first { $0.key == record.key })
            #expect(record.header("ce_id")?.value == original.header("ce_id")?.value)
            #expect(record.value == original.value)
            #expect(String(record.partition) == original.header(DeadLetter.sourcePartition)?.stringValue)
            #expect(record.header(DeadLetter.replayedStage)?.stringValue == "monitoring")
            #expect(Set(record.headers.map(\.key).filter { $0.hasPrefix("dlq.") }) == [DeadLetter.replayed, DeadLetter.replayedStage],
                    "no dead-letter header of the parked record goes back: \(record.headers.map(\.key))")
        }
        #expect(try await Self.records(TopicCatalog.deadLetterReplays, pipeline).count == 3)

        // D-3's invoice never came: its payment is parked again, and the summary says so.
        let reparked = try await pipeline.deadLetters("monitoring", count: 5)
        #expect(reparked.filter { $0.header(DeadLetter.replayed) != nil }.map(\.keyString) == ["D-3"])

        // A second run sends nothing: the replayed ones are logged, the re-park is held back.
        let again = try await Self.credence(["dlq", "replay", "--stage", "monitoring", "--code", "unknown_invoice"], pipeline)
        #expect(again.outputLines.first?.hasSuffix("0 to send, 3 already replayed, 1 re-parked held back, 0 not replayable") == true, "\(again.outputLines)")
        #expect(again.outputLines.last == "nothing sent")
        #expect(try await Self.records(TopicCatalog.erpInvoices, pipeline).filter { $0.header(DeadLetter.replayed) != nil }.count == 3)

        // Each payment applied once: a later invoice's position includes each payment once (1000 − 400 + 100).
        try await pipeline.send([HostileInputTests.invoice("D-1", 2, amount: 100), HostileInputTests.invoice("D-2", 2, amount: 100)])
        let positions = try await pipeline.read(TopicCatalog.receivablesPositions) { events in
            events.contains { $0.position?.buyerId == "D-1" && $0.position?.openInvoiceCount == 2 }
                && events.contains { $0.position?.buyerId == "D-2" && $0.position?.openInvoiceCount == 2 }
        }
        #expect(positions.last { $0.position?.buyerId == "D-1" }?.position?.openAmount == Given.money(700))
        #expect(positions.last { $0.position?.buyerId == "D-2" }?.position?.openAmount == Given.money(850))

        let after = try await Self.summary(pipeline)
        let unknownAfter = try #require(after.codes.first { $0.code == "unknown_invoice" })
        #expect((unknownAfter.records, unknownAfter.replayed, unknownAfter.reparked) == (4, 3, 1))
        #expect(after.replays.count == 1 && after.replays.first?.records == 3)

        // The truncated record is refused, naming where to fetch the original.
        let refused = try await Self.credence(["dlq", "replay", "--stage", "monitoring", "--code", "malformed_json"], pipeline)
        let source = try #require(parked.first { $0.header(DeadLetter.valueTruncated) != nil })
        let position = "erp.invoices[\(source.header(DeadLetter.sourcePartition)?.stringValue ?? "?")]@\(source.header(DeadLetter.sourceOffset)?.stringValue ?? "?")"
        #expect(refused.outputLines.contains { $0.hasPrefix("not replayable monitoring.dlq[") && $0.contains("value truncated when parked (70000 bytes")
                                                 && $0.hasSuffix("fetch the original from \(position)") }, "\(refused.outputLines)")
        #expect(refused.outputLines.last == "nothing sent")

        await pipeline.stop([monitoring.process])
    }
}
