import ArgumentParser
import Domain
import Foundation
import Kafka
import Logging
import Pipeline

/// `credence ingest`: imports an ERP export (CSV or JSON Lines) into the input topics through a column mapping.
struct IngestCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "ingest",
        abstract: "Import an ERP export (CSV or JSON Lines) into erp.invoices through a column-mapping file.",
        discussion: """
            Each row is an invoice: an issued event, a disputed event when the mapping says so, and a payment in \
            full on its settlement date (an empty settlement date is an open invoice). Events go out oldest first, \
            stamped at noon of their business date. With --ticks a stream-clock tick goes to every partition at \
            each midnight, so stages on --clock stream judge every day of the history.
            """
    )

    @Option(help: "The export file.")
    var input: String

    @Option(help: "The column-mapping file (JSON), e.g. ingest/ibm-accounts-receivable.mapping.json.")
    var mapping: String

    @Option(help: "Import only events dated up to this day (YYYY-MM-DD).")
    var through: String?

    @Flag(help: "Broadcast stream-clock ticks at every midnight, and after the last day.")
    var ticks = false

    @OptionGroup var cluster: ClusterOptions

    func run() async throws {
        var logger = Logger(label: "credence.ingest")
        logger.logLevel = .warning
        let columns = try ColumnMapping.load(URL(fileURLWithPath: mapping))
        let history = try ERPHistory.load(URL(fileURLWithPath: input), mapping: columns)
        let asOf = try through.map { text in
            do { return try CalendarDate(text) } catch { throw ValidationError("--through: \(error)") }
        }
        let events = history.events(through: asOf)
        let kafka = try cluster.configuration(clientId: "credence-ingest")
        let partitions = try await TopicLayout.partitions(of: TopicCatalog.erpInvoices, kafka: kafka, logger: logger)
        let publisher = try EventPublisher(kafka: kafka, partitions: partitions, source: history.source, logger: logger)
        let lastDay = events.last.map { $0.time.calendarDate }
        let finalTick = ticks ? (asOf ?? lastDay).map { Timestamp(date: $0.adding(days: 1)) } : nil
        let sent = try await publisher.publish(events, ticks: ticks, finalTick: finalTick) { count in
            Console.line("ingest: \(count) of \(events.count) events sent")
        }
        await publisher.close()
        Console.line("ingest: \(history.invoices.count) invoices, \(sent.events) events and \(sent.ticks) ticks sent from \(input)")
    }
}

/// The partition counts of topics on a running cluster.
enum TopicLayout {
    static func partitions(of topic: String, kafka: KafkaConfiguration, logger: Logger) async throws -> Int {
        let consumer = try KafkaConsumer(configuration: ConsumerConfiguration(kafka, groupId: nil), logger: logger)
        do {
            let count = try await consumer.partitionCount(of: topic)
            await consumer.close()
            return count
        } catch {
            await consumer.close()
            throw error
        }
    }
}
