import ArgumentParser
import Domain
import Foundation
import Kafka
import Logging
import Pipeline

/// `credence-bench` (`credence-bench stages`): the benchmarks of DESIGN.md "Performance budgets" on the embedded
/// broker, in one run, written to `BENCHMARKS.md`.
struct BenchCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "stages",
        abstract: "Benchmark the stages against DESIGN.md's budgets (throughput, alert latency, memory, restore) and write BENCHMARKS.md.",
        discussion: """
            Runs on an embedded broker with the stage executables beside this one (build them in release for
            figures worth recording: swift build -c release). Sections: pass-through baseline and stage
            throughput (with kcat's copy rate when kcat is installed), invoice → alert latency at fixed rates, tick → claim
            filed through monitoring, dunning and claims on stream clocks, peak memory with open invoices in monitoring,
            changelog restore time. --quick runs every section with tiny sizes in seconds (a smoke run).
            """
    )

    @Flag(help: "Tiny sizes for every section: a smoke run of a few seconds.")
    var quick = false

    @Option(help: "Throughput: buyers in the portfolio history (default 4000; --quick 40).")
    var buyers: Int?

    @Option(help: "Throughput: orders per buyer (each with its invoice and usually its payment) (default 20; --quick 3).")
    var orders: Int?

    @Option(help: "Throughput: partitions of every topic (default 48; --quick 4).")
    var partitions: Int?

    @Option(help: "Latency: rates in events/s, comma-separated (default 1000,5000,10000; --quick 200).")
    var rates: String?

    @Option(help: "Latency: seconds of load per rate (default 10; --quick 2).")
    var seconds: Int?

    @Option(help: "Memory and restore: open invoices held by monitoring (default 1000000; --quick 400).")
    var invoices: Int?

    @Option(help: "Memory and restore: open invoices per buyer (default 4; --quick 2).")
    var invoicesPerBuyer: Int?

    @Option(help: "Memory and restore: partitions (default: computed so each changelog partition fits the broker's window).")
    var memoryPartitions: Int?

    @Option(help: "Records per stage batch (--max-batch of the stages and the baseline's poll size).")
    var maxBatch: Int = 500

    @Option(help: "Claim path: single-invoice rounds, tick → claim filed (default 20; --quick 3).")
    var claimRounds: Int?

    @Option(help: "Claim path: invoices crossing 90 days overdue on one tick (default 1000; --quick 20).")
    var claimCrowd: Int?

    @Option(help: "Sections to run, comma-separated: throughput, latency, memory, claimpath (default all).")
    var sections: String = "throughput,latency,memory,claimpath"

    @Option(name: .customLong("kafka"), help: "A librdkafka property for the stages and the benchmark's own clients (KEY=VALUE, repeatable).")
    var kafkaProperties: [String] = []

    @Option(help: "Where the report goes. A '## Optimisations' section of an existing file is carried over.")
    var output: String = "BENCHMARKS.md"

    @Option(help: "Where the stages' logs go.")
    var logFolder: String = ".credence/bench-logs"

    func validate() throws {
        guard maxBatch > 0 else { throw ValidationError("--max-batch must be positive") }
        guard parsedRates.allSatisfy({ $0 > 0 }), !parsedRates.isEmpty else { throw ValidationError("--rates must be positive integers") }
        let known: Set<String> = ["throughput", "latency", "memory", "claimpath"]
        guard Set(sectionList).isSubset(of: known) else { throw ValidationError("--sections must name throughput, latency, memory, claimpath") }
        guard (claimRounds ?? 1) > 0, (claimCrowd ?? 1) > 0 else { throw ValidationError("--claim-rounds and --claim-crowd must be positive") }
    }

    var parsedRates: [Int] {
        (rates ?? (quick ? "200" : "1000,5000,10000")).split(separator: ",").compactMap { Int($0.trimmingCharacters(in: .whitespaces)) }
    }

    var sectionList: [String] { sections.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) } }

    func run() async throws {
        Bench.kafkaProperties = Dictionary(kafkaProperties.compactMap { pair in
            pair.split(separator: "=", maxSplits: 1).count == 2 ? (String(pair.split(separator: "=", maxSplits: 1)[0]), String(pair.split(separator: "=", maxSplits: 1)[1])) : nil
        }, uniquingKeysWith: { $1 })
        var logger = Logger(label: "credence.bench")
        logger.logLevel = .warning
        let logs = URL(fileURLWithPath: logFolder)
        var report = BenchmarkReport(command: (["credence-bench"] + CommandLine.arguments.dropFirst()).joined(separator: " "),
                                     quick: quick, maxBatch: maxBatch, kafkaProperties: kafkaProperties)
        let started = ContinuousClock.now
        func say(_ text: String) { Console.line("[\(Bench.format(Bench.seconds(ContinuousClock.now - started), 0)) s] \(text)") }
        say("stages: \(StageProcesses.executable(.scoring).deletingLastPathComponent().path) (\(BenchmarkReport.buildConfiguration))")

        if sectionList.contains("throughput") {
            let section = StageThroughput(buyers: buyers ?? (quick ? 40 : 4_000), cycles: orders ?? (quick ? 3 : 20),
                                          partitions: partitions ?? (quick ? 4 : 48), maxBatch: maxBatch, logFolder: logs, logger: logger)
            say("throughput: \(section.buyers) buyers × \(section.cycles) orders, \(section.partitions) partitions")
            let result = try await section.run(progress: say)
            report.throughput = (section, result.rows, result.inputEvents)
        }
        if sectionList.contains("latency") {
            let section = AlertLatency(rates: parsedRates, seconds: seconds ?? (quick ? 2 : 10), buyers: quick ? 50 : 2_000,
                                       partitions: quick ? 4 : 12, logFolder: logs, logger: logger)
            say("latency: rates \(section.rates) events/s, \(section.seconds) s each")
            report.latency = (section, try await section.run(progress: say))
        }
        if sectionList.contains("memory") {
            let total = invoices ?? (quick ? 400 : 1_000_000)
            let perBuyer = max(1, min(total, invoicesPerBuyer ?? (quick ? 2 : 4)))
            let buyerCount = max(1, total / perBuyer)
            let sizing = try MemoryAndRestore.partitions(buyers: buyerCount, perBuyer: perBuyer)
            let count = memoryPartitions ?? (quick ? 4 : sizing.partitions)
            let section = MemoryAndRestore(buyers: buyerCount, perBuyer: perBuyer, partitions: count, maxBatch: maxBatch, logFolder: logs, logger: logger)
            say("memory: \(buyerCount) buyers × \(perBuyer) open invoices; changelog ≈ \(Bench.mebibytes(Int64(sizing.changelogBytes))), input ≈ \(Bench.mebibytes(Int64(sizing.inputBytes))) → \(count) partitions")
            report.memory = (section, sizing.changelogBytes, try await section.run(progress: say))
        }
        if sectionList.contains("claimpath") {
            let section = ClaimPath(rounds: claimRounds ?? (quick ? 3 : 20), crowd: claimCrowd ?? (quick ? 20 : 1_000),
                                    partitions: quick ? 4 : 12, logFolder: logs, logger: logger)
            say("claim path: \(section.rounds) single invoices, then \(section.crowd) at once, monitoring → dunning → claims on stream clocks")
            report.claimPath = (section, try await section.run(progress: say))
        }
        report.totalSeconds = Bench.seconds(ContinuousClock.now - started)
        let url = URL(fileURLWithPath: output)
        let previous = try? String(contentsOf: url, encoding: .utf8)
        try report.markdown(carryingOver: previous).write(to: url, atomically: true, encoding: .utf8)
        say("wrote \(url.path)")
        for line in report.verdicts() { Console.line(line) }
    }
}
