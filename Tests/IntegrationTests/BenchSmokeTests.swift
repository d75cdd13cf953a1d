import Foundation
import TestSupport
import Testing

/// `credence-bench --quick`: every section runs end to end with tiny sizes and the report has every section.
/// No timing is asserted — the figures of a smoke run mean nothing.
@Suite("credence-bench", .serialized)
struct BenchSmokeTests {
    @Test func aQuickBenchmarkWritesAReportWithEverySection() async throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("credence-bench-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let report = folder.appendingPathComponent("BENCHMARKS.md")
        let bench = try ChildProcess("credence-bench", [
            "--quick", "--output", report.path, "--log-folder", folder.appendingPathComponent("logs").path,
        ])
        // A guard against a hang, not a timing: the whole suite shares two cores with it.
        let status = await bench.exitStatus(timeout: .seconds(600))
        #expect(status == 0, "credence-bench --quick exits 0: \(bench.outputLines.suffix(10)) \(bench.standardError.suffix(2_000))")
        #expect(bench.outputLines.contains { $0.contains("wrote \(report.path)") })

        let text = try String(contentsOf: report, encoding: .utf8)
        for heading in ["# Benchmarks", "## Machine", "## Command", "## Budgets", "## Method", "## Results",
                        "### Stage throughput vs raw pass-through", "### Invoice event → alert latency",
                        "### Memory and restore (monitoring)", "### Tick → claim filed"] {
            #expect(text.contains(heading), "the report has \(heading)")
        }
        for stage in ["scoring", "monitoring", "dunning", "claims"] {
            #expect(text.contains("| \(stage) |"), "the throughput table has a row for \(stage)")
        }
        #expect(text.contains("Share of kcat") || text.contains("kcat was not installed"),
                "the throughput table compares with kcat's copy, or says kcat was missing")
        for budget in ["≥ 40 % of raw pass-through", "p99 < 50 ms at 5,000 events/s", "open invoices in < 1 GiB", "changelog records restored in < 15 s"] {
            #expect(text.contains(budget), "the budgets table names \(budget)")
        }
        #expect(text.contains("--quick smoke run"), "a quick run says its figures are not meaningful")
        #expect(text.contains("credence-bench --quick --output"), "the report gives the command that wrote it")
    }

    /// The benchmarks are their own executable: `credence-bench` runs the stage benchmarks by default and has the Kafka
    /// layer's and the console's as subcommands; the operator CLI has none of them.
    @Test func theBenchIsItsOwnExecutableAndTheOperatorCLIHasNoBenchmark() async throws {
        let bench = try ChildProcess("credence-bench", ["--help"])
        #expect(await bench.exitStatus() == 0)
        let benchHelp = bench.outputLines.joined(separator: "\n")
        for subcommand in ["stages (default)", "perf", "console"] {
            #expect(benchHelp.contains("  \(subcommand)"), "credence-bench lists \(subcommand): \(benchHelp)")
        }
        let stages = try ChildProcess("credence-bench", ["stages", "--help"])
        #expect(await stages.exitStatus() == 0)
        #expect(stages.outputLines.contains { $0.contains("--sections") } && stages.outputLines.contains { $0.contains("--rates") })

        let cli = try ChildProcess("credence", ["--help"])
        #expect(await cli.exitStatus() == 0)
        let subcommands = cli.outputLines.drop { !$0.hasPrefix("SUBCOMMANDS") }.compactMap { $0.split(separator: " ").first.map(String.init) }
        #expect(subcommands.contains("broker") && subcommands.contains("demo"))
        for gone in ["bench", "perf", "console-bench"] { #expect(!subcommands.contains(gone), "credence has no \(gone) any more") }
        let old = try ChildProcess("credence", ["bench", "--quick"])
        #expect(await old.exitStatus() != 0)
    }
}
