import Domain
import Foundation
import Kafka
import Logging
import Pipeline

/// Each stage's sustained throughput against pre-filled input topics, as a ratio to the Kafka-layer pass-through
/// baseline and to kcat's copy rate over the same records in the same run.
///
/// The ERP, data-provider and collector topics are filled with a portfolio history first; then the stages run
/// one at a time, in pipeline order (scoring, monitoring, dunning, claims), each as a real process alone on the
/// machine, so each one's input also holds what the stages before it produced (assessments, overdue
/// transitions, dunning actions) — the records it would see in production.
struct StageThroughput {
    let buyers: Int
    let cycles: Int
    let partitions: Int
    let maxBatch: Int
    let logFolder: URL
    let logger: Logger

    struct Row {
        var stage: Stage
        var records: Int
        var baseline: PassThroughBaseline.Result
        /// kcat's copy of the same records with the embedded broker's short fetch wait, and with librdkafka's
        /// default (plain); nil when kcat is not installed.
        var kcat: KcatCopy.Result?
        var kcatPlain: KcatCopy.Result?
        /// Ready (assigned, restored) → every input processed (outputs and changelog delivered).
        var processedSeconds: Double
        /// Ready → the group's committed offsets at the end of every input (the commit runs every second).
        var committedSeconds: Double
        var outputs: Int
        /// Records left in the stage's changelog once it finished, and whether it lost state to the broker's window:
        /// the window dropped older records and a restarted stage refused to restore.
        var changelogRecords: Int
        var changelogTruncated: Bool
        var stageRate: Double { Double(records) / processedSeconds }
        var ratio: Double { stageRate / baseline.rate }
        var committedRatio: Double { (Double(records) / committedSeconds) / baseline.rate }
        /// The stage's rate as a share of kcat's copy rate (short fetch wait, plain).
        var kcatShare: Double? { kcat.map { stageRate / $0.rate } }
        var kcatPlainShare: Double? { kcatPlain.map { stageRate / $0.rate } }
    }

    static let sink = "bench.passthrough"

    func run(progress: (String) -> Void) async throws -> (rows: [Row], inputEvents: Int) {
        let cluster = try EmbeddedCluster(brokers: 1, logger: logger)
        try Bench.createTopics(cluster, partitions: partitions, extra: [Self.sink])
        let kafka = Bench.kafka(cluster.bootstrapServers)
        var rows: [Row] = []
        var inputCount = 0
        do {
            let events = BenchEvents(daysBack: cycles * 6 + 60).history(buyers: buyers, cycles: cycles)
            inputCount = events.count
            let producer = try KafkaProducer(configuration: ProducerConfiguration(kafka), logger: logger)
            try await Bench.fill(producer, try events.map { try ProducerRecord($0) })
            await producer.close()
            progress("filled \(events.count) input events (\(buyers) buyers × \(cycles) orders)")
            if KcatCopy.executable == nil { progress("kcat is not installed: no kcat copy rate (scripts/install-dependencies installs it)") }

            let members = EmbeddedPipeline.members(policy: .defaults)
            for (stage, member) in zip([Stage.scoring, .monitoring, .dunning, .claims], members) {
                let (records, truncated) = try await Bench.extent(member.topics, partitions: partitions, kafka: kafka, logger: logger)
                if truncated { throw IngestError("an input topic of \(stage.rawValue) outgrew the embedded broker's window: use more --partitions") }
                let baseline = try await PassThroughBaseline(kafka: kafka, partitions: partitions, sink: Self.sink, batch: maxBatch, logger: logger)
                    .run(topics: member.topics, expected: Int(records))
                var row = try await measure(stage, member: member, records: Int(records), baseline: baseline, kafka: kafka)
                if KcatCopy.executable != nil {
                    let copy = KcatCopy(bootstrap: cluster.bootstrapServers, sink: Self.sink, partitions: partitions, kafka: kafka,
                                        logFile: logFolder.appendingPathComponent("throughput-\(stage.rawValue)/kcat.log"), logger: logger)
                    row.kcat = try await copy.run(topics: member.topics, expected: Int(records),
                                                  fetchWaitMilliseconds: KafkaConfiguration.embeddedFetchWaitMilliseconds)
                    row.kcatPlain = try await copy.run(topics: member.topics, expected: Int(records), fetchWaitMilliseconds: nil)
                }
                func share(_ copy: KcatCopy.Result?) -> String {
                    copy.map { "\(Bench.format($0.rate, 0))/s (stage \(Bench.format(row.stageRate / $0.rate * 100))%)" } ?? "n/a"
                }
                progress("\(stage.rawValue): \(records) records, \(Bench.format(row.stageRate, 0))/s vs pass-through \(Bench.format(baseline.rate, 0))/s = \(Bench.format(row.ratio * 100))%; kcat \(KafkaConfiguration.embeddedFetchWaitMilliseconds) ms \(share(row.kcat)), kcat plain \(share(row.kcatPlain)); changelog \(row.changelogRecords) records, \(row.changelogTruncated ? "TRUNCATED by the broker's window" : "restorable from the broker's window")")
                rows.append(row)
            }
        } catch {
            await cluster.shutdown()
            throw error
        }
        await cluster.shutdown()
        return (rows, inputCount)
    }

