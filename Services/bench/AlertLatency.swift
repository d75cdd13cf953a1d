import Domain
import Foundation
import Kafka
import Logging
import Pipeline
import Synchronization

/// Invoice event → alert latency at fixed rates, with all four stages running as processes on wall clocks.
///
/// The load is a stream of invoice events on `erp.invoices`: `invoice.issued` events, and ~0.5 s after each its
/// `invoice.disputed`. Every stage consumes `erp.invoices` (scoring, monitoring, dunning and claims all keep
/// the invoice in their state, and scoring's reassessments flow on to monitoring and claims), and the dispute
/// makes monitoring raise `dispute.opened` on `credence.alerts`. The latency of a dispute is the wall-clock time
/// from just before the benchmark hands it to its producer to the moment a consumer of `credence.alerts` polled
/// the alert it caused.
struct AlertLatency {
    let rates: [Int]
    let seconds: Int
    let buyers: Int
    let partitions: Int
    let logFolder: URL
    let logger: Logger

    struct Row {
        var rate: Int
        var sentEvents: Int
        var achievedRate: Double
        var disputes: Int
        var alerts: Int
        var p50: Double
        var p99: Double
        var p999: Double
        var max: Double
    }

    func run(progress: (String) -> Void) async throws -> [Row] {
        let cluster = try EmbeddedCluster(brokers: 1, logger: logger)
        try Bench.createTopics(cluster, partitions: partitions)
        let kafka = Bench.kafka(cluster.bootstrapServers)
        let stages = try BenchStages(bootstrap: cluster.bootstrapServers, extraArguments: [], logFolder: logFolder.appendingPathComponent("latency"))
        var rows: [Row] = []
        do {
            _ = try await stages.startReady(Stage.allCases)
            progress("four stages ready")
            for rate in rates {
                let row = try await measure(rate: rate, kafka: kafka) { for stage in Stage.allCases { try stages.requireRunning(stage) } }
                progress("\(rate)/s: p50 \(Bench.format(row.p50)) ms, p99 \(Bench.format(row.p99)) ms, p99.9 \(Bench.format(row.p999)) ms (\(row.alerts)/\(row.disputes) alerts)")
                rows.append(row)
            }
        } catch {
            stages.stop()
            await cluster.shutdown()
            throw error
        }
        let failed = stages.stop()
        await cluster.shutdown()
        if !failed.isEmpty { throw IngestError("stages did not stop cleanly: \(failed)") }
        return rows
    }

    /// The events of one rate step: issued(i) at slot 2i, disputed(i) at slot 2(i + lag) + 1 (`lag` invoices ≈ 0.5 s later).
    private func schedule(rate: Int) throws -> (records: [ProducerRecord], disputeOf: [Int: String]) {
        let total = rate * seconds
        let invoices = total / 2
        let lag = max(1, rate / 4)
        let today = Timestamp(Date()).calendarDate
        var records = [ProducerRecord?](repeating: nil, count: total + 2 * lag + 2)
        var disputeOf: [Int: String] = [:]
        for i in 0..<invoices {
            let buyer = BuyerId("LB\(rate)-\(String(format: "%05d", i % buyers))")
            let invoiceId = InvoiceId("\(buyer.rawValue)-INV-\(i)")
            let issued = EventEnvelope(id: "\(invoiceId)/issued", source: "erp/bench", time: Timestamp(Date()), event: .invoiceIssued(InvoiceIssued(
                buyerId: buyer, invoiceId: invoiceId, amount: Money(amountMinor: 1_000_000 + Int64(i % 1000) * 100, currency: .usd),
                issueDate: today, dueDate: today.adding(days: 30), termsDays: 30)))
            let disputed = EventEnvelope(id: "\(invoiceId)/disputed", source: "erp/bench", time: Timestamp(Date()), event: .invoiceDisputed(InvoiceDisputed(
                buyerId: buyer, invoiceId: invoiceId, reason: "goods damaged in transit", date: today)))
            records[2 * i] = try ProducerRecord(issued)
            records[2 * (i + lag) + 1] = try ProducerRecord(disputed)
            disputeOf[2 * (i + lag) + 1] = invoiceId.rawValue
        }
        var compact: [ProducerRecord] = []
        var disputes: [Int: String] = [:]
        for (slot, record) in records.enumerated() {
            guard let record else { continue }
            if let invoice = disputeOf[slot] { disputes[compact.count] = invoice }
            compact.append(record)
        }
        return (compact, disputes)
    }

