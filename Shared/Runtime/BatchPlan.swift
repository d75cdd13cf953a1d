import Kafka

/// What one batch of processing decided, to be carried out in order: outputs and dead letters first,
/// then the changelog, then the consumer positions.
struct BatchPlan: Sendable {
    var outputs: [ProducerRecord] = []
    var deadLetters: [ProducerRecord] = []
    var changelog: [ProducerRecord] = []
    var positions: [TopicPartitionOffset] = []
    var consumedPerTopic: [String: Int] = [:]
    var touchedPartitions: Set<Int32> = []
    var deadLetterCauses: [DeadLetterCause] = []
    /// Inputs skipped as already applied, per topic.
    var skippedPerTopic: [String: Int] = [:]
    /// Inputs a rule ignored, by topic and reason.
    var ignored: [IgnoredInput: Int] = [:]
    /// The stream-clock watermarks of tasks that moved, published on `credence.progress` once this batch's outputs
    /// and every earlier one's are acknowledged.
    var progress: [Int32: TaskWatermark] = [:]

    var isEmpty: Bool {
        outputs.isEmpty && deadLetters.isEmpty && changelog.isEmpty && positions.isEmpty && consumedPerTopic.isEmpty && progress.isEmpty
    }
}

/// Why an input was ignored, and where it was read from: the labels of `credence_inputs_ignored_total`.
struct IgnoredInput: Hashable {
    var topic: String
    var reason: String
}
