import ArgumentParser
import Domain
import Foundation
import Kafka
import Logging
import Monitoring
import Pipeline
import Scoring
import Runtime

/// `credence backtest`: replays an ERP history through all four stages on the embedded broker, on the
/// stream clock, and writes the report of DOMAIN.md §7.
struct BacktestCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "backtest",
        abstract: "Replay an ERP history up to the end of a day through the whole pipeline and write the report.",
        discussion: """
            Starts an embedded cluster and the four stage executables (--clock stream), imports the history \
            through the mapping with a tick at every midnight and one after the as-of day, waits until every \
            stage has processed everything, and writes the JSON report. Two runs on the same input give the \
            same report apart from its `run` member.
            """
    )

    @Option(help: "The ERP export, e.g. ../shared/data/ibm-accounts-receivable.csv.")
    var input: String

    @Option(help: "The column-mapping file, e.g. ingest/ibm-accounts-receivable.mapping.json.")
    var mapping: String

    @Option(help: "Replay up to the end of this day (YYYY-MM-DD).")
    var asOf: String

    @Option(help: "Where to write the JSON report.")
    var report: String

    @Option(help: "The policy file (default: policy/default.json when present, else the built-in defaults).")
    var policy: String?

    @Option(help: "Partitions of every topic.")
    var partitions = 12

    @Option(help: "Where the stages' logs go.")
    var logFolder = ".credence/backtest"

    @Option(help: "Kill this stage with SIGKILL halfway through the import and start it again (a crash drill).")
    var crash: Stage?

    @Option(help: "Give up when the pipeline has not finished after this many seconds.")
    var timeoutSeconds = 900

    func validate() throws {
        guard (1...256).contains(partitions) else { throw ValidationError("--partitions must be between 1 and 256, got \(partitions)") }
        do { _ = try CalendarDate(asOf) } catch { throw ValidationError("--as-of: \(error)") }
    }

    func run() async throws {
        let started = Date()
        var logger = Logger(label: "credence.backtest")
        logger.logLevel = .error
        let asOfDay = try CalendarDate(asOf)
        let policyPath = policy ?? (FileManager.default.fileExists(atPath: "policy/default.json") ? "policy/default.json" : nil)
        let loadedPolicy = try policyPath.map { try Policy.load(from: URL(fileURLWithPath: $0)) } ?? Policy.defaults
        let history = try ERPHistory.load(URL(fileURLWithPath: input), mapping: try ColumnMapping.load(URL(fileURLWithPath: mapping)))
        let events = history.events(through: asOfDay)
        Console.line("backtest: \(history.invoices.count) invoices in \(input), \(events.count) events up to \(asOfDay)")

        let pipeline = try await EmbeddedPipeline(
            partitions: partitions, stageArguments: ["--clock", "stream"] + (policyPath.map { ["--policy", $0] } ?? []),
            logFolder: URL(fileURLWithPath: logFolder), logger: logger)
        do {
            let report = try await replay(events, history: history, asOf: asOfDay, policy: loadedPolicy, on: pipeline, started: started)
            try report.json().write(to: URL(fileURLWithPath: self.report))
            Console.line("backtest: report written to \(self.report)")
            Console.line(Self.summary(report))
        } catch {
            _ = await pipeline.shutdown()
            throw error
        }
        let failed = await pipeline.shutdown()
        for (stage, status) in failed { Console.line("backtest: credence-\(stage.rawValue) exited with status \(status) at shutdown") }
    }

    private func replay(_ events: [EventEnvelope], history: ERPHistory, asOf: CalendarDate, policy: Policy,
                        on pipeline: EmbeddedPipeline, started: Date) async throws -> BacktestReport {
        let publisher = try EventPublisher(kafka: pipeline.kafka, partitions: pipeline.partitions, source: history.source, logger: pipeline.logger)
        var crashed = false
        let total = events.count
        let sent = try await publisher.publish(events, ticks: true, finalTick: Timestamp(date: asOf.adding(days: 1))) { count in
            Console.line("backtest: sent \(count) of \(total) events")
            if let crash, !crashed, count >= total / 2 {
                crashed = true
                Console.line("backtest: crash drill: killing credence-\(crash.rawValue) with SIGKILL and starting it again")
                try? pipeline.stages.crashAndRestart(crash)
            }
        }
        await publisher.close()
        Console.line("backtest: \(sent.events) events and \(sent.ticks) ticks sent; waiting for the stages")

        let drain = PipelineDrain(members: EmbeddedPipeline.members(policy: policy), partitions: pipeline.partitions,
                                  kafka: pipeline.kafka, logger: pipeline.logger)
        var lastShown = ContinuousClock.now - .seconds(10)
        try await drain.waitUntilIdle(timeout: .seconds(timeoutSeconds), check: pipeline.requireStagesRunning) { backlog in
            guard ContinuousClock.now - lastShown >= .seconds(5) else { return }
            lastShown = ContinuousClock.now
            Console.line("backtest: still to process: " + backlog.sorted { $0.key < $1.key }
                .map { "\($0.key.replacingOccurrences(of: "credence-", with: "")) \($0.value)" }.joined(separator: ", "))
        }

        let monitors = try await TopicSnapshot.stageStates(BuyerMonitor.self, stage: MonitoringStage.name, kafka: pipeline.kafka,
                                                             logger: pipeline.logger)
        let scoring = try await TopicSnapshot.stageStates(ScoringState.self, stage: ScoringStage.name, kafka: pipeline.kafka,
                                                          logger: pipeline.logger)
        var outputs: [EventEnvelope] = []
        for topic in [TopicCatalog.creditAssessments, TopicCatalog.alerts, TopicCatalog.dunningActions, TopicCatalog.claimsEvents] {
            for record in try await TopicSnapshot.records(of: topic, kafka: pipeline.kafka, logger: pipeline.logger) {
                outputs.append(try record.envelope())
            }
        }
        var (report, raised, periodicReviews) = try BacktestReport.build(asOf: asOf, history: history,
                                                        outcome: PipelineOutcome(monitors: monitors, scoring: scoring, events: outputs),
                                                        rules: MonitoringRules(policy: policy))
        report.run = .init(input: input, mapping: mapping, events: sent.events, ticks: sent.ticks, partitions: pipeline.partitions,
                           startedAt: Timestamp(started).description, seconds: (Date().timeIntervalSince(started) * 10).rounded() / 10,
                           concentrationAlertsRaised: raised, periodicReviewAlertsRaised: periodicReviews)
        return report
    }

    static func summary(_ report: BacktestReport) -> String {
        let kpi = report.kpis
        func show(_ value: Double?) -> String { value.map { String(format: "%.2f", $0) } ?? "n/a" }
        return """
            as of \(report.asOf): \(report.invoices.count) invoices, \(report.invoices.open) open, \(report.invoices.settled) settled \
            (\(report.invoices.paidLate) late), \(report.invoices.disputed) disputed
            aging (\(report.currency) minor units): \(["current", "1-30", "31-60", "61-90", "90+"].map { "\($0) \(report.aging[$0] ?? 0)" }.joined(separator: ", "))
            DSO \(show(kpi.dso)), count-back DSO \(show(kpi.countBackDso)), best possible DSO \(show(kpi.bestPossibleDso)), \
            ADD \(show(kpi.averageDaysDelinquent)), CEI \(show(kpi.cei)), turnover \(show(kpi.turnover))
            alerts: \(report.alerts.sorted { $0.key < $1.key }.map { "\($0.key) \($0.value)" }.joined(separator: ", "))
            dunning levels: \(report.dunning.sorted { $0.key < $1.key }.map { "\($0.key): \($0.value)" }.joined(separator: ", ")); \
            claims: \(report.claims.isEmpty ? "none" : report.claims.sorted { $0.key < $1.key }.map { "\($0.key) \($0.value)" }.joined(separator: ", "))
            """
    }
}

extension Stage: ExpressibleByArgument {}
