import Foundation
import Kafka
import Logging

/// Reads a topic whole, every partition from its low to its high watermark as they stand when the read
/// starts: what a report, a backtest or an operator needs of a topic at one moment.
public enum TopicSnapshot {
    /// Every record of `topic` up to the high watermarks of the moment, in partition and offset order.
    public static func records(of topic: String, kafka: KafkaConfiguration, logger: Logger,
                               timeout: Duration = .seconds(120)) async throws -> [ConsumerRecord] {
        let consumer = try KafkaConsumer(configuration: ConsumerConfiguration(kafka, groupId: nil), logger: logger)
        do {
            let records = try await read(topic, with: consumer, timeout: timeout)
            await consumer.close()
            return records
        } catch {
            await consumer.close()
            throw error
        }
    }

    private static func read(_ topic: String, with consumer: KafkaConsumer, timeout: Duration) async throws -> [ConsumerRecord] {
        let partitions = try await consumer.partitionCount(of: topic)
        var next: [Int32: Int64] = [:]
        var high: [Int32: Int64] = [:]
        var start: [TopicPartitionOffset] = []
        for partition in 0..<Int32(partitions) {
            let marks = try await consumer.watermarks(TopicPartition(topic, partition))
            guard marks.high > marks.low else { continue }
            next[partition] = marks.low
            high[partition] = marks.high
            start.append(TopicPartitionOffset(TopicPartition(topic, partition), offset: marks.low))
        }
        guard !start.isEmpty else { return [] }
        try consumer.assign(start)
        var byPartition: [Int32: [ConsumerRecord]] = [:]
        let deadline = ContinuousClock.now + timeout
        while next.contains(where: { $0.value < high[$0.key]! }) {
            guard ContinuousClock.now < deadline else {
                throw RuntimeError(.readStalled, "\(topic) could not be read to its end within \(timeout)", topic: topic)
            }
            for record in try await consumer.poll(maxRecords: 10_000, timeout: .milliseconds(200))
            where record.topic == topic && record.offset < high[record.partition, default: 0] {
                byPartition[record.partition, default: []].append(record)
                next[record.partition] = record.offset + 1
            }
        }
        return byPartition.keys.sorted().flatMap { byPartition[$0]! }
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

