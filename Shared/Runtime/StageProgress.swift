import Domain
import Foundation
import Kafka

/// What a stage task on the stream clock publishes on `credence.progress` (keyed by the stage's name, on the
/// partition it speaks for) once every output it derived so far is acknowledged: the event time before which it
/// will publish nothing more, and the end offsets of its outputs that this covers. A stage reading those outputs
/// holds a record back until every stage it reads from has promised, and it has fetched, everything before that
/// record's time — so stages run side by side see their inputs in the same order however fast each one runs.
struct StageProgress: Codable, Sendable, Equatable {
    var stage: String
    var partition: Int32
    /// Milliseconds since the epoch before which the task publishes nothing more on any topic; `Int64.min` when it
    /// promises nothing yet (a stage announcing itself), `Int64.max` when nothing more is coming as things stand.
    var watermark: Int64
    /// Topics with a later watermark than `watermark`: those only some inputs can cause (`StageProcessor.outputCauses`).
    var topics: [String: Int64] = [:]
    /// Per topic, the end offset (the last acknowledged offset + 1) of what the stage wrote to this partition when
    /// the record was produced; a reader relies on the watermark only once it has fetched that far.
    var offsets: [String: Int64] = [:]

    /// The watermark of one output topic.
    func watermark(for topic: String) -> Int64 { topics[topic] ?? watermark }

    func encoded() -> [UInt8] {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        return (try? Array(encoder.encode(self))) ?? []
    }

    static func decode(_ bytes: [UInt8]) -> StageProgress? {
        try? JSONDecoder().decode(StageProgress.self, from: Data(bytes))
    }

    /// The record that publishes it.
    func record(topic: String) -> ProducerRecord {
        ProducerRecord(topic: topic, partition: partition, key: Array(stage.utf8), value: encoded())
    }
}

/// The watermarks a task would publish: one for every output, and later ones for the topics only some of its
/// inputs can cause.
struct TaskWatermark: Sendable, Equatable {
    var all: Int64
    var topics: [String: Int64] = [:]
}

/// The promises of one stage for one topic partition, read from `credence.progress`: each counts once its reader has
/// fetched the partition up to the offsets it covers.
struct PromisedWatermark: Sendable {
    /// Promises read but not fetched up to yet, as (end offset, watermark).
    private var pending: [(offset: Int64, watermark: Int64)] = []
    /// The latest watermark whose outputs are fetched; `Int64.min` while none is.
    private(set) var covered = Int64.min

    /// Takes in a promise; one asking for no fewer offsets and promising no more than it is dropped.
    mutating func add(offset: Int64, watermark: Int64) {
        pending.removeAll { $0.offset >= offset && $0.watermark <= watermark }
        pending.append((offset, watermark))
        if pending.count > 4_096 { pending.removeFirst(pending.count - 4_096) }
    }

    /// Counts the promises whose offsets are fetched (`fetched`: the offset after the last record read).
    mutating func settle(fetched: Int64) {
        guard !pending.isEmpty else { return }
        for entry in pending where entry.offset <= fetched { covered = max(covered, entry.watermark) }
        pending.removeAll { $0.offset <= fetched }
    }
}
