import ArgumentParser
import Domain
import Foundation
import Kafka
import Logging
import Pipeline
import Runtime

/// `credence demo`: the whole pipeline on the embedded broker with a simulated ERP on the accelerated clock.
struct DemoCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "demo",
        abstract: "Run the whole pipeline — embedded broker, the four stages, a simulated ERP — and show it live.",
        discussion: """
            Starts an embedded Kafka cluster, the four stage executables as separate processes on the \
            accelerated clock, and an ERP simulator: ten buyers with financial statements, orders, invoices \
            and payments, some late, some disputed, one insolvency. Prints each decision as it happens and a \
            status block every few seconds. Ctrl-C stops everything cleanly.

            With --bootstrap-servers, only the simulated ERP and the live view run, against that Kafka, where \
            the four stages already run (docker compose, Kubernetes) on the stream clock: the simulator sends \
            a stream-clock tick to every partition of erp.invoices at each simulated midnight.
            """
    )

    @Option(help: "Simulated days to run.")
    var days = 150

    @Option(help: "Simulated seconds per real second (86400: a day per second).")
    var speed = 86_400.0

    @Option(help: "The simulated first day (YYYY-MM-DD).")
    var start = "2024-01-01"

    @Option(help: "Seed of the simulator (the same seed gives the same scenario).")
    var seed: UInt64 = 42

    @Option(help: "Partitions of every topic.")
    var partitions = 6

    @Option(help: "Real seconds between status blocks.")
    var statusSeconds = 5.0

    @Option(help: "Stop after this many real seconds (default: when the simulated days are over).")
    var duration: Double?

    @Option(help: "The policy file (default: policy/default.json when present, else the built-in defaults).")
    var policy: String?

    @Option(help: "Where the stages' logs go.")
    var logFolder = ".credence/demo"

    @Option(help: "The console's web port (0: any free port); the console runs beside the embedded stages.")
    var consolePort = 8080

    @Flag(help: "Do not start the console.")
    var noConsole = false

    @Option(help: "Simulate against this Kafka, where the stages run with --clock stream, instead of starting the embedded broker and the stages.")
    var bootstrapServers: String?

    func validate() throws {
        guard days > 0 else { throw ValidationError("--days must be positive, got \(days)") }
        guard speed >= 1 else { throw ValidationError("--speed must be at least 1, got \(speed)") }
        guard (1...64).contains(partitions) else { throw ValidationError("--partitions must be between 1 and 64, got \(partitions)") }
        do { _ = try CalendarDate(start) } catch { throw ValidationError("--start: \(error)") }
    }

    func run() async throws {
        var logger = Logger(label: "credence.demo")
        logger.logLevel = .error
        let first = try CalendarDate(start)
        // The stages need a few real seconds to join their groups; the scenario starts once their clocks
        // are that far in, so its first day is not judged before they listen.
        let warmUp = 5.0 * speed
        let origin = Timestamp(date: first).date.addingTimeInterval(-warmUp)
        let policyPath = policy ?? (FileManager.default.fileExists(atPath: "policy/default.json") ? "policy/default.json" : nil)
        let stageArguments = ["--clock", "accelerated", "--clock-origin", Timestamp(origin).description,
                              "--clock-speed", String(speed)] + (policyPath.map { ["--policy", $0] } ?? [])
        let realStart = ContinuousClock.now
        let pipeline: EmbeddedPipeline?
        let kafka: KafkaConfiguration
        if let bootstrapServers {
            pipeline = nil
            kafka = KafkaConfiguration(bootstrapServers: bootstrapServers, clientId: "credence-demo")
            Console.line("credence demo: the simulated ERP against \(bootstrapServers), where the stages run on the stream clock")
        } else {
            let embedded = try await EmbeddedPipeline(partitions: partitions, stageArguments: stageArguments,
                                                      logFolder: URL(fileURLWithPath: logFolder), logger: logger)
            pipeline = embedded
            kafka = embedded.kafka
            Console.line("credence demo: embedded cluster at \(embedded.cluster.bootstrapServers); scoring, monitoring, dunning and claims started as separate processes (logs in \(logFolder))")
        }
        var console: DemoConsole?
        if let pipeline, !noConsole {
            do {
                console = try await DemoConsole.start(
                    arguments: ["--bootstrap-servers", pipeline.cluster.bootstrapServers, "--log-level", "warning"] + stageArguments,
                    port: consolePort, logFolder: URL(fileURLWithPath: logFolder))
            } catch {
                _ = await pipeline.shutdown()
                throw error
            }
            if let console {
                Console.line("credence demo: console at \(console.url) — log in as \(console.user) with password \(console.password)")
            }
        }
        Console.line("credence demo: simulating \(days) days from \(first) at \(Self.pace(speed)); Ctrl-C stops")

        let interrupted = Interrupted()
        let watcher = Task { _ = await ShutdownSignal.wait(); interrupted.set() }
        func simulatedNow() -> Date {
            let elapsed = ContinuousClock.now - realStart
            let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
            return origin.addingTimeInterval(seconds * speed)
        }
        let schedule = ERPSimulator(start: first, days: days, seed: seed).schedule()
        let end = Timestamp(date: first.adding(days: days)).date
        let viewer = try DemoViewer(kafka: kafka, partitions: partitions, logger: logger)
        var next = 0
        var lastStatus = ContinuousClock.now
        var failure: Error?
        // Against stages on the stream clock, each simulated midnight is broadcast once, so every partition's day ends.
        var lastTick = bootstrapServers == nil ? nil : Optional(Timestamp(origin).calendarDate)
        let publisher = try EventPublisher(kafka: kafka, partitions: partitions, source: "erp/demo", logger: logger)
        while !interrupted.isSet {
            if let duration, ContinuousClock.now - realStart >= .seconds(duration) { break }
            let now = simulatedNow()
            if now >= end.addingTimeInterval(2 * 86_400) { break }
            var due: [EventEnvelope] = []
            while next < schedule.count, schedule[next].time.date <= now {
                due.append(schedule[next])
                next += 1
            }
            var midnights: [Timestamp] = []
            if var day = lastTick {
                while day < Timestamp(now).calendarDate {
                    day = day.adding(days: 1)
                    midnights.append(Timestamp(date: day))
                }
                lastTick = day
            }
            do {
                if !due.isEmpty { _ = try await publisher.publish(due, ticks: false, finalTick: nil) }
                try await publisher.tick(at: midnights)
                try await viewer.show()
                try pipeline?.requireStagesRunning()
            } catch {
                failure = error
                break
            }
            if ContinuousClock.now - lastStatus >= .seconds(statusSeconds) {
                lastStatus = ContinuousClock.now
                let today = Timestamp(now).calendarDate
                Console.line(viewer.summary.status(day: today, dayNumber: max(0, first.days(until: today)), days: days))
            }
            try? await Task.sleep(for: .milliseconds(200))
        }
        watcher.cancel()
        await publisher.close()
        try? await viewer.show()
        Console.line(viewer.summary.status(day: Timestamp(simulatedNow()).calendarDate,
                                           dayNumber: max(0, first.days(until: Timestamp(simulatedNow()).calendarDate)), days: days))
        await viewer.close()
        var failed: [(stage: Stage, status: Int32)] = []
        if let console, console.stop() != 0 { Console.line("credence demo: credence-console exited with status \(console.process.terminationStatus)") }
        if let pipeline {
            Console.line("credence demo: stopping the stages and the cluster")
            failed = await pipeline.shutdown()
        }
        if let failure { throw failure }
        for (stage, status) in failed { Console.line("credence demo: credence-\(stage.rawValue) exited with status \(status)") }
        Console.line("credence demo: \(next) input events sent; stopped cleanly")
    }

    static func pace(_ speed: Double) -> String {
        speed >= 86_400 ? String(format: "%.1f simulated days per second", speed / 86_400)
            : String(format: "%.1f simulated hours per second", speed / 3_600)
    }
}

/// Follows every topic of the pipeline from the beginning and prints what `LiveSummary` makes of it.
final class DemoViewer {
    // Used by the demo command's one task only.
    let consumer: KafkaConsumer
    private(set) var summary = LiveSummary()

    init(kafka: KafkaConfiguration, partitions: Int, logger: Logger) throws {
        consumer = try KafkaConsumer(configuration: ConsumerConfiguration(kafka, groupId: nil), logger: logger)
        let topics = TopicCatalog(partitions: partitions).topics.filter { !$0.name.hasSuffix(".changelog") && !$0.name.hasSuffix(".dlq") }
        try consumer.assign(topics.flatMap { topic in
            (0..<Int32(topic.partitions)).map { TopicPartitionOffset(topic: topic.name, partition: $0, offset: KafkaOffset.beginning) }
        })
    }

    /// Prints the lines of every record that arrived since the last call.
    func show() async throws {
        while true {
            let records = try await consumer.poll(maxRecords: 2_000, timeout: .milliseconds(10))
            if records.isEmpty { return }
            for record in records {
                if let line = summary.take(topic: record.topic, envelope: try? record.envelope()) { Console.line(line) }
            }
        }
    }

    func close() async { await consumer.close() }
}
