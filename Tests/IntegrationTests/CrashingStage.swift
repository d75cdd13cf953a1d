import Domain
import Foundation
import TestSupport
import Testing

/// One stage executable running against a fixture, which a test can kill with SIGKILL and start again.
///
/// Each incarnation joins a consumer group of its own (`credence-<stage>-<n>`): librdkafka 2.0.2's mock coordinator
/// would otherwise hold the dead member's partitions until its session expires. The new instance resumes exactly
/// as a successor in the same group would — state from `<stage>.changelog`, inputs from the checkpoint's offsets —
/// since the runtime never resumes from the group's committed offsets when a checkpoint exists.
final class CrashingStage {
    // Used by one test task only.
    let stage: Stage
    let pipeline: PipelineFixture
    let arguments: [String]
    private(set) var crashes = 0
    private(set) var running: (process: ChildProcess, port: Int)

    /// Starts `stage` with `arguments`, without waiting until it is ready.
    init(_ stage: Stage, on pipeline: PipelineFixture, arguments: [String]) async throws {
        self.stage = stage
        self.pipeline = pipeline
        self.arguments = arguments
        running = try await pipeline.launch(stage.rawValue, arguments + ["--group-id", "credence-\(stage.rawValue)-0"])
    }

    /// The consumer group of the running incarnation.
    var group: String { "credence-\(stage.rawValue)-\(crashes)" }

    /// The input records the running process has still to process (`credence_consumer_lag` summed over its
    /// partitions, of `topic` or of every input); nil until it reports its lag, once assigned and restored.
    func remaining(on topic: String? = nil) async -> Double? {
        guard let metrics = await HTTPProbe.get(port: running.port, "/metrics")?.body,
              metrics.contains("credence_consumer_lag{") else { return nil }
        guard let topic else { return HTTPProbe.sum(metrics, "credence_consumer_lag") }
        let lines = metrics.split(separator: "\n").filter { $0.hasPrefix("credence_consumer_lag{") && $0.contains("topic=\"\(topic)\"") }
        guard !lines.isEmpty else { return nil }
        return HTTPProbe.sum(lines.joined(separator: "\n"), "credence_consumer_lag")
    }

    /// Once the running process has worked its way to where only `remaining` inputs are left, kills it with SIGKILL,
    /// waits for it to die, and starts the next incarnation. Returns false, without killing, when it did not get that
    /// far within `timeout`.
    func crash(whenRemaining remaining: Int, on topic: String? = nil, timeout: Duration = .seconds(60)) async throws -> Bool {
        let reached = await eventually(timeout: timeout) { await self.remaining(on: topic).map { $0 <= Double(remaining) } ?? false }
        guard reached else { return false }
        running.process.signal(SIGKILL)
        _ = await running.process.exitStatus()
        crashes += 1
        running = try await pipeline.launch(stage.rawValue, arguments + ["--group-id", group])
        return true
    }

    /// Waits until the running process has no input left and no topic grows any more; returns whether that happened
    /// within `timeout`.
    func waitUntilDrained(timeout: Duration = .seconds(120)) async throws -> Bool {
        try await pipeline.waitUntilSettled(timeout: timeout) { await remaining() == 0 }
    }

    /// Stops the running process with SIGTERM and returns whether it exited 0.
    func stop() async -> Bool {
        running.process.signal(SIGTERM)
        let status = await running.process.exitStatus()
        #expect(status == 0, "credence-\(stage.rawValue) exits cleanly: \(running.process.standardError.suffix(2_000))")
        return status == 0
    }
}

/// When each stage is killed: at which shares of its input, drawn from a seeded generator, so that every run kills
/// at the same points.
struct KillSchedule {
    private var random: SplitMix64

    init(seed: UInt64) { random = SplitMix64(seed: seed) }

    /// `count` shares of a stage's input between 10 % and 90 %, in increasing order.
    mutating func shares(_ count: Int) -> [Double] {
        (0..<count).map { _ in 0.1 + Double(random.next() % 800) / 1_000 }.sorted()
    }
}
