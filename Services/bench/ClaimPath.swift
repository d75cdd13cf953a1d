import Domain
import Foundation
import Kafka
import Logging
import Pipeline
import Synchronization

/// Tick → claim filed through three stages on stream clocks: a clock tick takes an invoice past 90 days overdue,
/// monitoring publishes its overdue transition, dunning answers with the level-4 claim trigger, and claims files
/// the claim (`filed` on `claims.events`).
///
/// Monitoring, dunning and claims run as processes with `--clock stream`. Every buyer has an insurer limit, so
/// its invoice is insured. Each invoice is first ticked to 80 days past due (levels 1–3: claims notifies the
/// insurer) and left to settle; the measured tick then takes it to 92 days past due. Latency is the wall time
/// from just before the tick is handed to the producer to the moment a consumer of `claims.events` in the bench
/// polls the `filed` event: for one invoice at a time (`rounds` of them, each on a later date), then for
/// `crowd` invoices of as many buyers crossing on the same tick (time to the first, median and last claim).
struct ClaimPath {
    let rounds: Int
    let crowd: Int
    let partitions: Int
    let logFolder: URL
    let logger: Logger

    struct Result {
        /// Tick → filed of each single-invoice round, in milliseconds, sorted.
        var single: [Double]
        /// Tick → filed of each invoice of the crowd that filed, in milliseconds, sorted.
        var crowd: [Double]
        var crowdInvoices: Int
    }

    static let stages: [Stage] = [.monitoring, .dunning, .claims]

    func run(progress: (String) -> Void) async throws -> Result {
        let cluster = try EmbeddedCluster(brokers: 1, logger: logger)
        try Bench.createTopics(cluster, partitions: partitions)
        let kafka = Bench.kafka(cluster.bootstrapServers)
        let stages = try BenchStages(bootstrap: cluster.bootstrapServers, extraArguments: [], logFolder: logFolder.appendingPathComponent("claimpath"),
                                     clock: "stream")
        do {
            _ = try await stages.startReady(Self.stages)
            progress("monitoring, dunning and claims ready on stream clocks")
            let result = try await measure(kafka: kafka, progress: progress) { for stage in Self.stages { try stages.requireRunning(stage) } }
            let failed = stages.stop()
            await cluster.shutdown()
            if !failed.isEmpty { throw IngestError("stages did not stop cleanly: \(failed)") }
            return result
        } catch {
            stages.stop()
            await cluster.shutdown()
            throw error
        }
    }

    private static func buyer(_ name: String) -> BuyerId { BuyerId("CP-\(name)") }

    /// The insurer limit every buyer holds from `origin` on, so its invoices are insured.
    private static func limit(_ buyer: BuyerId, from origin: CalendarDate) -> EventEnvelope {
        EventEnvelope(id: "\(buyer.rawValue)/limit", source: "insurer/bench", time: Timestamp(date: origin), event: .insurerLimitDecision(
            InsurerLimitDecision(buyerId: buyer, decisionId: "\(buyer.rawValue)-L1", limit: Money(amountMinor: 100_000_000, currency: .usd),
                                 effectiveDate: origin)))
    }

    private static func invoice(_ buyer: BuyerId, issued: CalendarDate) -> EventEnvelope {
        let invoiceId = InvoiceId("\(buyer.rawValue)-INV")
        return EventEnvelope(id: "\(invoiceId)/issued", source: "erp/bench", time: Timestamp(date: issued, hour: 9), event: .invoiceIssued(
            InvoiceIssued(buyerId: buyer, invoiceId: invoiceId, amount: Money(amountMinor: 5_000_000, currency: .usd),
                          issueDate: issued, dueDate: issued.adding(days: 30), termsDays: 30)))
    }

