import Domain
import Foundation
import Kafka
import Monitoring
import TestSupport
import Testing

/// `credence_consumer_lag` is what lag alerts and KEDA scale on: after a restart or a rebalance it must say what
/// the group still has to read on the partitions the instance owns, and nothing about the others.
@Suite("Consumer lag gauges across restarts and rebalances", .serialized)
struct LagGaugeTests {
    /// The `credence_consumer_lag` series of one instance: (topic, partition) → value.
    static func lagGauges(port: Int) async -> [String: Double] {
        guard let body = await HTTPProbe.get(port: port, "/metrics")?.body else { return [:] }
        var gauges: [String: Double] = [:]
        for line in body.split(separator: "\n") where line.hasPrefix("credence_consumer_lag{") {
            let labels = line.drop(while: { $0 != "{" }).prefix(while: { $0 != "}" })
            func label(_ name: String) -> String {
                guard let range = labels.range(of: "\(name)=\"") else { return "?" }
                return String(labels[range.upperBound...].prefix(while: { $0 != "\"" }))
            }
            gauges["\(label("topic"))/\(label("partition"))"] = line.split(separator: " ").last.flatMap { Double($0) }
        }
        return gauges
    }

    static func partitions(_ gauges: [String: Double]) -> Set<String> {
        Set(gauges.keys.compactMap { $0.split(separator: "/").last.map(String.init) })
    }

    static func assigned(port: Int) async -> Double? {
        guard let body = await HTTPProbe.get(port: port, "/metrics")?.body else { return nil }
        return HTTPProbe.sample(body, #"credence_partitions_assigned{stage="monitoring"}"#)
    }

    @Test func lagIsTheCommittedBacklogOfOwnedPartitionsOnlyAfterScalingOutAndInAndAfterARestart() async throws {
        let pipeline = try PipelineFixture()
        let inputs = MonitoringProcessor(policy: .defaults).inputTopics.count // erp.invoices, erp.orders, credit.assessments, dunning.actions, buyer.signals
        let all = Set((0..<PipelineFixture.partitions).map(String.init))
        let first = try await pipeline.startServing("monitoring")
        let invoices = (0..<40).map { HostileInputTests.invoice("G-\($0)", 1) }
        try await pipeline.send(invoices)
        _ = try await pipeline.read(TopicCatalog.receivablesPositions) { events in
            Set(events.compactMap { $0.position?.buyerId.rawValue }).count == 40
        }
        // One instance: every partition of every input, and nothing left to read once its positions are out.
        let settled = await eventually(timeout: .seconds(30)) {
            let gauges = await Self.lagGauges(port: first.port)
            return gauges.count == inputs * all.count && gauges.values.allSatisfy { $0 == 0 }
        }
        let alone = await Self.lagGauges(port: first.port)
        #expect(settled, "one instance: \(alone)")

        // Two instances: each reports only the partitions it owns, together all of them, none twice.
        let second = try await pipeline.startServing("monitoring")
        #expect(await eventually(timeout: .seconds(60)) {
            let a = await Self.assigned(port: first.port), b = await Self.assigned(port: second.port)
            return a != nil && b != nil && a! > 0 && b! > 0 && a! + b! == Double(all.count)
        })
        let divided = await eventually(timeout: .seconds(30)) {
            let a = await Self.lagGauges(port: first.port), b = await Self.lagGauges(port: second.port)
            return Self.partitions(a).isDisjoint(with: Self.partitions(b)) && Self.partitions(a).union(Self.partitions(b)) == all
                && a.count + b.count == inputs * all.count
        }
        let a = await Self.lagGauges(port: first.port), b = await Self.lagGauges(port: second.port)
        #expect(divided, "first \(a) second \(b)")
        let split = a.merging(b) { $0 + $1 }
        #expect(split.values.allSatisfy { $0 == 0 }, "nothing new was sent, so nothing is behind: \(split)")

        // Back to one: the partitions the first instance takes back report the committed backlog (none), not the whole partition.
        second.process.signal(SIGTERM)
        #expect(await second.process.exitStatus() == 0)
        #expect(await eventually(timeout: .seconds(60)) { await Self.lagGauges(port: first.port).count == inputs * all.count })
        let back = await Self.lagGauges(port: first.port)
        #expect(back.values.allSatisfy { $0 == 0 }, "after scaling in: \(back)")

        // A restarted instance: no new record, so no lag — before any record arrives.
        first.process.signal(SIGTERM)
        #expect(await first.process.exitStatus() == 0)
        let restarted = try await pipeline.startServing("monitoring")
        #expect(await eventually(timeout: .seconds(60)) { await Self.lagGauges(port: restarted.port).count == inputs * all.count })
        let afterRestart = await Self.lagGauges(port: restarted.port)
        #expect(afterRestart.values.allSatisfy { $0 == 0 }, "after a restart: \(afterRestart)")
        #expect(afterRestart[TopicCatalog.erpInvoices + "/0"] != nil)

        // And what is sent now shows as lag only until it is processed.
        try await pipeline.send((40..<60).map { HostileInputTests.invoice("G-\($0)", 1) })
        #expect(await eventually(timeout: .seconds(60)) {
            let gauges = await Self.lagGauges(port: restarted.port)
            return gauges.count == inputs * all.count && gauges.values.allSatisfy { $0 == 0 }
        })
        await pipeline.stop([restarted.process])
    }
}
