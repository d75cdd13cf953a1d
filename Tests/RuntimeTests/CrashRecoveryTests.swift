import Foundation
import Kafka
import TestSupport
import Testing

@Suite("Stage runtime: crashes, shutdowns and broker outages", .serialized)
struct CrashRecoveryTests {
    /// Without transactions (outputs, then changelog, then offsets; consumers skip repeated ids) and with them
    /// (`--transactions on`: each batch's outputs, changelog and offsets in one Kafka transaction).
    @Test(arguments: [[], ["--transactions", "on"]])
    func aKilledInstanceIsTakenOverAndEveryEffectAppearsExactlyOnce(_ options: [String]) async throws {
        let fixture = try ProbeFixture()
        let a = try await fixture.startStage("a", options)
        let b = try await fixture.startStage("b", options)
        #expect(await fixture.waitReady(a))
        #expect(await fixture.waitReady(b))

        let events = ProbeEvent.stream(count: 20_000, buyers: 60)
        try await fixture.produce(Array(events[..<6_000]))
        try await Task.sleep(for: .milliseconds(500))
        a.process.signal(SIGKILL)
        try await fixture.produce(Array(events[6_000...]))

        let outputs = try await fixture.collect("probe.totals", unique: events.count)
        let problems = exactlyOnceProblems(inputs: events, outputs: outputs)
        #expect(problems.isEmpty, "\(problems.prefix(5))")
        let readiness = await HTTPProbe.get(port: b.port, "/readyz")
        #expect(readiness?.status == 200)
        #expect(readiness?.body.contains("assigned 6 partitions") == true, "the survivor owns every partition: \(readiness?.body ?? "-")")
        let metrics = await HTTPProbe.get(port: b.port, "/metrics")?.body ?? ""
        let transactions = HTTPProbe.sample(metrics, #"credence_transactions_committed_total{stage="probe"}"#) ?? 0
        #expect(options.isEmpty ? transactions == 0 : transactions > 0, "batches committed in transactions: \(transactions)")
        b.process.signal(SIGTERM)
        #expect(await b.process.exitStatus() == 0)
        await fixture.shutdown()
    }

    @Test func sigtermDrainsCommitsAndLeavesTheGroupPromptly() async throws {
        let fixture = try ProbeFixture()
        // librdkafka 2.0.2's mock coordinator waits about a session timeout before it completes any rebalance.
        // With a LeaveGroup the takeover starts at once (≈ 1 × 15 s); a member that just vanished is first
        // waited for until its session expires (≈ 2 × 15 s). So "promptly" here means well under 30 s.
        let session = ["--kafka", "session.timeout.ms=15000"]
        let a = try await fixture.startStage("a", session)
        let b = try await fixture.startStage("b", session)
        #expect(await fixture.waitReady(a))
        #expect(await fixture.waitReady(b))

        let events = ProbeEvent.stream(count: 8_000, buyers: 40)
        try await fixture.produce(Array(events[..<3_000]))
        let stopped = ContinuousClock.now
        a.process.signal(SIGTERM)
        try await fixture.produce(Array(events[3_000...]))
        #expect(await a.process.exitStatus(timeout: .seconds(40)) == 0, "exit 0 after draining: \(a.process.standardError.suffix(2_000))")
        let tookOver = await eventually(timeout: .seconds(60)) {
            await HTTPProbe.get(port: b.port, "/readyz")?.body.contains("assigned 6 partitions") == true
        }
        #expect(tookOver)
        #expect(ContinuousClock.now - stopped < .seconds(24), "the group was left: taken over well before two session timeouts")

        let outputs = try await fixture.collect("probe.totals", unique: events.count)
        let problems = exactlyOnceProblems(inputs: events, outputs: outputs)
        #expect(problems.isEmpty, "\(problems.prefix(5))")
        b.process.signal(SIGTERM)
        #expect(await b.process.exitStatus() == 0)
        await fixture.shutdown()
    }

    @Test func aBrokerDownForTenSecondsUnderLoadLosesNothing() async throws {
        let fixture = try ProbeFixture(brokers: 3, replicationFactor: 3)
        let stage = try await fixture.startStage("a")
        #expect(await fixture.waitReady(stage))
        let events = ProbeEvent.stream(count: 9_000, buyers: 50)
        try await fixture.produce(Array(events[..<3_000]))
        try fixture.test.cluster.setBrokerDown(2)
        let outage = Task {
            try await Task.sleep(for: .seconds(10))
            try fixture.test.cluster.setBrokerUp(2)
        }
        try await fixture.produce(Array(events[3_000...]))
        try await outage.value

        let outputs = try await fixture.collect("probe.totals", unique: events.count)
        let problems = exactlyOnceProblems(inputs: events, outputs: outputs)
        #expect(problems.isEmpty, "\(problems.prefix(5))")
        stage.process.signal(SIGTERM)
        #expect(await stage.process.exitStatus() == 0)
        await fixture.shutdown()
    }

    @Test func deliveriesFailingPastTheirTimeoutAreRetriedWithBackoffAndNothingIsLost() async throws {
        let fixture = try ProbeFixture(brokers: 3, replicationFactor: 3)
        // Half the output partitions led by broker 2, which then goes away for longer than the stage's message
        // timeout; the other half, inputs, changelog and dead letters stay on broker 1, with the group's coordinator.
        for partition in 0..<Int32(ProbeFixture.partitions) {
            try fixture.test.cluster.setPartitionLeader(TopicPartition("probe.totals", partition), broker: partition % 2 == 0 ? 2 : 1)
            for topic in ["probe.input", "probe.changelog", "probe.dlq"] {
                try fixture.test.cluster.setPartitionLeader(TopicPartition(topic, partition), broker: 1)
            }
        }
        try fixture.test.cluster.setGroupCoordinator(group: "credence-probe", broker: 1)
        let stage = try await fixture.startStage("a", ["--kafka", "message.timeout.ms=1500"])
        #expect(await fixture.waitReady(stage))
        let events = ProbeEvent.stream(count: 2_000, buyers: 20)
        try fixture.test.cluster.setBrokerDown(2)
        try await fixture.produce(Array(events[..<1_000]))
        // Broker 2 stays away until the stage has seen deliveries fail past their timeout (1.5 s) and begun to retry
        // them — at least 6 s, and however long a loaded machine takes to get there.
        try await Task.sleep(for: .seconds(6))
        _ = await eventually(timeout: .seconds(60)) { stage.process.standardError.contains("delivery failed, retrying") }
        try fixture.test.cluster.setBrokerUp(2)
        try await fixture.produce(Array(events[1_000...]))

        let outputs = try await fixture.collect("probe.totals", unique: events.count)
        let problems = exactlyOnceProblems(inputs: events, outputs: outputs)
        #expect(problems.isEmpty, "\(problems.prefix(5))")
        #expect(stage.process.standardError.contains("delivery failed, retrying"), "the backoff path ran")
        // Only the records whose delivery failed are sent again: those delivered to broker 1 appear once.
        let copied = Dictionary(grouping: TotalOutput.decode(outputs), by: \.id).filter { $0.value.count > 1 }.keys.sorted()
        #expect(copied.count == 0, "outputs written more than once, e.g. \(copied.prefix(3))")
        stage.process.signal(SIGTERM)
        #expect(await stage.process.exitStatus() == 0)
        await fixture.shutdown()
    }
}
