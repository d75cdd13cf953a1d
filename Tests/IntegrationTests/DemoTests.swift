import Foundation
import TestSupport
import Testing

/// `credence demo` as a newcomer runs it: every stage visibly at work, and Ctrl-C stopping everything cleanly.
@Suite("credence demo", .serialized)
struct DemoTests {
    @Test func theDemoShowsEveryStageAtWorkAndStopsCleanlyOnCtrlC() async throws {
        let logs = FileManager.default.temporaryDirectory.appendingPathComponent("credence-demo-\(UUID().uuidString)")
        let demo = try ChildProcess("credence", [
            "demo", "--speed", "172800", "--status-seconds", "3", "--log-folder", logs.path,
            "--policy", RepositoryFiles.defaultPolicy.path,
        ])
        // The failing buyer files for insolvency on day 28: at two days a second its claim follows within a minute.
        let claim = await demo.line(timeout: .seconds(120)) { $0.contains(" claims ") && $0.contains(" filed") }
        #expect(claim != nil, "a claim was filed: \(demo.outputLines.suffix(5)) \(demo.standardError.suffix(2_000))")
        demo.signal(SIGINT)
        #expect(await demo.exitStatus(timeout: .seconds(60)) == 0, "Ctrl-C stops cleanly: \(demo.standardError.suffix(2_000))")

        let lines = demo.outputLines
        #expect(lines.first?.contains("scoring, monitoring, dunning and claims started as separate processes") == true)
        #expect(lines.contains { $0.contains(" scoring ") && $0.contains("grade ") }, "scoring assessed buyers")
        #expect(lines.contains { $0.contains(" dunning ") && $0.contains(" reminder ") }, "dunning sent reminders")
        #expect(lines.contains { $0.contains(" alert ") && $0.contains("buyer.insolvent") }, "the insolvency raised an alert")
        #expect(lines.contains { $0.contains(" alert ") && $0.contains("invoice.overdue") }, "monitoring raised overdue alerts")
        let status = try #require(lines.last { $0.hasPrefix("── ") && $0.contains("out: scoring") }, "a status block")
        for stage in ["scoring", "monitoring", "dunning", "claims"] {
            let count = status.components(separatedBy: "\(stage) ").dropFirst().first?.prefix { $0.isNumber }
            #expect((count.flatMap { Int($0) } ?? 0) > 0, "\(stage) produced events: \(status)")
        }
        #expect(lines.last?.contains("stopped cleanly") == true)
    }
}
