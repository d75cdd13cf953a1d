import ArgumentParser
import Domain
import Foundation
import Pipeline

/// `credence dlq summary`: parked records counted by stage, code, source topic and day, with replays and re-parks.
struct DLQSummaryCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "summary",
        abstract: "Count parked records by stage, error code, source topic and day, with first and last offsets, a sample per code, replays and re-parks."
    )

    @OptionGroup var cluster: ClusterOptions

    @Option(help: "One stage (scoring, monitoring, dunning, claims); default: all four.")
    var stage: Stage?

    @Option(help: "Only records parked at or after this time (YYYY-MM-DD or RFC 3339).")
    var since: TimeBound?

    @Flag(help: "Print the summary as one JSON document, for scripts.")
    var json = false

    func run() async throws {
        let logger = DeadLetterStore.logger("credence.dlq")
        let kafka = try cluster.configuration(clientId: "credence-dlq")
        let selection = DeadLetterSelection(stages: stage.map { [$0] } ?? Stage.allCases, from: since?.timestamp)
        let parked = try await DeadLetterStore.parked(of: selection.stages, kafka: kafka, logger: logger)
        let log = try await DeadLetterStore.replayLog(kafka: kafka, logger: logger)
        let summary = DeadLetterSummary(parked: parked, replayLog: log, selection: selection)
        if json {
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.sortedKeys, .prettyPrinted, .withoutEscapingSlashes]
            Console.line(String(decoding: try encoder.encode(summary), as: UTF8.self))
        } else {
            Console.line(summary.text)
        }
    }
}
