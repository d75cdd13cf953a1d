import Foundation
import Kafka
import Logging
import Pipeline

/// The baseline: a raw consume → produce loop with the Kafka layer and no parsing — each polled batch of up to
/// `batch` records is produced unchanged (key, value, headers, same partition) to a sink topic and its delivery
/// awaited, which is the same loop shape as a stage's (poll, produce, wait for delivery reports).
struct PassThroughBaseline {
    let kafka: KafkaConfiguration
    let partitions: Int
    let sink: String
    let batch: Int
    let logger: Logger

    struct Result {
        var records: Int
        var seconds: Double
        var rate: Double { Double(records) / seconds }
    }

    /// Copies every record of `topics` (expected: `expected`) to the sink; times from the first poll to the last delivery.
    func run(topics: [String], expected: Int) async throws -> Result {
        let consumer = try KafkaConsumer(configuration: ConsumerConfiguration(kafka, groupId: nil), logger: logger)
        let producer = try KafkaProducer(configuration: ProducerConfiguration(kafka), logger: logger)
        try consumer.assign(topics.flatMap { topic in
            (0..<Int32(partitions)).map { TopicPartitionOffset(topic: topic, partition: $0, offset: KafkaOffset.beginning) }
        })
        var copied = 0
        let started = ContinuousClock.now
        var idle = ContinuousClock.now
        while copied < expected, ContinuousClock.now - idle < .seconds(30) {
            let records = try await consumer.poll(maxRecords: batch, timeout: .milliseconds(100))
            guard !records.isEmpty else { continue }
            idle = .now
            _ = try await producer.send(records.map {
                ProducerRecord(topic: sink, partition: $0.partition, key: $0.key, value: $0.value, headers: $0.headers)
            })
            copied += records.count
        }
        let seconds = Bench.seconds(ContinuousClock.now - started)
        await consumer.close()
        await producer.close()
        guard copied >= expected else { throw IngestError("pass-through copied \(copied) of \(expected) records") }
        return Result(records: copied, seconds: seconds)
    }
}
