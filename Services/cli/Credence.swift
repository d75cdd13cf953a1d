import ArgumentParser

/// The operator CLI: the embedded broker, the demo, topics, tail, dead letters, the portfolio, ingest, backtest and the
/// scorecard. The benchmarks are `credence-bench`.
@main
struct Credence: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "credence",
        abstract: "Credence operator tool: embedded broker, pipeline tools.",
        subcommands: [DemoCommand.self, BrokerCommand.self, TopicsCommand.self, TailCommand.self, DLQCommand.self, PortfolioCommand.self, IngestCommand.self, BacktestCommand.self, ScorecardCommand.self]
    )
}
