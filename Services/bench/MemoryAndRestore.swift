import Domain
import Foundation
import Kafka
import Logging
import Monitoring
import Pipeline
import Runtime

/// Peak memory of a monitoring process holding `buyers × perBuyer` open invoices, then the time a fresh
/// monitoring process takes to restore the changelog that run wrote.
///
/// The invoices arrive round-robin (invoice 0 of every buyer, then invoice 1, …) so that one batch never holds
/// two events of one buyer: every event rewrites its buyer's state, one changelog record each — `buyers ×
/// perBuyer` state records in all, plus a checkpoint per partition and batch. The partition count is chosen
/// so that every changelog and input partition stays inside the embedded broker's window (5 MiB / 100,000
/// message sets per partition), which the run checks afterwards (no partition's low watermark above 0).
struct MemoryAndRestore {
    let buyers: Int
    let perBuyer: Int
    let partitions: Int
    let maxBatch: Int
    let logFolder: URL
    let logger: Logger

    struct Result {
        var invoices: Int
        var partitions: Int
        var processSeconds: Double
        var peakRSS: Int64
        var finalRSS: Int64
        var changelogRecords: Int64
        var changelogTruncated: Bool
        var inputTruncated: Bool
        var restoreMetricSeconds: Double
        var startToReadySeconds: Double
        var restoredPeakRSS: Int64
        var restoredRate: Double { Double(changelogRecords) / restoreMetricSeconds }
    }

    /// The partition count that keeps every changelog partition under ~3.5 MiB: encodes a sample buyer's state
    /// as the monitoring stage would after each of its invoices (plus the runtime's per-key bookkeeping).
    static func partitions(buyers: Int, perBuyer: Int) throws -> (partitions: Int, changelogBytes: Double, inputBytes: Double) {
        let events = Array(BenchEvents(daysBack: 40).openInvoices(buyers: 1, perBuyer: perBuyer))
        let processor = MonitoringProcessor(policy: .defaults)
        var state: BuyerMonitor?
        var stateBytes = 0.0
        var inputBytes = 0.0
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        for (index, event) in events.enumerated() {
            let context = ProcessingContext(now: Date(), key: event.buyerId.rawValue, causeID: event.id, partition: 0)
            state = processor.process(state: state, input: event, context: context).state
            // KeyEntry: the state, one applied offset per topic, and up to 64 remembered 64-bit id hashes.
            stateBytes += Double(try encoder.encode(state).count + 60 + 21 * min(64, index + 1))
            let record = try ProducerRecord(event)
            inputBytes += Double((record.value?.count ?? 0) + record.headers.reduce(0) { $0 + $1.key.count + ($1.value?.count ?? 0) } + 40)
        }
        let changelog = stateBytes * Double(buyers)
        let input = inputBytes * Double(buyers)
        let needed = max(changelog, input) / (3.5 * 1_048_576)
        return (max(48, Int((needed / 16).rounded(.up)) * 16), changelog, input)
    }

