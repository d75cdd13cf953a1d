import ArgumentParser
import Domain
import Foundation
import Kafka
import Pipeline

/// `credence dlq replay`: sends a stage's parked records of one code back to their source topics, once.
struct DLQReplayCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "replay",
        abstract: "Send a stage's parked records of one code back to their source topics (same key, value, headers, partition and ce_id).",
        discussion: """
            Each record sent carries dlq.replayed (this replay's id) and dlq.replayed.stage, and no other dlq.* header; \
            only the named stage processes it, and it skips one it applied already by its ce_id. What was sent is logged \
            to credence.dlq.replays: a dead letter logged there is never sent again, so running the same replay twice \
            sends nothing the second time. A record whose value (or a header) was truncated when parked is not sent: it \
            is listed with the source position to fetch the original from. A replayed record parked again (a re-park) \
            is held back unless --include-reparks is given, once what parked it again is fixed.
            """
    )

    @OptionGroup var cluster: ClusterOptions

    @Option(help: "The stage whose dead letters to replay.")
    var stage: Stage

    @Option(help: "The error code to replay, e.g. unknown_invoice.")
    var code: String

    @Option(help: "Only records parked at or after this time (YYYY-MM-DD or RFC 3339).")
    var from: TimeBound?

    @Option(help: "Only records parked before this time (YYYY-MM-DD or RFC 3339).")
    var to: TimeBound?

    @Flag(help: "Also send records that were replayed and parked again (once what parked them again is fixed).")
    var includeReparks = false

    @Flag(help: "Print what would be sent; send nothing and log nothing.")
    var dryRun = false

    func run() async throws {
        let logger = DeadLetterStore.logger("credence.dlq")
        let kafka = try cluster.configuration(clientId: "credence-dlq")
        let selection = DeadLetterSelection(stages: [stage], code: code, from: from?.timestamp, to: to?.timestamp)
        let parked = try await DeadLetterStore.parked(of: [stage], kafka: kafka, logger: logger)
        let log = try await DeadLetterStore.replayLog(kafka: kafka, logger: logger)
        let startedAt = Timestamp(Date())
        let replayId = "\(stage.rawValue)-\(code)-\(startedAt.millisecondsSinceEpoch)-\(String(UInt32.random(in: 0...UInt32.max), radix: 16))"
        let plan = ReplayPlan(replayId: replayId, parked: parked.sorted(by: DeadLetterSummary.parkingOrder), selection: selection,
                              replayed: Set(log.map(\.deadLetter)), includeReparks: includeReparks)

        Console.line("replay \(replayId)\(dryRun ? " (dry run)" : ""): \(TopicCatalog.deadLetter(stage)) \(code): \(plan.sends.count) to send, "
                     + "\(plan.alreadyReplayed.count) already replayed, \(plan.heldReparks.count) re-parked held back, "
                     + "\(plan.notReplayable.count) not replayable")
        if !plan.heldReparks.isEmpty {
            Console.line("held back \(plan.heldReparks.count) re-park(s): pass --include-reparks once what parked them again is fixed")
        }
        for letter in plan.notReplayable {
            Console.line("not replayable \(letter.position): \(letter.notReplayableReason ?? ""); fetch the original from \(letter.source.map { "\($0)" } ?? "its producer")")
        }
        if dryRun {
            for send in plan.sends { Console.line("would send \(send.deadLetter.position) → \(send.record.topic)[\(send.record.partition ?? -1)] ce_id \(send.deadLetter.eventId ?? "-")") }
            Console.line("dry run: nothing sent")
            return
        }
        guard !plan.sends.isEmpty else {
            Console.line("nothing sent")
            return
        }
        let producer = try KafkaProducer(configuration: ProducerConfiguration(kafka), logger: logger)
        do {
            let reports = try await producer.send(plan.sends.map(\.record))
            // Logged only once every record is acknowledged: a run that fails before this sends them again next
            // time, and the stage skips any it applied by its ce_id.
            let entries = zip(plan.sends, reports).map { send, report in
                ReplayLogEntry(replayId: replayId, stage: stage.rawValue, code: code, ceId: send.deadLetter.eventId,
                               deadLetter: .init(send.deadLetter.position), source: .init(send.source),
                               replayedTo: .init(topic: report.topic, partition: report.partition, offset: report.offset),
                               replayedAt: startedAt)
            }
            _ = try await producer.send(zip(plan.sends, entries).map { send, entry in try entry.record(key: send.deadLetter.key) })
            await producer.close()
            for entry in entries {
                Console.line("sent \(entry.deadLetter.text) → \(entry.replayedTo.text) ce_id \(entry.ceId ?? "-")")
            }
            Console.line("\(entries.count) sent, logged to \(TopicCatalog.deadLetterReplays)")
        } catch {
            await producer.close()
            throw error
        }
    }
}
