import ArgumentParser
import Domain
import Foundation
import Kafka
import Logging
import Pipeline
import Runtime
import Synchronization

/// `credence tail <topic>`: prints a topic's events readably and follows new ones.
struct TailCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "tail",
        abstract: "Print a topic's events readably (--json for raw JSON) and follow new ones, as a subscribing team would."
    )

    @Argument(help: "The topic, e.g. credence.alerts.")
    var topic: String

    @OptionGroup var cluster: ClusterOptions

    @Flag(help: "Print each record's JSON value as it is.")
    var json = false

    @Flag(help: "Start at the end instead of the beginning.")
    var fromEnd = false

    @Option(help: "Stop after this many records (default: follow until interrupted).")
    var limit: Int?

    func run() async throws {
        var logger = Logger(label: "credence.tail")
        logger.logLevel = .warning
        let kafka = try cluster.configuration(clientId: "credence-tail")
        let consumer = try KafkaConsumer(configuration: ConsumerConfiguration(kafka, groupId: nil), logger: logger)
        let partitions = try await consumer.partitionCount(of: topic)
        let start = fromEnd ? KafkaOffset.end : KafkaOffset.beginning
        try consumer.assign((0..<Int32(partitions)).map { TopicPartitionOffset(topic: topic, partition: $0, offset: start) })
        let interrupted = Interrupted()
        let watcher = Task { _ = await ShutdownSignal.wait(); interrupted.set() }
        var printed = 0
        reading: while !interrupted.isSet {
            for record in try await consumer.poll(maxRecords: 500, timeout: .milliseconds(250)) {
                Console.line(json ? (record.valueString ?? "<not UTF-8>") : Self.describe(record))
                printed += 1
                if let limit, printed >= limit { break reading }
            }
        }
        watcher.cancel()
        await consumer.close()
    }

    /// One line per event: time, type, buyer and the fields that matter, or why it cannot be read.
    static func describe(_ record: ConsumerRecord) -> String {
        let position = "\(record.topic)[\(record.partition)]@\(record.offset)"
        guard let envelope = try? record.envelope() else {
            let code = record.header("dlq.error.code")?.stringValue
            return "\(position) \(record.keyString ?? "-") " + (code.map { "dead letter: \($0) — \(record.header("dlq.error.message")?.stringValue ?? "")" } ?? (record.valueString ?? "<binary>"))
        }
        return "\(envelope.time) \(envelope.type) buyer=\(envelope.buyerId) \(EventSummary.text(envelope.event))"
    }
}

/// Set once SIGINT or SIGTERM arrives.
final class Interrupted: Sendable {
    private let flag = Atomic<Bool>(false)
    func set() { flag.store(true, ordering: .releasing) }
    var isSet: Bool { flag.load(ordering: .acquiring) }
}