    private func measure(kafka: KafkaConfiguration, progress: (String) -> Void, check: () throws -> Void) async throws -> Result {
        let publisher = try EventPublisher(kafka: kafka, partitions: partitions, source: "bench/clock", logger: logger)
        let consumer = try KafkaConsumer(configuration: ConsumerConfiguration(kafka, groupId: nil), logger: logger)
        try consumer.assign((0..<Int32(partitions)).map {
            TopicPartitionOffset(topic: TopicCatalog.claimsEvents, partition: $0, offset: KafkaOffset.beginning)
        })
        let notified = Mutex<Set<String>>([])
        let filed = Mutex<[String: Double]>([:])
        let done = Atomic<Bool>(false)
        let reader = Task {
            while !done.load(ordering: .acquiring) {
                let polled = (try? await consumer.poll(maxRecords: 5_000, timeout: .milliseconds(10))) ?? []
                let now = Bench.wallMillis()
                for record in polled {
                    guard let envelope = try? record.envelope(), case .claimEvent(let claim) = envelope.event else { continue }
                    for invoice in claim.invoiceIds.map({ $0.rawValue }) {
                        switch claim.state {
                        case .notified: _ = notified.withLock { $0.insert(invoice) }
                        case .filed: filed.withLock { if $0[invoice] == nil { $0[invoice] = now } }
                        default: break
                        }
                    }
                }
            }
        }
        func wait(_ what: String, until condition: () -> Bool) async throws {
            let deadline = ContinuousClock.now + .seconds(120)
            while !condition() {
                try check()
                if ContinuousClock.now > deadline { throw IngestError("claim path: \(what) within 120 s") }
                try await Task.sleep(for: .milliseconds(2))
            }
        }
        do {
            let origin = try CalendarDate("2020-01-01")
            let singles = (0..<rounds).map { Self.buyer("R\($0)") }
            let crowdBuyers = (0..<crowd).map { Self.buyer("C\($0)") }
            _ = try await publisher.publish((singles + crowdBuyers).map { Self.limit($0, from: origin) }, ticks: false,
                                        finalTick: Timestamp(date: origin.adding(days: 1)))
            var single: [Double] = []
            var issued = origin.adding(days: 10)
            for buyer in singles {
                let invoiceId = "\(buyer.rawValue)-INV"
                let due = issued.adding(days: 30)
                _ = try await publisher.publish([Self.invoice(buyer, issued: issued)], ticks: false, finalTick: Timestamp(date: due.adding(days: 80)))
                try await wait("\(invoiceId) was not notified at level 3") { notified.withLock { $0.contains(invoiceId) } }
                try await Task.sleep(for: .milliseconds(300))
                let sent = Bench.wallMillis()
                try await publisher.tick(at: [Timestamp(date: due.adding(days: 92))])
                try await wait("\(invoiceId) was not filed") { filed.withLock { $0[invoiceId] != nil } }
                single.append(filed.withLock { $0[invoiceId]! } - sent)
                issued = issued.adding(days: 130)
            }
            progress("one invoice at a time: \(rounds) rounds, p50 \(Bench.format(Bench.percentile(single.sorted(), 50))) ms, p99 \(Bench.format(Bench.percentile(single.sorted(), 99))) ms")

            let due = issued.adding(days: 30)
            let crowdInvoices = Set(crowdBuyers.map { "\($0.rawValue)-INV" })
            _ = try await publisher.publish(crowdBuyers.map { Self.invoice($0, issued: issued) }, ticks: false, finalTick: Timestamp(date: due.adding(days: 80)))
            try await wait("the crowd's \(crowd) invoices were not all notified") { notified.withLock { crowdInvoices.isSubset(of: $0) } }
            try await Task.sleep(for: .milliseconds(500))
            let sent = Bench.wallMillis()
            try await publisher.tick(at: [Timestamp(date: due.adding(days: 92))])
            try await wait("the crowd's \(crowd) invoices were not all filed") { filed.withLock { $0.keys.filter(crowdInvoices.contains).count == crowd } }
            let crowdLatencies = filed.withLock { $0 }.filter { crowdInvoices.contains($0.key) }.map { $0.value - sent }.sorted()
            progress("\(crowd) invoices at once: first \(Bench.format(crowdLatencies.first ?? .nan)) ms, last \(Bench.format(crowdLatencies.last ?? .nan)) ms")
            done.store(true, ordering: .releasing)
            _ = await reader.value
            await consumer.close()
            await publisher.close()
            return Result(single: single.sorted(), crowd: crowdLatencies, crowdInvoices: crowd)
        } catch {
            done.store(true, ordering: .releasing)
            _ = await reader.value
            await consumer.close()
            await publisher.close()
            throw error
        }
    }
}
