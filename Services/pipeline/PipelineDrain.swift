import Domain
import Foundation
import Kafka
import Logging

/// Tells when a pipeline has processed everything sent to it: every stage's consumer group has committed
/// the end of each of its input partitions, and no topic grew since the previous look.
///
/// A stage stores an input offset only after the outputs it caused are delivered, so once every group is at
/// the end of its inputs, nothing further is on its way.
package struct PipelineDrain {
    /// A stage's consumer group and the topics it reads.
    package struct Member {
        package var group: String
        package var topics: [String]

        package init(group: String, topics: [String]) {
            self.group = group
            self.topics = topics
        }
    }

    package let members: [Member]
    package let partitions: Int
    package let kafka: KafkaConfiguration
    package let logger: Logger

    package init(members: [Member], partitions: Int, kafka: KafkaConfiguration, logger: Logger) {
        self.members = members
        self.partitions = partitions
        self.kafka = kafka
        self.logger = logger
    }

    /// The records each group has still to commit, summed over its input partitions, and the high
    /// watermarks seen (to tell whether anything moved between two looks).
    package func backlog() async throws -> (byGroup: [String: Int64], watermarks: [TopicPartition: Int64]) {
        var byGroup: [String: Int64] = [:]
        var watermarks: [TopicPartition: Int64] = [:]
        for member in members {
            let consumer = try KafkaConsumer(configuration: ConsumerConfiguration(kafka, groupId: member.group), logger: logger)
            do {
                let partitions = member.topics.flatMap { topic in (0..<Int32(self.partitions)).map { TopicPartition(topic, $0) } }
                let committed = try await consumer.committed(partitions)
                var behind: Int64 = 0
                for entry in committed {
                    let high: Int64
                    if let known = watermarks[entry.topicPartition] { high = known } else {
                        high = try await consumer.watermarks(entry.topicPartition).high
                        watermarks[entry.topicPartition] = high
                    }
                    behind += max(0, high - max(0, entry.offset))
                }
                byGroup[member.group] = behind
            } catch {
                await consumer.close()
                throw error
            }
            await consumer.close()
        }
        return (byGroup, watermarks)
    }

    /// Waits until two looks `interval` apart find no backlog and no topic grown; `check` runs between looks
    /// (to fail early when a stage died) and `progress` gets the backlog of each look.
    package func waitUntilIdle(timeout: Duration, interval: Duration = .milliseconds(1_500),
                       check: () throws -> Void = {}, progress: ([String: Int64]) -> Void = { _ in }) async throws {
        let deadline = ContinuousClock.now + timeout
        var previous: [TopicPartition: Int64]?
        while ContinuousClock.now < deadline {
            try check()
            let look = try await backlog()
            progress(look.byGroup)
            if look.byGroup.values.allSatisfy({ $0 == 0 }), previous == look.watermarks { return }
            previous = look.byGroup.values.allSatisfy({ $0 == 0 }) ? look.watermarks : nil
            try await Task.sleep(for: interval)
        }
        throw IngestError("the pipeline did not finish within \(timeout)")
    }
}
