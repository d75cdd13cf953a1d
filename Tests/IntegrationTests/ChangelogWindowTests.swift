import Domain
import Foundation
import Kafka
import TestSupport
import Testing

/// librdkafka 2.0.2's mock cluster keeps only the newest 5 MiB (or 100,000 produce batches) of each partition and
/// never compacts (`rd_kafka_mock_partition_init`: `max_size = 1024 * 1024 * 5`, `max_cnt = 100000`, oldest batches
/// dropped first). A changelog partition that outgrew that window could not be restored: the stage refuses it
/// (`TruncatedChangelogTests`). At the volumes of `credence demo` and `credence-bench` every changelog stays inside.
@Suite("The changelogs stay inside the embedded broker's window", .serialized)
struct ChangelogWindowTests {
    static let window = 5 * 1_024 * 1_024

    /// The demo's scenario (ten buyers, 150 days) at ten simulated days a second into the four stages, which write
    /// their changelogs every 100 ms: as many changelog writes per simulated day as the demo's own pace (a day a
    /// second) with the default `--changelog-ms` of 1000. On four partitions rather than the demo's six, so each
    /// partition holds more buyers. Afterwards no changelog partition has lost a record, and each stage, killed
    /// and started again, restores its state and becomes ready.
    @Test func atTheDemosVolumeNoChangelogRecordLeavesTheWindowAndEveryStageRestores() async throws {
        let pipeline = try PipelineFixture()
        var stages: [CrashingStage] = []
        for stage in Stage.allCases {
            stages.append(try await CrashingStage(stage, on: pipeline, arguments: ["--clock", "stream", "--changelog-ms", "100"]))
        }
        let demo = try ChildProcess("credence", [
            "demo", "--bootstrap-servers", pipeline.bootstrap, "--partitions", String(PipelineFixture.partitions),
            "--speed", "864000", "--days", "150", "--status-seconds", "60",
        ])
        try #require(await demo.exitStatus(timeout: .seconds(120)) == 0, "\(demo.standardError.suffix(2_000))")
        for stage in stages {
            #expect(try await stage.waitUntilDrained(), "credence-\(stage.stage.rawValue) finished")
        }

        let changelogs = Stage.allCases.map(TopicCatalog.changelog)
        let marks = try await pipeline.watermarks(changelogs)
        let evicted = marks.filter { $0.value.low > 0 }.keys.sorted()
        #expect(evicted.isEmpty, "changelog partitions that lost their oldest records: \(evicted)")
        let bytes = Dictionary(grouping: try await pipeline.contents(of: changelogs), by: \.topicPartition).mapValues { records in
            records.reduce(0) { $0 + ($1.key?.count ?? 0) + ($1.value?.count ?? 0) + $1.headers.reduce(0) { $0 + $1.key.utf8.count + ($1.value?.count ?? 0) } }
        }
        let largest = try #require(bytes.max { $0.value < $1.value })
        #expect(largest.value < Self.window, "the largest changelog partition, \(largest.key), holds \(largest.value) bytes (about 1.9 MB when written)")
        #expect(marks.values.contains { $0.high > 0 }, "the stages wrote their changelogs")

        for stage in stages {
            try #require(try await stage.crash(whenRemaining: 0), "credence-\(stage.stage.rawValue) was killed")
            let ready = await eventually(timeout: .seconds(60)) { await HTTPProbe.get(port: stage.running.port, "/readyz")?.status == 200 }
            #expect(ready, "credence-\(stage.stage.rawValue) restored its changelog: \(stage.running.process.standardError.suffix(1_000))")
        }
        for stage in stages { _ = await stage.stop() }
        await pipeline.test.shutdown()
    }

    /// `credence-bench`'s throughput section checks, after each stage, that the stage's changelog kept every record.
    /// The full-size run (4,000 buyers × 20 orders on 48 partitions, 83 buyers a partition) is minutes long; this one
    /// has the same 83 buyers on one partition, and writes every change to the changelog (`--changelog-ms 0`,
    /// batches of 40 records: each buyer at most once a batch), as the full-size run does at its default
    /// `--changelog-ms` of 1000, where a buyer's inputs are seconds apart (its stages take minutes over the backlog).
    @Test func atTheBenchsVolumePerPartitionEveryStagesChangelogStaysInsideTheWindow() async throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("credence-bench-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let bench = try ChildProcess("credence-bench", [
            "--sections", "throughput", "--buyers", "83", "--orders", "20", "--partitions", "1", "--max-batch", "40",
            "--output", folder.appendingPathComponent("BENCHMARKS.md").path, "--log-folder", folder.appendingPathComponent("logs").path,
        ], environment: ["CREDENCE_CHANGELOG_MS": "0"])
        let status = await bench.exitStatus(timeout: .seconds(600))
        #expect(status == 0, "credence-bench exits 0: \(bench.outputLines.suffix(6)) \(bench.standardError.suffix(2_000))")
        let lines = Stage.allCases.map { stage in bench.outputLines.first { $0.contains("] \(stage.rawValue): ") } }
        #expect(lines.allSatisfy { $0?.contains("changelog") == true }, "a line per stage: \(bench.outputLines.suffix(6))")
        // Each stage writes its buyer's whole state on every change, so a partition's changelog grows to 10 to 20
        // times the window; the oldest records leave it, but every live key is written again before its last record
        // does, so each stage, restarted by the bench, restores its whole state.
        for line in lines { #expect(line?.contains("restorable from the broker's window") == true, "\(line ?? "-")") }
    }
}
