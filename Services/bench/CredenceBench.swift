import ArgumentParser

/// `credence-bench`: the benchmarks, apart from the operator CLI. With no subcommand it runs the stage benchmarks of
/// DESIGN.md and writes BENCHMARKS.md (`credence-bench --sections … --rates …`); `perf` measures the Kafka layer alone,
/// `console` the console.
@main
struct CredenceBench: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "credence-bench",
        abstract: "Credence benchmarks: the stages against the Kafka layer and kcat (default), the Kafka layer, the console.",
        subcommands: [BenchCommand.self, PerfCommand.self, ConsoleBenchCommand.self],
        defaultSubcommand: BenchCommand.self
    )
}
