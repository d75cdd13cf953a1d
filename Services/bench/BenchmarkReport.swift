import Domain
import Foundation
import Kafka
import Pipeline

/// The benchmark's results as `BENCHMARKS.md`: machine, method, command, results and each budget of DESIGN.md.
struct BenchmarkReport {
    let command: String
    let quick: Bool
    let maxBatch: Int
    let kafkaProperties: [String]
    var throughput: (section: StageThroughput, rows: [StageThroughput.Row], inputEvents: Int)?
    var latency: (section: AlertLatency, rows: [AlertLatency.Row])?
    var claimPath: (section: ClaimPath, result: ClaimPath.Result)?
    var memory: (section: MemoryAndRestore, estimatedChangelogBytes: Double, result: MemoryAndRestore.Result)?
    var totalSeconds = 0.0

    /// The budgets of DESIGN.md "Performance budgets".
    static let throughputBudget = 0.40
    static let latencyBudgetMs = 50.0
    static let latencyBudgetRate = 5_000
    static let memoryBudget: Int64 = 1 << 30
    static let restoreBudgetSeconds = 15.0
    static let budgetInvoices = 1_000_000

    /// "release" or "debug", from where the stage executables are (`.build…/release/`).
    static var buildConfiguration: String {
        let folder = StageProcesses.executable(.scoring).deletingLastPathComponent()
        let path = folder.path
        if path.contains("/release") { return "release" }
        if path.contains("/debug") { return "debug" }
        return folder.lastPathComponent
    }

    static func machine() -> [String] {
        func read(_ path: String) -> String { (try? String(contentsOfFile: path, encoding: .utf8)) ?? "" }
        let cpuinfo = read("/proc/cpuinfo").split(separator: "\n")
        let model = cpuinfo.first { $0.hasPrefix("model name") }?.split(separator: ":", maxSplits: 1).last?
            .trimmingCharacters(in: .whitespaces) ?? "unknown"
        let memory = read("/proc/meminfo").split(separator: "\n").first { $0.hasPrefix("MemTotal") }?
            .split(separator: " ").dropFirst().first.flatMap { Double($0) }.map { Bench.format($0 / 1_048_576) + " GiB" } ?? "unknown"
        let os = read("/etc/os-release").split(separator: "\n").first { $0.hasPrefix("PRETTY_NAME=") }?
            .dropFirst("PRETTY_NAME=".count).trimmingCharacters(in: CharacterSet(charactersIn: "\"")) ?? "unknown"
        return [
            "- CPU: \(model), \(ProcessInfo.processInfo.activeProcessorCount) cores (shared, noisy virtual machine)",
            "- Memory: \(memory)",
            "- OS: \(os); librdkafka \(RDVersion.string); stage executables: \(buildConfiguration) build",
        ]
    }

    func verdicts() -> [String] {
        var lines: [String] = []
        func mark(_ met: Bool?) -> String { met.map { $0 ? "met" : "NOT met" } ?? "not measured" }
        if let throughput {
            let worst = throughput.rows.min { $0.ratio < $1.ratio }
            lines.append("| Every stage ≥ 40 % of raw pass-through | lowest: \(worst.map { "\($0.stage.rawValue) \(Bench.format($0.ratio * 100)) %" } ?? "n/a") | \(mark(worst.map { $0.ratio >= Self.throughputBudget })) |")
        } else {
            lines.append("| Every stage ≥ 40 % of raw pass-through | — | not measured |")
        }
        if let latency, let row = latency.rows.first(where: { $0.rate == Self.latencyBudgetRate }) {
            let complete = row.alerts == row.disputes
            lines.append("| Invoice → alert p99 < 50 ms at 5,000 events/s | p99 \(Bench.format(row.p99)) ms (\(Bench.format(row.p99 / Self.latencyBudgetMs * 100)) % of budget) | \(mark(row.p99 < Self.latencyBudgetMs && complete)) |")
        } else {
            lines.append("| Invoice → alert p99 < 50 ms at 5,000 events/s | 5,000/s not in --rates | not measured |")
        }
        if let memory {
            let full = memory.result.invoices >= Self.budgetInvoices
            let result = memory.result
            lines.append("| 1,000,000 open invoices in < 1 GiB per stage | \(Bench.format(Double(result.invoices), 0)) invoices: peak RSS \(Bench.mebibytes(result.peakRSS)) (\(Bench.format(Double(result.peakRSS) / Double(Self.memoryBudget) * 100)) % of budget) | \(full ? mark(result.peakRSS < Self.memoryBudget) : "not measured at full size") |")
            let fullRestore = result.changelogRecords >= Int64(Self.budgetInvoices) && !result.changelogTruncated
            lines.append("| 1,000,000 changelog records restored in < 15 s | \(result.changelogRecords) records in \(Bench.format(result.restoreMetricSeconds, 2)) s (\(Bench.format(result.restoreMetricSeconds / Self.restoreBudgetSeconds * 100)) % of budget) | \(fullRestore ? mark(result.restoreMetricSeconds < Self.restoreBudgetSeconds) : "not measured at full size") |")
        } else {
            lines.append("| 1,000,000 open invoices in < 1 GiB per stage | — | not measured |")
            lines.append("| 1,000,000 changelog records restored in < 15 s | — | not measured |")
        }
        return lines
    }

