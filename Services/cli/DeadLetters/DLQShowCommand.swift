import ArgumentParser
import Domain
import Foundation
import Pipeline
import Runtime

/// `credence dlq show`: each selected dead letter with its headers, key, value (as parked) and reason.
struct DLQShowCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "show",
        abstract: "Show parked records of a stage: headers, key, value (truncated as parked) and the reason."
    )

    @OptionGroup var cluster: ClusterOptions

    @Option(help: "The stage whose dead letters to show.")
    var stage: Stage

    @Option(help: "Only this error code, e.g. unknown_invoice.")
    var code: String?

    @Option(help: "Only records read from this topic, e.g. erp.invoices.")
    var sourceTopic: String?

    @Option(help: "Show at most this many records, oldest first.")
    var limit: Int = 50

    @Flag(help: "One JSON object per record, for scripts.")
    var json = false

    func validate() throws {
        guard limit >= 1 else { throw ValidationError("--limit must be at least 1") }
    }

    func run() async throws {
        let logger = DeadLetterStore.logger("credence.dlq")
        let kafka = try cluster.configuration(clientId: "credence-dlq")
        let selection = DeadLetterSelection(stages: [stage], code: code, sourceTopic: sourceTopic)
        let parked = try await DeadLetterStore.parked(of: [stage], kafka: kafka, logger: logger)
            .filter(selection.matches).sorted(by: DeadLetterSummary.parkingOrder)
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        for letter in parked.prefix(limit) {
            Console.line(json ? String(decoding: try encoder.encode(ShownDeadLetter(letter)), as: UTF8.self) : ShownDeadLetter(letter).text)
        }
        if parked.count > limit { Console.line("… \(parked.count - limit) more (raise --limit)") }
        if parked.isEmpty && !json { Console.line("no parked records match") }
    }
}

/// One dead letter as `dlq show` prints it.
struct ShownDeadLetter: Codable, Sendable {
    var deadLetter: ReplayLogEntry.Position
    var source: ReplayLogEntry.Position?
    var parkedAt: Timestamp?
    var stage: String
    var code: String
    var field: String
    var message: String
    var attempts: Int
    var key: String?
    /// Every header as stored, the original ones and the `dlq.*` ones; values read as UTF-8.
    var headers: [String: String]
    /// The value as parked, read as UTF-8 (a value that is not UTF-8 shows replacement characters).
    var value: String?
    var valueTruncated: Bool
    var originalValueSize: Int?
    /// The replay that sent it back, when this is a re-park.
    var replayId: String?
    /// Why `dlq replay` would not send it, if it would not.
    var notReplayable: String?

    init(_ letter: ParkedRecord) {
        deadLetter = ReplayLogEntry.Position(letter.position)
        source = letter.source.map(ReplayLogEntry.Position.init)
        parkedAt = letter.parkedAt
        stage = letter.stage
        code = letter.code
        field = letter.field
        message = letter.message
        attempts = letter.attempts
        key = letter.keyText
        headers = Dictionary(letter.headers.map { ($0.key, $0.value.map { String(decoding: $0, as: UTF8.self) } ?? "") },
                             uniquingKeysWith: { _, last in last })
        value = letter.value.map { String(decoding: $0, as: UTF8.self) }
        valueTruncated = letter.valueTruncated
        originalValueSize = letter.originalValueSize
        replayId = letter.replayId
        notReplayable = letter.notReplayableReason
    }

    /// A few lines for a person.
    var text: String {
        var lines = ["\(deadLetter.text)  parked \(parkedAt.map { "\($0)" } ?? "-")  from \(source?.text ?? "-")  attempts \(attempts)"
                     + (replayId.map { "  re-parked after replay \($0)" } ?? "")]
        lines.append("  \(code)\(field.isEmpty ? "" : " (\(field))"): \(message)")
        lines.append("  key \(key ?? "-")")
        lines.append("  headers " + headers.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }.joined(separator: " "))
        lines.append("  value \(value ?? "-")"
                     + (valueTruncated ? "  [truncated as parked: \(value?.utf8.count ?? 0) of \(originalValueSize.map(String.init) ?? "?") bytes]" : ""))
        if let notReplayable { lines.append("  not replayable: \(notReplayable); fetch the original from \(source?.text ?? "its producer")") }
        return lines.joined(separator: "\n")
    }
}