    func run(progress: (String) -> Void) async throws -> Result {
        let cluster = try EmbeddedCluster(brokers: 1, logger: logger)
        try Bench.createTopics(cluster, partitions: partitions)
        let kafka = Bench.kafka(cluster.bootstrapServers)
        let invoices = buyers * perBuyer
        do {
            let stages = try BenchStages(bootstrap: cluster.bootstrapServers, extraArguments: ["--max-batch", String(maxBatch)],
                                         logFolder: logFolder.appendingPathComponent("memory"))
            defer { stages.stop() }
            let port = try await stages.start(.monitoring)
            _ = try await Bench.waitReady(port: port, timeout: .seconds(120)) { try stages.requireRunning(.monitoring) }
            progress("monitoring ready on \(partitions) partitions; sending \(invoices) open invoices")
            // Sent while the stage consumes, in chunks, so the producer never holds them all.
            let producer = try KafkaProducer(configuration: ProducerConfiguration(kafka), logger: logger)
            let started = ContinuousClock.now
            var chunk: [ProducerRecord] = []
            var sent = 0
            for event in BenchEvents(daysBack: 40).openInvoices(buyers: buyers, perBuyer: perBuyer) {
                chunk.append(try ProducerRecord(event))
                if chunk.count == 20_000 {
                    _ = try await producer.send(chunk)
                    sent += chunk.count
                    chunk.removeAll(keepingCapacity: true)
                    try stages.requireRunning(.monitoring)
                    if sent % 200_000 == 0 { progress("sent \(sent)") }
                }
            }
            if !chunk.isEmpty { _ = try await producer.send(chunk) }
            await producer.close()
            let pid = stages.pid(.monitoring)!
            var peak: Int64 = 0
            while true {
                try stages.requireRunning(.monitoring)
                if let memory = Bench.memory(pid: pid) { peak = max(peak, memory.peak) }
                if let metrics = await Bench.get(port: port, "/metrics")?.body,
                   Bench.metricSum(metrics, "credence_records_consumed_total{stage=\"monitoring\",topic=\"erp.invoices\"}") >= Double(invoices)
                    || Bench.metricSum(metrics, "credence_records_consumed_total") >= Double(invoices) {
                    break
                }
                if ContinuousClock.now - started > .seconds(1800) { throw IngestError("monitoring did not process the invoices within 1800 s") }
                try await Task.sleep(for: .milliseconds(200))
            }
            let processSeconds = Bench.seconds(ContinuousClock.now - started)
            // Let the global table and allocator settle, then read the peak once more.
            try await Task.sleep(for: .seconds(2))
            let memory = Bench.memory(pid: pid) ?? (peak, peak)
            peak = max(peak, memory.peak)
            progress("processed \(invoices) invoices in \(Bench.format(processSeconds)) s; peak RSS \(Bench.mebibytes(peak))")
            let failed = stages.stop()
            if !failed.isEmpty { throw IngestError("credence-monitoring did not stop cleanly: \(failed)") }

            let changelog = try await Bench.extent([TopicCatalog.changelog(.monitoring)], partitions: partitions, kafka: kafka, logger: logger)
            let input = try await Bench.extent([TopicCatalog.erpInvoices], partitions: partitions, kafka: kafka, logger: logger)
            progress("changelog: \(changelog.records) records\(changelog.truncated ? " (TRUNCATED by the broker window)" : ""); restoring")

            let restoreStages = try BenchStages(bootstrap: cluster.bootstrapServers, extraArguments: [],
                                                logFolder: logFolder.appendingPathComponent("restore"))
            defer { restoreStages.stop() }
            let launched = ContinuousClock.now
            let restorePort = try await restoreStages.start(.monitoring)
            let ready = try await Bench.waitReady(port: restorePort, timeout: .seconds(900)) { try restoreStages.requireRunning(.monitoring) }
            let metrics = await Bench.get(port: restorePort, "/metrics")?.body ?? ""
            let restoreSeconds = Bench.metricSum(metrics, "credence_restore_seconds")
            let restoredPeak = restoreStages.pid(.monitoring).flatMap(Bench.memory(pid:))?.peak ?? 0
            let restoreFailed = restoreStages.stop()
            if !restoreFailed.isEmpty { throw IngestError("the restored credence-monitoring did not stop cleanly: \(restoreFailed)") }
            await cluster.shutdown()
            return Result(invoices: invoices, partitions: partitions, processSeconds: processSeconds, peakRSS: peak,
                          finalRSS: memory.current, changelogRecords: changelog.records, changelogTruncated: changelog.truncated,
                          inputTruncated: input.truncated, restoreMetricSeconds: restoreSeconds,
                          startToReadySeconds: Bench.seconds(ready - launched), restoredPeakRSS: restoredPeak)
        } catch {
            await cluster.shutdown()
            throw error
        }
    }
}
