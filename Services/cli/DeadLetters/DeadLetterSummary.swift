import Domain
import Foundation
import Kafka

/// What `credence dlq summary` reports: parked records counted by stage, error code, source topic and day, with
/// the first and last of each group, one sample per code, and the replays and re-parks (`--json` prints this
/// value as it is).
struct DeadLetterSummary: Codable, Sendable {
    typealias Position = ReplayLogEntry.Position

    /// One end of a group: the dead letter, where its original was read, and when it was parked.
    struct Endpoint: Codable, Sendable {
        var deadLetter: Position
        var source: Position?
        var parkedAt: Timestamp?
    }

    /// The dead letters of one stage, code, source topic and day.
    struct Group: Codable, Sendable {
        var stage: String
        var code: String
        var sourceTopic: String
        var day: String
        var records: Int
        /// Of them, replayed records parked again.
        var reparked: Int
        var first: Endpoint
        var last: Endpoint
    }

    /// One dead letter shown as an example of its code.
    struct Sample: Codable, Sendable {
        var deadLetter: Position
        var source: Position?
        var key: String?
        var ceId: String?
        var ceType: String?
        var field: String
        var message: String
        /// The value's first ``DeadLetterSummary/sampleCharacters`` characters.
        var value: String?
    }

    /// The dead letters of one stage and code, with what became of them.
    struct CodeTotal: Codable, Sendable {
        var stage: String
        var code: String
        var records: Int
        var reparked: Int
        /// Of them, the ones the replay log says were sent back.
        var replayed: Int
        /// Of them, the ones that cannot be sent back as parked (value or a header truncated).
        var notReplayable: Int
        var sample: Sample
    }

    /// One run of `credence dlq replay`, from the replay log.
    struct Replay: Codable, Sendable {
        var replayId: String
        var stage: String
        var code: String
        var records: Int
        var replayedAt: Timestamp
    }

    static let sampleCharacters = 240

    var total: Int
    var groups: [Group]
    var codes: [CodeTotal]
    var replays: [Replay]

    /// Summarises the selected dead letters of `parked`, given everything the replay log holds.
    init(parked: [ParkedRecord], replayLog: [ReplayLogEntry], selection: DeadLetterSelection) {
        let chosen = parked.filter(selection.matches).sorted(by: Self.parkingOrder)
        let replayed = Set(replayLog.map(\.deadLetter))
        total = chosen.count
        var grouped: [[String]: [ParkedRecord]] = [:]
        var byCode: [[String]: [ParkedRecord]] = [:]
        for letter in chosen {
            grouped[[letter.stage, letter.code, letter.source?.topic ?? "unknown", letter.day], default: []].append(letter)
            byCode[[letter.stage, letter.code], default: []].append(letter)
        }
        groups = grouped.compactMap { key, letters in
            guard let first = letters.first, let last = letters.last else { return nil }
            return Group(stage: key[0], code: key[1], sourceTopic: key[2], day: key[3], records: letters.count,
                         reparked: letters.count(where: \.isRepark), first: Self.endpoint(first), last: Self.endpoint(last))
        }.sorted { ($0.stage, $0.code, $0.sourceTopic, $0.day) < ($1.stage, $1.code, $1.sourceTopic, $1.day) }
        codes = byCode.compactMap { key, letters in
            guard let first = letters.first else { return nil }
            return CodeTotal(stage: key[0], code: key[1], records: letters.count, reparked: letters.count(where: \.isRepark),
                             replayed: letters.count { replayed.contains(Position($0.position)) },
                             notReplayable: letters.count { $0.notReplayableReason != nil }, sample: Self.sample(first))
        }.sorted { ($0.stage, $0.code) < ($1.stage, $1.code) }
        let stages = Set(selection.stages.map(\.rawValue))
        var runs: [String: Replay] = [:]
        for entry in replayLog where stages.contains(entry.stage) && selection.from.map({ !(entry.replayedAt < $0) }) ?? true {
            runs[entry.replayId, default: Replay(replayId: entry.replayId, stage: entry.stage, code: entry.code, records: 0,
                                                 replayedAt: entry.replayedAt)].records += 1
        }
        replays = runs.values.sorted { ($0.replayedAt, $0.replayId) < ($1.replayedAt, $1.replayId) }
    }

    /// The report for a person: per stage and code the totals and a sample, then each group, then the replays.
    var text: String {
        guard total > 0 || !replays.isEmpty else { return "no parked records" }
        var lines: [String] = []
        for stage in Array(Set(codes.map(\.stage))).sorted() {
            let mine = codes.filter { $0.stage == stage }
            lines.append("\(stage).dlq: \(mine.reduce(0) { $0 + $1.records }) parked")
            for code in mine {
                lines.append("  \(code.code): \(code.records) parked, \(code.replayed) replayed, \(code.reparked) re-parked"
                             + (code.notReplayable > 0 ? ", \(code.notReplayable) not replayable" : ""))
                for group in groups where group.stage == stage && group.code == code.code {
                    lines.append("    \(group.day)  from \(group.sourceTopic)  \(group.records) record(s)\(group.reparked > 0 ? " (\(group.reparked) re-parked)" : "")"
                                 + "  first \(Self.describe(group.first))  last \(Self.describe(group.last))")
                }
                let sample = code.sample
                lines.append("    sample \(sample.deadLetter.text): key \(sample.key ?? "-") ce_id \(sample.ceId ?? "-") \(sample.ceType ?? "")")
                lines.append("      \(sample.field.isEmpty ? "" : "field \(sample.field): ")\(sample.message)")
                if let value = sample.value { lines.append("      value \(value)") }
            }
        }
        if !replays.isEmpty {
            lines.append("replays:")
            for replay in replays {
                lines.append("  \(replay.replayId)  \(replay.replayedAt)  \(replay.stage) \(replay.code): \(replay.records) record(s) sent")
            }
        }
        return lines.joined(separator: "\n")
    }

    private static func describe(_ endpoint: Endpoint) -> String {
        endpoint.deadLetter.text + (endpoint.source.map { " (\($0.text))" } ?? "")
    }

    private static func endpoint(_ letter: ParkedRecord) -> Endpoint {
        Endpoint(deadLetter: Position(letter.position), source: letter.source.map(Position.init), parkedAt: letter.parkedAt)
    }

    private static func sample(_ letter: ParkedRecord) -> Sample {
        let value = letter.value.map { bytes in
            let text = String(decoding: bytes, as: UTF8.self)
            return text.count > sampleCharacters ? String(text.prefix(sampleCharacters)) + "…" : text
        }
        return Sample(deadLetter: Position(letter.position), source: letter.source.map(Position.init), key: letter.keyText,
                      ceId: letter.eventId, ceType: letter.eventType, field: letter.field, message: letter.message, value: value)
    }

    /// When parked, then where: the order "first" and "last" refer to.
    static func parkingOrder(_ a: ParkedRecord, _ b: ParkedRecord) -> Bool {
        let left = (a.parkedAt?.millisecondsSinceEpoch ?? 0, a.position.partition, a.position.offset)
        let right = (b.parkedAt?.millisecondsSinceEpoch ?? 0, b.position.partition, b.position.offset)
        return left < right
    }
}
