import Domain
import Foundation
import TestSupport
import Testing

/// `contracts/check` is the contract test any client can run: confluent-kafka and jsonschema, not this project's
/// code, read every topic of a running pipeline and check each record against `contracts/asyncapi.json`.
@Suite("contracts/check against a running pipeline", .serialized)
struct ContractCheckTests {
    /// The Python of the venv scripts/install-dependencies makes (confluent-kafka, jsonschema).
    static let python: URL = {
        let environment = ProcessInfo.processInfo.environment
        let cache = environment["XDG_CACHE_HOME"].map { URL(fileURLWithPath: $0) }
            ?? URL(fileURLWithPath: environment["HOME"] ?? NSHomeDirectory()).appendingPathComponent(".cache")
        return cache.appendingPathComponent("credence/deploy-tools/bin/python")
    }()

    /// Runs `contracts/check ARGS…` to its end.
    static func check(_ arguments: [String]) async throws -> ToolRun {
        guard FileManager.default.isExecutableFile(atPath: python.path) else {
            throw ToolMissing(message: "\(python.path) is missing: run scripts/install-dependencies")
        }
        return try await runToEnd(python, [RepositoryFiles.root.appendingPathComponent("contracts/check").path] + arguments)
    }

    struct ToolMissing: Error, CustomStringConvertible {
        var message: String
        var description: String { message }
    }

    struct Summary: Decodable {
        struct Letter: Decodable {
            var code: String
            var ce_id: String?
        }

        struct Topic: Decodable {
            var records: Int
            var codes: [Letter]
        }

        var topics: [String: Topic]

        init(from decoder: any Decoder) throws {
            topics = try [String: Topic](from: decoder)
        }
    }

    /// `verify` with its summary.
    static func verify(_ bootstrap: String) async throws -> (status: Int32, output: String, summary: Summary) {
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("contract-summary-\(UUID().uuidString).json")
        defer { try? FileManager.default.removeItem(at: file) }
        let run = try await check(["verify", "--bootstrap-servers", bootstrap, "--summary", file.path])
        let summary = try JSONDecoder().decode(Summary.self, from: Data(contentsOf: file))
        return (run.status, run.output, summary)
    }

    @Test func everyRecordOfADemoRunKeepsTheContractAndEveryKindOfBadInputIsDeadLetteredWithItsCode() async throws {
        let pipeline = try PipelineFixture()
        var stages: [ChildProcess] = []
        for stage in HostileInputTests.stages { stages.append(try await pipeline.start(stage, ["--clock", "stream"])) }
        let demo = try ChildProcess("credence", [
            "demo", "--bootstrap-servers", pipeline.bootstrap, "--partitions", String(PipelineFixture.partitions),
            "--speed", "864000", "--days", "60", "--status-seconds", "2",
        ])
        #expect(await demo.exitStatus(timeout: .seconds(120)) == 0, "\(demo.standardError.suffix(2_000))")
        // Wait until the stages' outputs are there (claims follow the insolvency), then check every record of every topic.
        _ = try await pipeline.read(TopicCatalog.dunningActions) { $0.count >= 10 }
        let demoRun = try await Self.verify(pipeline.bootstrap)
        #expect(demoRun.status == 0, "\(demoRun.output.suffix(3_000))")
        for topic in [TopicCatalog.erpInvoices, TopicCatalog.buyerSignals, TopicCatalog.creditAssessments, TopicCatalog.receivablesPositions,
                      TopicCatalog.creditDecisions, TopicCatalog.dunningActions, TopicCatalog.alerts] {
            #expect((demoRun.summary.topics[topic]?.records ?? 0) > 0, "\(topic) was checked")
        }
        let demoLetters = HostileInputTests.stages.flatMap { demoRun.summary.topics["\($0).dlq"]?.codes ?? [] }
        #expect(demoLetters.isEmpty, "the demo's records are all good: \(demoLetters.map(\.code))")

        // Bad input from confluent-kafka: each kind on every stage's DLQ with its code; the good records around it processed.
        let sent = try await Self.check(["send-hostile", "--bootstrap-servers", pipeline.bootstrap, "--run", "cc"])
        #expect(sent.status == 0, "\(sent.output)")
        struct Sent: Decodable {
            var expected: [String: String]
            var good: [String]
        }
        let hostile = try JSONDecoder().decode(Sent.self, from: Data(sent.output.utf8))
        #expect(Set(hostile.expected.values) == ["conflicting_duplicate", "date_before_issue", "malformed_json", "not_an_object",
                                                 "truncated_json", "wrong_topic", "missing_header", "key_mismatch", "missing_key",
                                                 "wrong_partition"])
        func parked(_ summary: Summary, _ stage: String) -> [String: String] {
            Dictionary((summary.topics["\(stage).dlq"]?.codes ?? []).map { ($0.ce_id ?? "?", $0.code) }, uniquingKeysWith: { first, _ in first })
        }
        var last = try await Self.verify(pipeline.bootstrap)
        _ = await eventually(timeout: .seconds(60)) {
            last = (try? await Self.verify(pipeline.bootstrap)) ?? last
            return HostileInputTests.stages.allSatisfy { parked(last.summary, $0).count >= hostile.expected.count }
        }
        // The check reports the bad input itself, on erp.invoices, and nothing on any topic Credence writes.
        let violations = last.output.split(separator: "\n").filter { $0.contains("@") && !$0.contains(" records on ") }
        #expect(!violations.isEmpty && violations.allSatisfy { $0.hasPrefix(TopicCatalog.erpInvoices + "/") }, "\(violations.prefix(20))")
        for stage in HostileInputTests.stages {
            #expect(parked(last.summary, stage) == hostile.expected, "\(stage)")
        }
        let positions = try await pipeline.read(TopicCatalog.receivablesPositions) { events in
            hostile.good.allSatisfy { buyer in events.contains { $0.position?.buyerId.rawValue == buyer } }
        }
        for buyer in hostile.good { #expect(positions.contains { $0.position?.buyerId.rawValue == buyer }, "\(buyer)") }
        await pipeline.stop(stages)
    }
}