    /// Hands a record to the producer; false when its queue is full and the record should be offered again.
    private static func offer(_ record: ProducerRecord, to producer: KafkaProducer) throws(KafkaError) -> Bool {
        do throws(KafkaError) {
            try producer.produce(record) { _ in }
            return true
        } catch {
            if error.isRetriable { return false }
            throw error
        }
    }

    private func measure(rate: Int, kafka: KafkaConfiguration, check: () throws -> Void) async throws -> Row {
        let (records, disputeOf) = try schedule(rate: rate)
        let producer = try KafkaProducer(configuration: ProducerConfiguration(kafka), logger: logger)
        let consumer = try KafkaConsumer(configuration: ConsumerConfiguration(kafka, groupId: nil), logger: logger)
        let alertsTopic = TopicCatalog.alerts
        var starts: [TopicPartitionOffset] = []
        for partition in 0..<Int32(partitions) {
            let high = try await consumer.watermarks(TopicPartition(alertsTopic, partition)).high
            starts.append(TopicPartitionOffset(topic: alertsTopic, partition: partition, offset: high))
        }
        try consumer.assign(starts)
        let sentAt = Mutex<[String: Double]>([:])
        let arrivals = Mutex<[String: Double]>([:])
        let done = Atomic<Bool>(false)
        let expected = disputeOf.count
        let reader = Task {
            while !done.load(ordering: .acquiring) {
                let polled = (try? await consumer.poll(maxRecords: 5_000, timeout: .milliseconds(20))) ?? []
                let now = Bench.wallMillis()
                for record in polled {
                    guard let envelope = try? record.envelope(),
                          case .alert(let alert) = envelope.event, alert.alertType == .disputeOpened,
                          let invoice = alert.invoiceId?.rawValue else { continue }
                    arrivals.withLock { if $0[invoice] == nil { $0[invoice] = now } }
                }
            }
        }
        // The measuring clients connect before the first event is sent, so their own start-up (metadata, the
        // idempotent producer's id, the consumer's first fetch) is not counted as the pipeline's latency.
        await producer.prepare(topics: [TopicCatalog.erpInvoices])
        let warmUp = ContinuousClock.now + .seconds(1)
        while ContinuousClock.now < warmUp { try await Task.sleep(for: .milliseconds(50)) }
        // Paced sending: every millisecond, whatever is due by then.
        let begin = ContinuousClock.now
        var index = 0
        while index < records.count {
            let due = min(records.count, Int(Bench.seconds(ContinuousClock.now - begin) * Double(rate)) + 1)
            while index < due {
                let record = records[index]
                if let invoice = disputeOf[index] { sentAt.withLock { $0[invoice] = Bench.wallMillis() } }
                if try Self.offer(record, to: producer) {
                    index += 1
                } else {
                    try await Task.sleep(for: .microseconds(200))
                }
            }
            if index % max(1, rate) == 0 { try check() }
            try await Task.sleep(for: .milliseconds(1))
        }
        let sendSeconds = Bench.seconds(ContinuousClock.now - begin)
        try await producer.flush(timeout: .seconds(60))
        let deadline = ContinuousClock.now + .seconds(60)
        while arrivals.withLock({ $0.count }) < expected, ContinuousClock.now < deadline {
            try check()
            try await Task.sleep(for: .milliseconds(100))
        }
        done.store(true, ordering: .releasing)
        _ = await reader.value
        await consumer.close()
        await producer.close()
        let sent = sentAt.withLock { $0 }
        let latencies = arrivals.withLock { $0 }.compactMap { invoice, arrived in sent[invoice].map { arrived - $0 } }.sorted()
        if let path = ProcessInfo.processInfo.environment["CREDENCE_BENCH_SAMPLES"] {
            let lines = arrivals.withLock { $0 }.compactMap { invoice, arrived in sent[invoice].map { (Int64($0), arrived - $0) } }.sorted { $0.0 < $1.0 }
            try? lines.map { "\($0.0) \($0.1)" }.joined(separator: "\n").write(toFile: "\(path)-\(rate)", atomically: true, encoding: .utf8)
        }
        return Row(rate: rate, sentEvents: records.count, achievedRate: Double(records.count) / sendSeconds, disputes: expected,
                   alerts: latencies.count, p50: Bench.percentile(latencies, 50), p99: Bench.percentile(latencies, 99),
                   p999: Bench.percentile(latencies, 99.9), max: latencies.last ?? .nan)
    }
}
