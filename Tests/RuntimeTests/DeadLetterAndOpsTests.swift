import Foundation
import Kafka
import TestSupport
import Testing

@Suite("Stage runtime: dead letters, readiness, metrics, replay", .serialized)
struct DeadLetterAndOpsTests {
    @Test func malformedRecordsGoToTheDeadLetterTopicWithTheirReasonsAndGoodOnesAreProcessed() async throws {
        let fixture = try ProbeFixture()
        let stage = try await fixture.startStage("a")
        #expect(await fixture.waitReady(stage))

        let good = ProbeEvent.stream(count: 3_000, buyers: 30)
        let kinds: [(value: [UInt8], code: String)] = [
            (Array("not json at all".utf8), "malformed_json"),
            ([0xFF, 0xFE, 0x00, 0x7B], "malformed_json"),
            (Array("{\"buyerId\":\"buyer-1\",\"amountMinor\":5}".utf8), "missing_field"),
            (Array("{\"id\":\"x\",\"buyerId\":\"buyer-1\",\"amountMinor\":-5}".utf8), "negative_amount"),
        ]
        var records: [ProducerRecord] = []
        var expectedCodes: [String: Int] = [:]
        var badIndex = 0
        for (index, event) in good.enumerated() {
            records.append(ProducerRecord(topic: "probe.input", key: event.buyer, value: event.json))
            if index % 3 == 0 {
                let kind = kinds[badIndex % kinds.count]
                records.append(ProducerRecord(topic: "probe.input", key: Array("buyer-\(badIndex % 30)".utf8), value: kind.value,
                                              headers: [KafkaHeader(key: "bad", string: String(badIndex))]))
                expectedCodes[kind.code, default: 0] += 1
                badIndex += 1
            }
            // The same event sent again (same id): skipped, counted, never applied twice.
            if index % 30 == 0 { records.append(ProducerRecord(topic: "probe.input", key: event.buyer, value: event.json)) }
        }
        #expect(badIndex == 1_000)
        try await fixture.produceRaw(records)

        let outputs = try await fixture.collect("probe.totals", unique: good.count)
        #expect(exactlyOnceProblems(inputs: good, outputs: outputs).isEmpty)
        let parked = try await fixture.test.readAll("probe.dlq", partitions: ProbeFixture.partitions, count: 1_000)
        #expect(parked.count == 1_000)
        var codes: [String: Int] = [:]
        for record in parked {
            codes[record.header("dlq.error.code")?.stringValue ?? "none", default: 0] += 1
            #expect(record.header("dlq.source.topic")?.stringValue == "probe.input")
            #expect(record.header("dlq.source.partition")?.stringValue == String(record.partition))
            #expect(record.header("dlq.source.offset")?.stringValue.flatMap(Int64.init) != nil)
            #expect(record.header("dlq.attempts")?.stringValue == "1")
            #expect(record.header("dlq.error.message")?.stringValue?.isEmpty == false)
            #expect(record.header("bad") != nil, "the original headers travel with the record")
        }
        #expect(codes == expectedCodes)
        #expect(Set(parked.compactMap { $0.header("bad")?.stringValue }).count == 1_000)

        // /metrics says exactly what was processed.
        let metrics = try #require(await HTTPProbe.get(port: stage.port, "/metrics"))
        #expect(metrics.status == 200)
        #expect(HTTPProbe.sample(metrics.body, #"credence_records_consumed_total{stage="probe",topic="probe.input"}"#) == 4_100)
        #expect(HTTPProbe.sample(metrics.body, #"credence_redeliveries_skipped_total{stage="probe",topic="probe.input"}"#) == 100)
        for (code, count) in expectedCodes {
            #expect(HTTPProbe.sample(metrics.body, #"credence_dlq_records_total{stage="probe",code="\#(code)",source_topic="probe.input"}"#) == Double(count),
                    "credence_dlq_records_total of \(code)")
        }
        #expect(HTTPProbe.sample(metrics.body, #"credence_ready{stage="probe"}"#) == 1)
        #expect(HTTPProbe.sample(metrics.body, #"credence_records_produced_total{stage="probe",topic="probe.dlq"}"#) == 1_000)
        #expect(HTTPProbe.sample(metrics.body, #"credence_records_produced_total{stage="probe",topic="probe.totals"}"#) == 3_000)
        stage.process.signal(SIGTERM)
        #expect(await stage.process.exitStatus() == 0)
        await fixture.shutdown()
    }

    /// `--changelog-ms`: outputs go out batch by batch, but a buyer changed by many batches is written to the
    /// changelog once per interval; SIGTERM writes what is left before its last commit, and the next instance
    /// continues from it.
    @Test func theChangelogIsWrittenOncePerIntervalAndWhatIsLeftAtShutdown() async throws {
        let fixture = try ProbeFixture()
        let first = try await fixture.startStage("a", ["--changelog-ms", "60000", "--max-batch", "10"])
        #expect(await fixture.waitReady(first))
        let events = ProbeEvent.stream(count: 900, buyers: 6)
        try await fixture.produce(Array(events[..<600]))
        _ = try await fixture.collect("probe.totals", unique: 600)
        func stateRecords() async throws -> [ConsumerRecord] {
            try await fixture.test.readAll("probe.changelog", partitions: ProbeFixture.partitions, count: .max, timeout: .seconds(3))
                .filter { $0.keyString?.hasPrefix("s/") == true }
        }
        // Every batch of 10 changes most of the six buyers: written with every batch, that would be hundreds of records.
        let during = try await stateRecords()
        #expect(during.count <= 6, "60 batches of outputs, at most one write of each buyer inside the minute: \(during.count)")
        first.process.signal(SIGTERM)
        #expect(await first.process.exitStatus() == 0)
        let written = try await stateRecords()
        #expect(during.isEmpty ? written.count == 6 : written.count <= during.count + 6, "what was left, written at shutdown: \(written.count)")
        #expect(Set(written.compactMap(\.keyString)).count == 6, "every buyer's state is in the changelog")

        let second = try await fixture.startStage("b")
        #expect(await fixture.waitReady(second))
        try await fixture.produce(Array(events[600...]))
        let outputs = try await fixture.collect("probe.totals", unique: events.count)
        let problems = exactlyOnceProblems(inputs: events, outputs: outputs)
        #expect(problems.isEmpty, "the next instance continues from the last write: \(problems.prefix(5))")
        second.process.signal(SIGTERM)
        #expect(await second.process.exitStatus() == 0)
        await fixture.shutdown()
    }

    @Test func readinessStaysFalseUntilTheChangelogIsRestoredAndTheRestoredStateContinues() async throws {
        let fixture = try ProbeFixture()
        let first = try await fixture.startStage("a")
        #expect(await fixture.waitReady(first))
        let events = ProbeEvent.stream(count: 12_000, buyers: 3_000)
        try await fixture.produce(Array(events[..<8_000]))
        _ = try await fixture.collect("probe.totals", unique: 8_000)
        first.process.signal(SIGTERM)
        #expect(await first.process.exitStatus() == 0)

        // Slow the broker down so that restoring the changelog takes a while.
        try fixture.test.cluster.setLatency(broker: 1, .milliseconds(150))
        let second = try await fixture.startStage("b")
        var seen: [String] = []
        let ready = await eventually(timeout: .seconds(90)) {
            guard let answer = await HTTPProbe.get(port: second.port, "/readyz") else { return false }
            seen.append("\(answer.status) \(answer.body)")
            return answer.status == 200
        }
        #expect(ready)
        #expect(seen.contains { $0.hasPrefix("503") && $0.contains("assigned 6 partitions, restored") && !$0.contains("restored 6") },
                "a 503 was seen while partitions were being restored: \(Set(seen))")
        try fixture.test.cluster.setLatency(broker: 1, .zero)

        try await fixture.produce(Array(events[8_000...]))
        let outputs = try await fixture.collect("probe.totals", unique: events.count)
        let problems = exactlyOnceProblems(inputs: events, outputs: outputs)
        #expect(problems.isEmpty, "the restored totals continue: \(problems.prefix(5))")
        second.process.signal(SIGTERM)
        #expect(await second.process.exitStatus() == 0)
        await fixture.shutdown()
    }

    @Test func theStreamClockReplaysTheSameInputToByteIdenticalOutputs() async throws {
        func run() async throws -> [Int32: [[UInt8]]] {
            let fixture = try ProbeFixture()
            let stage = try await fixture.startStage("replay", ["--clock", "stream", "--punctuation-seconds", "86400", "--max-batch", "37"])
            #expect(await fixture.waitReady(stage))
            var events = ProbeEvent.stream(count: 3_000, buyers: 20)
            let start = Date(timeIntervalSince1970: 1_704_067_200)  // 2024-01-01
            for index in events.indices {
                events[index].time = ISO8601DateFormatter().string(from: start.addingTimeInterval(Double(index) * 600))
            }
            var records = events.map { ProducerRecord(topic: "probe.input", key: $0.buyer, value: $0.json) }
            // A tick on every partition after the last event: the stream clock reaches the end everywhere.
            let end = ISO8601DateFormatter().string(from: start.addingTimeInterval(Double(events.count) * 600 + 86_400))
            for partition in 0..<Int32(ProbeFixture.partitions) {
                records.append(ProducerRecord(topic: "probe.input", partition: partition, key: "tick", value: "{\"tick\":\"\(end)\"}"))
            }
            try await fixture.produceRaw(records)
            // 3,000 totals, plus a daily snapshot per buyer per simulated day on its partition.
            var outputs = try await fixture.collect("probe.totals", unique: events.count)
            let settled = await eventually(timeout: .seconds(20)) {
                let again = (try? await fixture.collect("probe.totals", unique: outputs.count, quiet: .seconds(5))) ?? []
                defer { outputs = again }
                return again.count == outputs.count
            }
            #expect(settled)
            stage.process.signal(SIGTERM)
            #expect(await stage.process.exitStatus() == 0)
            await fixture.shutdown()
            return Dictionary(grouping: outputs, by: \.partition).mapValues { $0.sorted { $0.offset < $1.offset }.compactMap(\.value) }
        }
        let first = try await run()
        let second = try await run()
        #expect(first.values.map(\.count).reduce(0, +) > 3_000, "daily snapshots were emitted")
        #expect(first == second)
    }
}
