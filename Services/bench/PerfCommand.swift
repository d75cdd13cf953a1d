import ArgumentParser
import Foundation
import Kafka
import Logging
import Pipeline
import Synchronization

/// `credence-bench perf`: a quick produce and consume rate of the Kafka layer on the embedded cluster.
struct PerfCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "perf",
        abstract: "Measure raw produce and consume rates (messages/s) of the Kafka layer on an embedded cluster."
    )

    @Option(help: "Messages to produce and then consume.")
    var messages: Int = 200_000

    @Option(help: "Value size in bytes.")
    var size: Int = 200

    @Option(help: "Partitions of the test topic.")
    var partitions: Int = 12

    func validate() throws {
        // The embedded cluster keeps at most 100,000 records per partition.
        guard messages > 0, messages <= partitions * 90_000 else {
            throw ValidationError("--messages must be between 1 and \(partitions * 90_000) for \(partitions) partitions")
        }
    }

    func run() async throws {
        var logger = Logger(label: "credence.perf")
        logger.logLevel = .warning
        let cluster = try EmbeddedCluster(brokers: 1, logger: logger)
        try cluster.createTopic("perf", partitions: partitions)
        let common = KafkaConfiguration(bootstrapServers: cluster.bootstrapServers, clientId: "perf")
        let producer = try KafkaProducer(configuration: ProducerConfiguration(common), logger: logger)
        let value = [UInt8](repeating: 0x61, count: size)
        let counts = DeliveryCounts()

        let produceStart = ContinuousClock.now
        for index in 0..<messages {
            let record = ProducerRecord(topic: "perf", key: Array("buyer-\(index % 1000)".utf8), value: value)
            while !(try enqueue(record, producer, counts)) {
                try await Task.sleep(for: .milliseconds(1))
            }
        }
        try await producer.flush(timeout: .seconds(120))
        let produceTime = ContinuousClock.now - produceStart
        await producer.close()

        let consumer = try KafkaConsumer(configuration: ConsumerConfiguration(common, groupId: nil), logger: logger)
        try consumer.assign((0..<Int32(partitions)).map { TopicPartitionOffset(topic: "perf", partition: $0, offset: KafkaOffset.beginning) })
        let consumeStart = ContinuousClock.now
        var consumed = 0
        while consumed < messages, ContinuousClock.now - consumeStart < .seconds(120) {
            consumed += try await consumer.poll(maxRecords: 10_000, timeout: .milliseconds(200)).count
        }
        let consumeTime = ContinuousClock.now - consumeStart
        await consumer.close()
        await cluster.shutdown()

        let megabytes = Double(messages * size) / 1_048_576
        func rate(_ count: Int, _ time: Duration) -> String {
            let seconds = Double(time.components.seconds) + Double(time.components.attoseconds) / 1e18
            return String(format: "%.0f msg/s, %.1f MiB/s (%.2f s)", Double(count) / seconds, megabytes * Double(count) / Double(messages) / seconds, seconds)
        }
        Console.line("librdkafka \(RDVersion.string), embedded cluster, 1 broker, \(partitions) partitions, \(size)-byte values")
        Console.line("produce: \(counts.delivered.load(ordering: .relaxed)) delivered, \(counts.failed.load(ordering: .relaxed)) failed — \(rate(messages, produceTime))")
        Console.line("consume: \(consumed) read — \(rate(consumed, consumeTime))")
        if consumed != messages || counts.delivered.load(ordering: .relaxed) != messages { throw ExitCode.failure }
    }

    /// Returns false when the producer's queue is full and the record should be offered again.
    private func enqueue(_ record: ProducerRecord, _ producer: KafkaProducer, _ counts: DeliveryCounts) throws(KafkaError) -> Bool {
        do throws(KafkaError) {
            try producer.produce(record) { result in
                if case .success = result { counts.delivered.add(1, ordering: .relaxed) } else { counts.failed.add(1, ordering: .relaxed) }
            }
            return true
        } catch {
            if error.isRetriable { return false }
            throw error
        }
    }
}

/// Delivery outcomes counted from librdkafka's delivery thread.
private final class DeliveryCounts: Sendable {
    let delivered = Atomic<Int>(0)
    let failed = Atomic<Int>(0)
}
