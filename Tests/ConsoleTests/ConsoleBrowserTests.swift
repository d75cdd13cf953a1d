import Foundation
import Testing
import TestSupport

/// The console in a real browser: `credence demo` (embedded broker, the four stages, the console) driven by
/// Tests/ConsoleBrowser/console_browser.py — Debian's headless chromium through Selenium — which logs in, checks
/// each page against the topics, records a promise to pay and waits for dunning's pause, and writes the
/// screenshots of docs/console. scripts/install-dependencies installs chromium, chromedriver and selenium.
@Suite(.serialized)
struct ConsoleBrowserTests {
    /// The virtual environment scripts/install-dependencies makes (selenium, confluent-kafka).
    static var python: URL {
        let environment = ProcessInfo.processInfo.environment
        let cache = environment["XDG_CACHE_HOME"].map { URL(fileURLWithPath: $0) }
            ?? URL(fileURLWithPath: environment["HOME"] ?? "/root").appendingPathComponent(".cache")
        return cache.appendingPathComponent("credence/deploy-tools/bin/python")
    }

    static var toolsInstalled: Bool {
        ["/usr/bin/chromium", "/usr/bin/chromedriver", python.path].allSatisfy { FileManager.default.isExecutableFile(atPath: $0) }
    }

    @Test(.enabled(if: toolsInstalled, "run scripts/install-dependencies: chromium, chromedriver and selenium are missing"),
          .timeLimit(.minutes(10)))
    func aCollectorLogsInChecksEachPageAgainstTheTopicsAndSeesDunningPauseAfterAPromise() async throws {
        let logs = FileManager.default.temporaryDirectory.appendingPathComponent("credence-console-browser-\(UUID().uuidString)")
        let demo = try ChildProcess("credence", [
            "demo", "--speed", "43200", "--days", "150", "--partitions", "3", "--console-port", "0", "--status-seconds", "10",
            "--log-folder", logs.path,
        ])
        do {
            try await drive(demo)
        } catch {
            Issue.record("\(error)")
        }
        // Ctrl-C stops the demo, the stages and the console; waiting for it leaves no process behind.
        demo.signal(SIGINT)
        #expect(await demo.exitStatus(timeout: .seconds(90)) == 0, "\(demo.standardError.suffix(2_000))")
    }

    private func drive(_ demo: ChildProcess) async throws {
        let consoleLine = try #require(await demo.line(timeout: .seconds(120)) { $0.contains("console at http://") },
                                       "\(demo.outputLines.suffix(5)) \(demo.standardError.suffix(2_000))")
        let clusterLine = try #require(demo.outputLines.first { $0.contains("embedded cluster at ") })
        let url = try #require(consoleLine.components(separatedBy: "console at ").last?.components(separatedBy: " ").first)
        let password = try #require(consoleLine.components(separatedBy: "with password ").last)
        let bootstrap = try #require(clusterLine.components(separatedBy: "embedded cluster at ").last?.components(separatedBy: ";").first)
        // Seventy simulated days: invoices are past their first escalations, so the worklist has calls and letters due.
        // Half a day a second, so a stage running a few seconds behind is still inside the worklist's seven days.
        _ = await demo.line(timeout: .seconds(300)) { line in
            guard let range = line.range(of: "(day ") else { return false }
            return Int(line[range.upperBound...].prefix { $0.isNumber }).map { $0 >= 70 } ?? false
        }

        let run = try await runToEnd(Self.python, [
            RepositoryFiles.root.appendingPathComponent("Tests/ConsoleBrowser/console_browser.py").path,
            "--url", url, "--user", "demo", "--password", password, "--bootstrap", bootstrap,
            "--screenshots", RepositoryFiles.root.appendingPathComponent("docs/console").path,
            // Dunning answers the promise once the demo's stream reaches it; with the whole suite on two cores that
            // took longer than the script's 90 s once (scripts/test, stop 27).
            "--dunning-timeout", "240",
        ])
        let text = run.output + run.errors
        #expect(run.status == 0, "\(text)")
        #expect(text.contains("exposure on the page") && !text.contains("FAIL"), "\(text)")
        #expect(text.contains("ok   dunning's pause"), "\(text)")
    }
}