    func markdown(carryingOver previous: String?) -> String {
        var out: [String] = []
        out.append("# Benchmarks")
        out.append("")
        out.append("Written by `credence-bench` (Services/bench) on \(Timestamp(Date()).description)\(quick ? " — **--quick smoke run: tiny sizes, figures not meaningful**" : "") in \(Bench.format(totalSeconds, 0)) s. Every figure below was measured by that run.")
        out.append("")
        out.append("## Machine")
        out.append("")
        out += Self.machine()
        out.append("")
        out.append("## Command")
        out.append("")
        out.append("```sh")
        out.append("swift build -c release --scratch-path .build-bench")
        out.append(".build-bench/release/\(command)")
        out.append("```")
        out.append("")
        out.append("## Budgets (DESIGN.md \"Performance budgets\")")
        out.append("")
        out.append("| Budget | Measured | Verdict |")
        out.append("|---|---|---|")
        out += verdicts()
        out.append("")
        out.append("## Method")
        out.append("")
        out.append("All sections run on librdkafka's mock cluster (one broker, in the `credence-bench` process) with the four stage executables started as separate processes (`--clock wall`, `--log-level warning`, `--max-batch \(maxBatch)`\(kafkaProperties.isEmpty ? "" : ", " + kafkaProperties.map { "`--kafka \($0)`" }.joined(separator: ", "))), the way `credence demo` runs them. Each section has its own cluster.")
        out.append("")
        if let throughput {
            let s = throughput.section
            out.append("- **Throughput.** A portfolio history of \(s.buyers) buyers × \(s.cycles) orders (profile, statement and insurer limit per buyer; each order requested, invoiced, then paid, disputed (1 in 8) or left open (1 in 10); dates up to today) — \(throughput.inputEvents) events — is produced to `buyer.signals`, `erp.orders` and `erp.invoices` (\(s.partitions) partitions). Then each stage runs alone, in pipeline order, so monitoring also reads the assessments scoring wrote, dunning the overdue transitions monitoring wrote, claims the dunning actions. Before each stage, the **baseline** copies the same input records (all partitions of the stage's input topics, from the beginning) with the Kafka layer: poll up to \(maxBatch) records, produce them unchanged (key, value, headers, same partition) to a sink topic, wait for every delivery report — no parsing. The stage is timed from `/readyz` turning 200 (assigned and restored: the 3 s first group join excluded) until its `credence_records_consumed_total` reaches the input count (a batch is counted after its outputs and changelog records are delivered); the time until `PipelineDrain.backlog` finds every input committed (commit cadence 1 s) is given too. Ratio = stage records/s ÷ baseline records/s. After the stage, **kcat** copies the same records twice (\(KafkaConfiguration.embeddedFetchWaitMilliseconds) ms fetch wait like the stages, then librdkafka's default 500 ms, *plain*): per input topic, `kcat -C -b … -t TOPIC -o beginning -e -f '%k\\t%s\\n' | kcat -P -b … -t bench.passthrough -K '\\t'` (keys kept, headers not), all topics' pipelines at once, timed from starting them to the sink's high watermarks holding every record; share = stage records/s ÷ kcat records/s. After each stage the low watermarks of its changelog show whether the broker's 5 MiB-per-partition window dropped records (Changelog window: a truncated changelog would not restore).")
        }
        if let latency {
            let s = latency.section
            out.append("- **Latency.** All four stages run; for each rate, \(s.seconds) s of invoice events are sent to `erp.invoices` at that fixed rate (paced every millisecond): `invoice.issued` for a new invoice, and ~0.5 s later its `invoice.disputed` (\(s.buyers) buyers, \(s.partitions) partitions). Every stage consumes `erp.invoices` — scoring (payment behaviour, reassessments to `credit.assessments`, read by monitoring and claims), monitoring (ledger), dunning (dispute pauses dunning), claims (insured invoices) — so all four work on every event; the alert comes from monitoring: `dispute.opened` on `credence.alerts`. Latency = wall time from just before the dispute is handed to the producer (linger \(KafkaConfiguration.embeddedLingerMilliseconds) ms) to the moment a consumer of `credence.alerts` in the bench process polls its alert. Percentiles are nearest-rank over every dispute.")
        }
        if let claimPath {
            let s = claimPath.section
            out.append("- **Claim path.** Monitoring, dunning and claims run on `--clock stream` (\(s.partitions) partitions). Every buyer has an insurer limit on `buyer.signals`; each invoice (`invoice.issued`, due in 30 days) is first ticked to 80 days past due — dunning's levels 1–3, claims notifies the insurer — and left 0.3 s to settle. Then one `credence.clock.tick` to every partition of `erp.invoices` takes it to 92 days past due: monitoring's overdue transition at 91 days → dunning's level-4 claim trigger → claims files the claim. Latency = wall time from just before the tick is handed to the producer to the moment a consumer of `claims.events` in the bench process polls the `filed` event. First \(s.rounds) invoices one at a time (each on a later date), then \(s.crowd) invoices of as many buyers crossing on the same tick.")
        }
        if let memory {
            let s = memory.section
            out.append("- **Memory and restore.** Only monitoring runs. \(s.buyers) buyers × \(s.perBuyer) open `invoice.issued` (due in 60 days) are sent round-robin (invoice *k* of every buyer before invoice *k + 1*), so each event rewrites its buyer's state: one changelog record per invoice. \(s.partitions) partitions, computed from an encoded sample (≈ \(Bench.mebibytes(Int64(memory.estimatedChangelogBytes))) of changelog) so every changelog and input partition stays within the mock broker's 5 MiB per-partition window; the run checks that no partition lost records (low watermark 0). Peak memory is `VmHWM` of the monitoring process (/proc/PID/status), sampled while it works and after it processed every invoice. Then a fresh monitoring process starts on the same cluster; restore time is its `credence_restore_seconds` (the assignment hook reading every changelog partition whole), and start → `/readyz` 200 is given too (includes process start and the 3 s first group join).")
        }
        out.append("")
        out.append("## Results")
        out.append("")
        if let throughput {
            out.append("### Stage throughput vs raw pass-through and kcat")
            out.append("")
            let kcatInstalled = throughput.rows.contains { $0.kcat != nil }
            if !kcatInstalled {
                out.append("kcat was not installed when this ran: the kcat columns are left out (`scripts/install-dependencies` installs Debian's `kcat`).")
                out.append("")
            }
            out.append("| Stage | Input records | Pass-through | Stage (processed) | Ratio | Stage (committed) | Ratio (committed) |"
                       + (kcatInstalled ? " kcat copy (\(KafkaConfiguration.embeddedFetchWaitMilliseconds) ms fetch wait) | Share of kcat | kcat copy (plain) | Share of plain |" : "")
                       + " Records produced | Changelog window |")
            out.append("|---|---:|---:|---:|---:|---:|---:|" + (kcatInstalled ? "---:|---:|---:|---:|" : "") + "---:|---|")
            func copy(_ result: KcatCopy.Result?, _ share: Double?) -> String {
                guard let result, let share else { return " n/a | n/a |" }
                return " \(Bench.format(result.rate, 0))/s (\(Bench.format(result.seconds, 2)) s) | **\(Bench.format(share * 100)) %** |"
            }
            for row in throughput.rows {
                out.append("| \(row.stage.rawValue) | \(row.records) | \(Bench.format(row.baseline.rate, 0))/s (\(Bench.format(row.baseline.seconds, 2)) s) | \(Bench.format(row.stageRate, 0))/s (\(Bench.format(row.processedSeconds, 2)) s) | **\(Bench.format(row.ratio * 100)) %** | \(Bench.format(Double(row.records) / row.committedSeconds, 0))/s (\(Bench.format(row.committedSeconds, 2)) s) | \(Bench.format(row.committedRatio * 100)) % |"
                           + (kcatInstalled ? copy(row.kcat, row.kcatShare) + copy(row.kcatPlain, row.kcatPlainShare) : "")
                           + " \(row.outputs) | \(row.changelogTruncated ? "**TRUNCATED**" : "intact") |")
            }
            out.append("")
        }
        if let latency {
            out.append("### Invoice event → alert latency (all four stages running)")
            out.append("")
            out.append("| Target rate | Achieved | Events | Disputes | Alerts received | p50 | p99 | p99.9 | max |")
            out.append("|---:|---:|---:|---:|---:|---:|---:|---:|---:|")
            for row in latency.rows {
                out.append("| \(row.rate)/s | \(Bench.format(row.achievedRate, 0))/s | \(row.sentEvents) | \(row.disputes) | \(row.alerts) | \(Bench.format(row.p50)) ms | \(Bench.format(row.p99)) ms | \(Bench.format(row.p999)) ms | \(Bench.format(row.max)) ms |")
            }
            out.append("")
        }
        if let claimPath {
            let r = claimPath.result
            out.append("### Tick → claim filed (monitoring → dunning → claims, stream clocks)")
            out.append("")
            out.append("| Invoices crossing on one tick | Measured | Filed | p50 | p99 | first | last |")
            out.append("|---:|---:|---:|---:|---:|---:|---:|")
            out.append("| 1 (one at a time) | \(claimPath.section.rounds) rounds | \(r.single.count) | \(Bench.format(Bench.percentile(r.single, 50))) ms | \(Bench.format(Bench.percentile(r.single, 99))) ms | \(Bench.format(r.single.first ?? .nan)) ms | \(Bench.format(r.single.last ?? .nan)) ms |")
            out.append("| \(r.crowdInvoices) at once | 1 tick | \(r.crowd.count) | \(Bench.format(Bench.percentile(r.crowd, 50))) ms | \(Bench.format(Bench.percentile(r.crowd, 99))) ms | \(Bench.format(r.crowd.first ?? .nan)) ms | **\(Bench.format(r.crowd.last ?? .nan)) ms** |")
            out.append("")
        }
        if let memory {
            let r = memory.result
            out.append("### Memory and restore (monitoring)")
            out.append("")
            out.append("| Open invoices | Buyers | Partitions | Processing time | Peak RSS (VmHWM) | RSS at end | Changelog records | Window intact | Restore (`credence_restore_seconds`) | Restore rate | Start → ready | Peak RSS after restore |")
            out.append("|---:|---:|---:|---:|---:|---:|---:|---|---:|---:|---:|---:|")
            out.append("| \(r.invoices) | \(memory.section.buyers) | \(r.partitions) | \(Bench.format(r.processSeconds)) s | \(Bench.mebibytes(r.peakRSS)) | \(Bench.mebibytes(r.finalRSS)) | \(r.changelogRecords) | \(r.changelogTruncated || r.inputTruncated ? "**no — records lost**" : "yes") | \(Bench.format(r.restoreMetricSeconds, 2)) s | \(Bench.format(r.restoredRate, 0))/s | \(Bench.format(r.startToReadySeconds, 2)) s | \(Bench.mebibytes(r.restoredPeakRSS)) |")
            out.append("")
        }
        if let previous, let range = previous.range(of: "\n## Optimisations") {
            out.append("## Optimisations" + previous[range.upperBound...].trimmingCharacters(in: .newlines))
        }
        return out.joined(separator: "\n") + "\n"
    }
}
