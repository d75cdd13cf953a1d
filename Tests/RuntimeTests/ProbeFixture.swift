import Foundation
import Kafka
import TestSupport
import Testing

/// One input of the probe stage: an amount for a buyer, maybe with an event time.
struct ProbeEvent: Sendable {
    var id: String
    var buyer: String
    var amount: Int64
    var time: String?

    var json: String {
        "{\"id\":\"\(id)\",\"buyerId\":\"\(buyer)\",\"amountMinor\":\(amount)\(time.map { ",\"time\":\"\($0)\"" } ?? "")}"
    }

    /// `count` events over `buyers` buyers with amounts from a fixed sequence (reproducible).
    static func stream(count: Int, buyers: Int, prefix: String = "e") -> [ProbeEvent] {
        var seed: UInt64 = 0x9E37_79B9_7F4A_7C15
        return (0..<count).map { index in
            seed = seed &* 6364136223846793005 &+ 1442695040888963407
            return ProbeEvent(id: "\(prefix)-\(index)", buyer: "buyer-\(index % buyers)", amount: Int64(seed >> 40) % 100_000 + 1)
        }
    }
}

/// An embedded cluster with the probe stage's topics, and the probe stage started as separate processes.
struct ProbeFixture {
    static let partitions = 6
    let test: TestCluster

    init(brokers: Int = 1, replicationFactor: Int = 1) throws {
        test = try TestCluster(
            brokers: brokers,
            topics: ["probe.input": Self.partitions, "probe.totals": Self.partitions, "probe.changelog": Self.partitions, "probe.dlq": Self.partitions],
            replicationFactor: replicationFactor
        )
    }

    /// A started probe stage and the port of its ops listener.
    struct Stage {
        let process: ChildProcess
        let port: Int
    }

    func startStage(_ instance: String, _ extra: [String] = []) async throws -> Stage {
        let process = try ChildProcess("credence-probe", [
            "--bootstrap-servers", test.cluster.bootstrapServers, "--http-port", "0", "--http-host", "127.0.0.1",
            "--instance-id", instance, "--log-level", "warning", "--grace-period", "20",
        ] + extra)
        let started = try #require(await process.line(timeout: .seconds(90)) { $0.contains(" started: ") }, "stage \(instance) did not start: \(process.standardError)")
        let port = try #require(started.split(separator: ":").last.flatMap { Int($0) }, "no port in '\(started)'")
        return Stage(process: process, port: port)
    }

    func waitReady(_ stage: Stage, timeout: Duration = .seconds(60)) async -> Bool {
        await eventually(timeout: timeout) { await HTTPProbe.get(port: stage.port, "/readyz")?.status == 200 }
    }

    func produce(_ events: [ProbeEvent]) async throws {
        let producer = try test.producer()
        for chunk in stride(from: 0, to: events.count, by: 500) {
            let records = events[chunk..<min(chunk + 500, events.count)].map {
                ProducerRecord(topic: "probe.input", key: $0.buyer, value: $0.json)
            }
            _ = try await producer.send(Array(records))
        }
        await producer.close()
    }

    func produceRaw(_ records: [ProducerRecord]) async throws {
        let producer = try test.producer()
        _ = try await producer.send(records)
        await producer.close()
    }

    /// Reads `topic` whole until `unique` distinct `ce_id`s arrived, then a little longer for stragglers.
    /// It gives up once no new id arrived for `quiet`: a stage that stopped fails the test, while one that is only
    /// slow on a loaded machine (the suite shares two cores with every other test's stages) is given the time it needs.
    func collect(_ topic: String, unique: Int, quiet: Duration = .seconds(120)) async throws -> [ConsumerRecord] {
        let consumer = try test.consumer(group: nil)
        try consumer.assign((0..<Int32(Self.partitions)).map { TopicPartitionOffset(topic: topic, partition: $0, offset: KafkaOffset.beginning) })
        var records: [ConsumerRecord] = []
        var ids = Set<String>()
        var lastNew = ContinuousClock.now
        while ids.count < unique, ContinuousClock.now - lastNew < quiet {
            let batch = try await consumer.poll(maxRecords: 10_000, timeout: .milliseconds(200))
            records += batch
            let before = ids.count
            for record in batch { ids.insert(record.header("ce_id")?.stringValue ?? "offset-\(record.partition)-\(record.offset)") }
            if ids.count > before { lastNew = ContinuousClock.now }
        }
        records += try await consumer.poll(maxRecords: 10_000, timeout: .milliseconds(1500))
        await consumer.close()
        return records
    }

    func shutdown() async { await test.shutdown() }
}

/// The per-input outputs of the probe (its daily snapshots left out), decoded.
struct TotalOutput: Equatable {
    var id: String
    var buyer: String
    var cause: String
    var total: Int64
    var count: Int

    static func decode(_ records: [ConsumerRecord]) -> [TotalOutput] {
        records.compactMap { record in
            guard let value = record.value,
                  let object = try? JSONSerialization.jsonObject(with: Data(value)) as? [String: Any],
                  object["daily"] == nil,
                  let id = object["id"] as? String, let buyer = object["buyerId"] as? String, let cause = object["cause"] as? String,
                  let total = (object["total"] as? NSNumber)?.int64Value, let count = (object["count"] as? NSNumber)?.intValue
            else { return nil }
            return TotalOutput(id: id, buyer: buyer, cause: cause, total: total, count: count)
        }
    }
}

/// Checks that every input's effect appears exactly once downstream: after skipping repeated ids (as a
/// consuming stage does), each buyer's totals are the running sums of its inputs, in order, with none
/// missing and none applied twice. Returns the problems found.
func exactlyOnceProblems(inputs: [ProbeEvent], outputs records: [ConsumerRecord]) -> [String] {
    var problems: [String] = []
    var byID: [String: TotalOutput] = [:]
    for output in TotalOutput.decode(records) {
        if let earlier = byID[output.id], earlier != output {
            problems.append("id \(output.id) emitted twice with different content: \(earlier) vs \(output)")
        }
        byID[output.id] = output
    }
    let perBuyer = Dictionary(grouping: byID.values, by: \.buyer)
    let inputsPerBuyer = Dictionary(grouping: inputs, by: \.buyer)
    for (buyer, events) in inputsPerBuyer {
        let outputs = (perBuyer[buyer] ?? []).sorted { $0.count < $1.count }
        if outputs.map(\.count) != Array(1...events.count) {
            problems.append("\(buyer): counts \(outputs.count) outputs, expected 1...\(events.count)")
            continue
        }
        var running: Int64 = 0
        for (event, output) in zip(events, outputs) {
            running += event.amount
            if output.total != running || output.cause != event.id {
                problems.append("\(buyer): output \(output.count) is \(output.total) for \(output.cause), expected \(running) for \(event.id)")
                break
            }
        }
    }
    if byID.count != inputs.count { problems.append("\(byID.count) distinct outputs for \(inputs.count) inputs") }
    return problems
}
