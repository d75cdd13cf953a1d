import Domain
import Foundation
import Kafka
import Runtime
import TestSupport
import Testing

/// An embedded cluster with every catalog topic, the stages started as separate processes, and
/// helpers to send domain events in and read them out the way other teams would.
struct PipelineFixture {
    static let partitions = 4
    let test: TestCluster

    init() throws {
        var topics: [String: Int] = [:]
        for topic in TopicCatalog(partitions: Self.partitions).topics { topics[topic.name] = topic.partitions }
        test = try TestCluster(brokers: 1, topics: topics)
    }

    var bootstrap: String { test.cluster.bootstrapServers }

    /// Starts `credence-<stage>` and waits until it is ready.
    func start(_ stage: String, _ extra: [String] = []) async throws -> ChildProcess {
        try await startServing(stage, extra).process
    }

    /// Starts `credence-<stage>`, waits until it is ready, and returns it with its ops port (`/metrics`).
    func startServing(_ stage: String, _ extra: [String] = []) async throws -> (process: ChildProcess, port: Int) {
        let (process, port) = try await launch(stage, extra)
        let ready = await eventually(timeout: .seconds(60)) { await HTTPProbe.get(port: port, "/readyz")?.status == 200 }
        #expect(ready, "credence-\(stage) became ready")
        return (process, port)
    }

    /// Starts `credence-<stage>` and returns it with its ops port once it listens, without waiting until it is ready.
    func launch(_ stage: String, _ extra: [String] = []) async throws -> (process: ChildProcess, port: Int) {
        let process = try ChildProcess("credence-\(stage)", [
            "--bootstrap-servers", bootstrap, "--http-port", "0", "--http-host", "127.0.0.1", "--log-level", "warning",
        ] + extra)
        let started = try #require(await process.line(timeout: .seconds(60)) { $0.contains(" started: ") },
                                   "credence-\(stage) did not start: \(process.standardError.suffix(3_000))")
        let port = try #require(started.split(separator: ":").last.flatMap { Int($0) })
        return (process, port)
    }

    /// Sends events, each to its topic, keyed by its buyer (in order per buyer).
    func send(_ envelopes: [EventEnvelope]) async throws {
        let producer = try test.producer()
        let records = try envelopes.map { try ProducerRecord($0) }
        _ = try await producer.send(records)
        await producer.close()
    }

    /// Sends a stream-clock tick to every partition of `topic`.
    func tick(_ time: Timestamp, on topic: String = TopicCatalog.erpInvoices) async throws {
        let producer = try test.producer()
        for partition in 0..<Self.partitions {
            let tick = EventEnvelope(id: "tick-\(time.millisecondsSinceEpoch)-\(partition)", source: "test/clock", time: time,
                                     event: .clockTick(ClockTick(buyerId: BuyerId("clock-\(partition)"), time: time, partition: partition)))
            var record = try ProducerRecord(tick, partition: Int32(partition))
            record.topic = topic
            _ = try await producer.send(record)
        }
        await producer.close()
    }

    /// Reads `topic` whole until `condition` holds on the decoded events (or `timeout`), and returns them.
    func read(_ topic: String, timeout: Duration = .seconds(60), until condition: ([EventEnvelope]) -> Bool) async throws -> [EventEnvelope] {
        let consumer = try test.consumer(group: nil)
        try consumer.assign((0..<Int32(Self.partitions)).map { TopicPartitionOffset(topic: topic, partition: $0, offset: KafkaOffset.beginning) })
        var events: [EventEnvelope] = []
        let deadline = ContinuousClock.now + timeout
        while !condition(events), ContinuousClock.now < deadline {
            for record in try await consumer.poll(maxRecords: 1_000, timeout: .milliseconds(200)) {
                if let envelope = try? record.envelope() { events.append(envelope) }
            }
        }
        await consumer.close()
        return events
    }

    /// Reads a dead-letter topic whole until `count` records arrived (or `timeout`).
    func deadLetters(_ stage: String, count: Int) async throws -> [ConsumerRecord] {
        try await test.readAll(TopicCatalog.deadLetter(Stage(rawValue: stage)!), partitions: Self.partitions, count: count, timeout: .seconds(60))
    }

    func stop(_ processes: [ChildProcess]) async {
        for process in processes { process.signal(SIGTERM) }
        for process in processes { #expect(await process.exitStatus() == 0, "clean exit: \(process.standardError.suffix(2_000))") }
        await test.shutdown()
    }
}

/// Builds input events the way an ERP or data provider would send them.
enum Given {
    static let usd = Currency.usd

    static func money(_ units: Int64) -> Money { Money(amountMinor: units * 100, currency: usd) }

    static func at(_ date: String) -> Timestamp { Timestamp(date: try! CalendarDate(date)) }

    static func envelope(_ event: DomainEvent, id: String, on date: String, source: String = "erp/test") -> EventEnvelope {
        EventEnvelope(id: id, source: source, time: at(date), event: event)
    }
}
