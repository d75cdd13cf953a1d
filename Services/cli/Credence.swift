import ArgumentParser

/// The operator CLI: runs the embedded broker and, later, the demo, ingest, tail and backtest.
@main
struct Credence: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "credence",
        abstract: "Credence operator tool: embedded broker, pipeline tools.",
        subcommands: [DemoCommand.self, BrokerCommand.self, TopicsCommand.self, TailCommand.self, DLQCommand.self, PortfolioCommand.self, IngestCommand.self, BacktestCommand.self, ScorecardCommand.self, PerfCommand.self, BenchCommand.self, ConsoleBenchCommand.self]
    )
}
