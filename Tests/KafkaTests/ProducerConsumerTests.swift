import Kafka
import TestSupport
import Testing

@Suite("Producer and consumer on the embedded cluster")
struct ProducerConsumerTests {
    @Test func recordsRoundTripWithKeysAndHeadersAndKeepTheirOrderPerKey() async throws {
        let test = try TestCluster(topics: ["round-trip": 6])
        let producer = try test.producer()
        var records: [ProducerRecord] = []
        for sequence in 0..<20 {
            for buyer in 0..<30 {
                records.append(ProducerRecord(
                    topic: "round-trip",
                    key: "buyer-\(buyer)",
                    value: "buyer-\(buyer):\(sequence)",
                    headers: [KafkaHeader(key: "ce_type", string: "credence.test.v1"),
                              KafkaHeader(key: "sequence", string: String(sequence)),
                              KafkaHeader(key: "empty", value: nil)]
                ))
            }
        }
        let reports = try await producer.send(records)
        #expect(reports.count == 600)
        #expect(reports.allSatisfy { $0.topic == "round-trip" && $0.offset >= 0 })
        await producer.close()

        let consumed = try await test.readAll("round-trip", partitions: 6, count: 600)
        #expect(consumed.count == 600)
        var partitionOfKey: [String: Int32] = [:]
        for (record, report) in zip(records, reports) {
            let key = String(decoding: record.key!, as: UTF8.self)
            #expect(partitionOfKey[key, default: report.partition] == report.partition, "one key, one partition")
            partitionOfKey[key] = report.partition
        }
        for buyer in 0..<30 {
            let key = "buyer-\(buyer)"
            let mine = consumed.filter { $0.keyString == key }
            #expect(mine.map(\.valueString) == (0..<20).map { "\(key):\($0)" }, "order kept for \(key)")
            #expect(mine.allSatisfy { $0.partition == partitionOfKey[key] })
            #expect(mine.allSatisfy { $0.header("ce_type")?.stringValue == "credence.test.v1" })
            #expect(mine.map { $0.header("sequence")?.stringValue } == (0..<20).map { String($0) })
            #expect(mine.allSatisfy { $0.header("empty") == KafkaHeader(key: "empty", value: nil) })
        }
        await test.shutdown()
    }

    @Test func pausedPartitionsDeliverNothingUntilResumedAndSeekRereads() async throws {
        let test = try TestCluster(topics: ["flow": 2])
        let producer = try test.producer()
        _ = try await producer.send((0..<10).map { ProducerRecord(topic: "flow", partition: Int32($0 % 2), key: "k", value: "v\($0)") })
        await producer.close()

        let consumer = try test.consumer(group: nil)
        try consumer.assign([TopicPartitionOffset(topic: "flow", partition: 0, offset: KafkaOffset.beginning),
                             TopicPartitionOffset(topic: "flow", partition: 1, offset: KafkaOffset.beginning)])
        try consumer.pause([TopicPartition("flow", 0)])
        var seen: [ConsumerRecord] = []
        _ = await eventually(timeout: .seconds(5)) {
            seen += (try? await consumer.poll(timeout: .milliseconds(200))) ?? []
            return seen.count >= 5
        }
        #expect(seen.count == 5)
        #expect(seen.allSatisfy { $0.partition == 1 })

        try consumer.resume([TopicPartition("flow", 0)])
        _ = await eventually(timeout: .seconds(10)) {
            seen += (try? await consumer.poll(timeout: .milliseconds(200))) ?? []
            return seen.count >= 10
        }
        #expect(seen.filter { $0.partition == 0 }.map(\.offset) == [0, 1, 2, 3, 4])

        try await consumer.seek([TopicPartitionOffset(topic: "flow", partition: 0, offset: 3)])
        var again: [ConsumerRecord] = []
        _ = await eventually(timeout: .seconds(10)) {
            again += (try? await consumer.poll(timeout: .milliseconds(200))) ?? []
            return again.count >= 2
        }
        #expect(again.map(\.offset) == [3, 4])
        #expect(again.allSatisfy { $0.partition == 0 })
        let watermarks = try await consumer.watermarks(TopicPartition("flow", 0))
        #expect(watermarks.low == 0 && watermarks.high == 5)
        await consumer.close()
        await test.shutdown()
    }

    @Test func committedOffsetsAreResumedByANewConsumerOfTheSameGroup() async throws {
        let test = try TestCluster(topics: ["resume": 3])
        let producer = try test.producer()
        _ = try await producer.send((0..<100).map { ProducerRecord(topic: "resume", key: "buyer-\($0 % 7)", value: "event-\($0)") })
        await producer.close()

        let first = try test.consumer(group: "resume-group")
        try first.subscribe(["resume"])
        var processed: [ConsumerRecord] = []
        _ = await eventually {
            // Process one record at a time so that exactly these, and no more, are stored.
            for record in (try? await first.poll(maxRecords: 1, timeout: .milliseconds(200))) ?? [] {
                processed.append(record)
                try? first.store([record.nextOffset])
            }
            return processed.count >= 40
        }
        #expect(processed.count == 40)
        try await first.commit()
        let committed = try await first.committed((0..<3).map { TopicPartition("resume", $0) })
        for partition in 0..<Int32(3) {
            let last = processed.filter { $0.partition == partition }.map(\.offset).max()
            #expect(committed.first { $0.partition == partition }?.offset == last.map { $0 + 1 } ?? KafkaOffset.invalid)
        }
        await first.close()

        let second = try test.consumer(group: "resume-group")
        try second.subscribe(["resume"])
        var rest: [ConsumerRecord] = []
        _ = await eventually {
            rest += (try? await second.poll(maxRecords: 100, timeout: .milliseconds(200))) ?? []
            return rest.count >= 60
        }
        rest += try await second.poll(maxRecords: 100, timeout: .milliseconds(500))
        await second.close()
        let processedValues = Set(processed.compactMap(\.valueString))
        let restValues = Set(rest.compactMap(\.valueString))
        #expect(rest.count == 60)
        #expect(processedValues.isDisjoint(with: restValues))
        #expect(processedValues.union(restValues) == Set((0..<100).map { "event-\($0)" }))
        await test.shutdown()
    }
}