    private func measure(_ stage: Stage, member: PipelineDrain.Member, records: Int, baseline: PassThroughBaseline.Result,
                         kafka: KafkaConfiguration) async throws -> Row {
        let stages = try BenchStages(bootstrap: kafka.bootstrapServers, extraArguments: ["--max-batch", String(maxBatch)],
                                     logFolder: logFolder.appendingPathComponent("throughput-\(stage.rawValue)"))
        defer { stages.stop() }
        let port = try await stages.start(stage)
        let ready = try await Bench.waitReady(port: port, timeout: .seconds(120)) { try stages.requireRunning(stage) }
        var processed: ContinuousClock.Instant?
        var outputs = 0.0
        while processed == nil {
            try stages.requireRunning(stage)
            if let metrics = await Bench.get(port: port, "/metrics")?.body,
               Bench.metricSum(metrics, "credence_records_consumed_total") >= Double(records) {
                processed = .now
                outputs = Bench.metricSum(metrics, "credence_records_produced_total")
                break
            }
            if ContinuousClock.now - ready > .seconds(900) { throw IngestError("\(stage.rawValue) did not finish its input within 900 s") }
            try await Task.sleep(for: .milliseconds(25))
        }
        let drain = PipelineDrain(members: [member], partitions: partitions, kafka: kafka, logger: logger)
        var committed: ContinuousClock.Instant?
        while committed == nil {
            try stages.requireRunning(stage)
            if try await drain.backlog().byGroup.values.allSatisfy({ $0 == 0 }) { committed = .now; break }
            if ContinuousClock.now - ready > .seconds(960) { throw IngestError("\(stage.rawValue) did not commit its input") }
            try await Task.sleep(for: .milliseconds(50))
        }
        let failed = stages.stop()
        if !failed.isEmpty { throw IngestError("credence-\(stage.rawValue) did not stop cleanly: \(failed)") }
        // The broker's window may have dropped the oldest changelog records; a stage rewrites each live key before its
        // last record leaves the window, so a restart must still restore the whole state. It is restarted to show it:
        // a changelog that lost a key's record is refused (the stage exits), never restored in part.
        var changelog = try await Bench.extent([TopicCatalog.changelog(stage)], partitions: partitions, kafka: kafka, logger: logger)
        if changelog.truncated {
            let port = try await stages.start(stage)
            let restored = (try? await Bench.waitReady(port: port, timeout: .seconds(120)) { try stages.requireRunning(stage) }) != nil
            _ = stages.stop()
            changelog.truncated = !restored
        }
        return Row(stage: stage, records: records, baseline: baseline, processedSeconds: Bench.seconds(processed! - ready),
                   committedSeconds: Bench.seconds(committed! - ready), outputs: Int(outputs), changelogRecords: Int(changelog.records),
                   changelogTruncated: changelog.truncated)
    }
}
