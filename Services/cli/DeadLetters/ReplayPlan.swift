import Domain
import Kafka
import Runtime

/// What one `credence dlq replay` sends, worked out from the dead letters and the replay log before anything
/// is sent (so `--dry-run` prints exactly what a real run would do).
///
/// A replayed record is the original as its producer sent it: the dead letter's key and value, its original
/// headers (every header not starting with `dlq.`; `ce_id` among them, unchanged) and the source partition —
/// plus `dlq.replayed` (the replay's id) and `dlq.replayed.stage` (only that stage processes it). No other
/// `dlq.*` header goes to the source topic.
struct ReplayPlan: Sendable {
    /// One record to send, with the dead letter it comes from.
    struct Send: Sendable {
        var deadLetter: ParkedRecord
        /// Where the dead letter was read from, and where it goes back to.
        var source: TopicPartitionOffset
        var record: ProducerRecord
    }

    var replayId: String
    var sends: [Send] = []
    /// Selected dead letters the log says were replayed already: not sent again.
    var alreadyReplayed: [ParkedRecord] = []
    /// Selected dead letters that cannot be sent as they are, each to fetch from its source position.
    var notReplayable: [ParkedRecord] = []
    /// Selected re-parks (replayed records parked again), held back unless asked for: sent on every run, a record
    /// whose cause is not fixed would go round and round.
    var heldReparks: [ParkedRecord] = []

    /// - Parameters:
    ///   - parked: the dead letters of the stage's topic.
    ///   - replayed: the dead-letter positions the replay log holds.
    ///   - includeReparks: whether to send re-parks too (the operator fixed what parked them again).
    init(replayId: String, parked: [ParkedRecord], selection: DeadLetterSelection, replayed: Set<ReplayLogEntry.Position>,
         includeReparks: Bool = false) {
        self.replayId = replayId
        for letter in parked where selection.matches(letter) {
            if replayed.contains(ReplayLogEntry.Position(letter.position)) {
                alreadyReplayed.append(letter)
            } else if letter.isRepark && !includeReparks {
                heldReparks.append(letter)
            } else if letter.notReplayableReason != nil {
                notReplayable.append(letter)
            } else if let source = letter.source {
                sends.append(Send(deadLetter: letter, source: source,
                                  record: Self.record(replaying: letter, to: source, replayId: replayId)))
            } else {
                notReplayable.append(letter)
            }
        }
    }

    /// The clean record that puts `letter` back on its source topic (see the type's documentation).
    static func record(replaying letter: ParkedRecord, to source: TopicPartitionOffset, replayId: String) -> ProducerRecord {
        let headers = letter.originalHeaders + [
            KafkaHeader(key: DeadLetter.replayed, string: replayId),
            KafkaHeader(key: DeadLetter.replayedStage, string: letter.stage),
        ]
        return ProducerRecord(topic: source.topic, partition: source.partition, key: letter.key, value: letter.value,
                              headers: headers)
    }
}
