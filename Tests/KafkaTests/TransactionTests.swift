import Kafka
import TestSupport
import Testing

/// Kafka transactions on the embedded cluster. Its limits (librdkafka 2.0.2's mock): the transaction protocol
/// runs, but TxnOffsetCommit is acknowledged without being stored and `read_committed` is not simulated, so
/// these tests check the calls and their errors, not what a reader of another isolation level sees.
@Suite("Transactions on the embedded cluster")
struct TransactionTests {
    /// Consume → transform → produce in one transaction with the consumer group's offsets, as a stage does.
    @Test func aConsumedBatchIsWrittenWithItsOffsetsInOneTransaction() async throws {
        let test = try TestCluster(topics: ["txn.in": 3, "txn.out": 3])
        let plain = try test.producer()
        _ = try await plain.send((0..<90).map { ProducerRecord(topic: "txn.in", key: "k\($0 % 9)", value: "v\($0)") })
        await plain.close()

        let consumer = try test.consumer(group: "txn-group")
        try consumer.subscribe(["txn.in"])
        var batch: [ConsumerRecord] = []
        _ = await eventually(timeout: .seconds(30)) {
            batch += (try? await consumer.poll(maxRecords: 1_000, timeout: .milliseconds(200))) ?? []
            return batch.count >= 90
        }
        #expect(batch.count == 90)

        let producer = try test.producer { $0.transactionalId = "txn-test-1" }
        try await producer.initTransactions()
        try await producer.beginTransaction()
        let reports = try await producer.send(batch.map { ProducerRecord(topic: "txn.out", key: $0.keyString ?? "", value: ($0.valueString ?? "") + "!") })
        #expect(reports.count == 90)
        var next: [TopicPartition: Int64] = [:]
        for record in batch { next[TopicPartition(record.topic, record.partition)] = max(next[TopicPartition(record.topic, record.partition)] ?? 0, record.offset + 1) }
        try await producer.sendOffsetsToTransaction(next.map { TopicPartitionOffset($0.key, offset: $0.value) }, of: consumer)
        try await producer.commitTransaction()

        let written = try await test.readAll("txn.out", partitions: 3, count: 90)
        #expect(Set(written.compactMap(\.valueString)) == Set((0..<90).map { "v\($0)!" }))
        await consumer.close()
        await producer.close()
        await test.shutdown()
    }

    /// An aborted transaction leaves the producer usable for the next one; a transaction begun twice and a
    /// record sent outside any transaction are refused with an error, never lost silently.
    @Test func abortsAndMisuseAreReportedAndTheProducerGoesOn() async throws {
        let test = try TestCluster(topics: ["txn.out": 1])
        let producer = try test.producer { $0.transactionalId = "txn-test-2" }
        try await producer.initTransactions()

        await #expect(throws: KafkaError.self) {
            _ = try await producer.send(ProducerRecord(topic: "txn.out", key: "k", value: "outside"))
        }

        try await producer.beginTransaction()
        _ = try await producer.send((0..<10).map { ProducerRecord(topic: "txn.out", key: "k", value: "aborted-\($0)") })
        let twice = await #expect(throws: KafkaError.self) { try await producer.beginTransaction() }
        #expect(twice?.message.contains("begin transaction") == true, "\(String(describing: twice))")
        try await producer.abortTransaction()

        try await producer.beginTransaction()
        _ = try await producer.send(ProducerRecord(topic: "txn.out", key: "k", value: "committed"))
        try await producer.commitTransaction()
        let written = try await test.readAll("txn.out", partitions: 1, count: 11)
        #expect(written.last?.valueString == "committed")
        await producer.close()
        await test.shutdown()
    }
}
