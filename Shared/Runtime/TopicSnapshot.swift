import Foundation
import Kafka
import Logging

/// Reads a topic whole, every partition from its low to its high watermark as they stand when the read
/// starts: what a report, a backtest or an operator needs of a topic at one moment.
public enum TopicSnapshot {
    /// Every record of `topic` up to the high watermarks of the moment, in partition and offset order.
    /// - Parameter stallTimeout: how long the read may go without progress before it fails (`read_stalled`).
    public static func records(of topic: String, kafka: KafkaConfiguration, logger: Logger,
                               stallTimeout: Duration = .seconds(60)) async throws -> [ConsumerRecord] {
        let consumer = try KafkaConsumer(configuration: ConsumerConfiguration(kafka, groupId: nil), logger: logger)
        do {
            let partitions = try await consumer.partitionCount(of: topic)
            let reader = TopicReader(consumer: consumer, topic: topic, stallTimeout: stallTimeout)
            let read = try await BlockingExecutor.shared.run { () -> Result<[ConsumerRecord], any Error> in
                Result {
                    var byPartition: [Int32: [ConsumerRecord]] = [:]
                    try reader.read(partitions: Array(0..<Int32(partitions)), mode: .toEnd) { records in
                        for record in records { byPartition[record.partition, default: []].append(record) }
                    }
                    return byPartition.keys.sorted().flatMap { byPartition[$0]! }
                }
            }
            await consumer.close()
            return try read.get()
        } catch {
            await consumer.close()
            throw error
        }
    }

    /// The latest state per key of a stage, read from its changelog `<stage>.changelog` as a new instance
    /// restoring it would (the last record of a key wins; a tombstone removes it).
    public static func stageStates<State: Codable & Sendable>(_ type: State.Type, stage: String, kafka: KafkaConfiguration,
                                                               logger: Logger) async throws -> [String: State] {
        var states: [String: State] = [:]
        for record in try await records(of: "\(stage).changelog", kafka: kafka, logger: logger) {
            guard let key = record.keyString, let stateKey = ChangelogKey.stateKey(key) else { continue }
            if let value = record.value {
                states[stateKey] = try ChangelogCoder.decode(KeyEntry<State>.self, from: value).state
            } else {
                states[stateKey] = nil
            }
        }
        return states
    }
}

