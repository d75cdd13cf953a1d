import ArgumentParser
import Domain
import Kafka
import Logging
import Runtime

/// `credence dlq`: what the stages parked, read back — summary, show, replay.
struct DLQCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "dlq",
        abstract: "Inspect the stages' dead-letter topics and send parked records back through (deploy/README.md has the runbook).",
        subcommands: [DLQSummaryCommand.self, DLQShowCommand.self, DLQReplayCommand.self]
    )
}

/// Reads the dead-letter topics and the replay log whole, as they stand when the command starts.
enum DeadLetterStore {
    /// Every dead letter of the stages' `<stage>.dlq` topics, in topic, partition and offset order.
    static func parked(of stages: [Stage], kafka: KafkaConfiguration, logger: Logger) async throws -> [ParkedRecord] {
        var parked: [ParkedRecord] = []
        for stage in stages {
            parked += try await TopicSnapshot.records(of: TopicCatalog.deadLetter(stage), kafka: kafka, logger: logger).map(ParkedRecord.init)
        }
        return parked
    }

    /// Every entry of `credence.dlq.replays`.
    static func replayLog(kafka: KafkaConfiguration, logger: Logger) async throws -> [ReplayLogEntry] {
        try await TopicSnapshot.records(of: TopicCatalog.deadLetterReplays, kafka: kafka, logger: logger).compactMap(ReplayLogEntry.decode)
    }

    /// A quiet logger for the commands: the Kafka layer's warnings only.
    static func logger(_ label: String) -> Logger {
        var logger = Logger(label: label)
        logger.logLevel = .warning
        return logger
    }
}
