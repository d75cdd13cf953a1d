import Domain
import Foundation
import Kafka
import Logging
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif
#if canImport(Glibc)
import Glibc
import Pipeline
#endif

/// Small tools the benchmark sections share: timing, percentiles, the ops endpoints of a stage process,
/// its memory, and filling topics.
enum Bench {
    /// librdkafka properties given with `--kafka`, for the stages and the benchmark's own clients.
    nonisolated(unsafe) static var kafkaProperties: [String: String] = [:]

    /// The benchmark's client configuration on `bootstrap`.
    static func kafka(_ bootstrap: String) -> KafkaConfiguration {
        // The bench's cluster is always the embedded broker: tuned for it unless `--kafka` says otherwise.
        KafkaConfiguration(bootstrapServers: bootstrap, clientId: "credence-bench", properties: kafkaProperties)
            .tunedForEmbeddedBroker()
    }

    static func seconds(_ duration: Duration) -> Double {
        Double(duration.components.seconds) + Double(duration.components.attoseconds) / 1e18
    }

    /// The nearest-rank percentile `p` (0…100) of sorted values.
    static func percentile(_ sorted: [Double], _ p: Double) -> Double {
        guard !sorted.isEmpty else { return .nan }
        let rank = Int((p / 100 * Double(sorted.count)).rounded(.up))
        return sorted[min(sorted.count - 1, max(0, rank - 1))]
    }

    static func format(_ value: Double, _ digits: Int = 1) -> String {
        value.isFinite ? String(format: "%.\(digits)f", value) : "n/a"
    }

    /// Milliseconds since the epoch, wall clock.
    static func wallMillis() -> Double { Date().timeIntervalSince1970 * 1000 }

    /// The ops port a stage announced in its log (`… http 127.0.0.1:PORT`), waiting for it.
    static func opsPort(log: URL, timeout: Duration = .seconds(60)) async throws -> Int {
        let deadline = ContinuousClock.now + timeout
        while ContinuousClock.now < deadline {
            let text = (try? String(contentsOf: log, encoding: .utf8)) ?? ""
            // The last announcement wins (a log file may hold an earlier run's).
            if let line = text.split(separator: "\n").last(where: { $0.contains(" started: ") && $0.contains(" http ") }),
               let port = line.split(separator: ":").last.flatMap({ Int($0.trimmingCharacters(in: .whitespaces)) }) {
                return port
            }
            try await Task.sleep(for: .milliseconds(50))
        }
        throw IngestError("no ops port announced in \(log.path)")
    }

    /// GET http://127.0.0.1:PORT/PATH; nil when nothing answers.
    static func get(port: Int, _ path: String) async -> (status: Int, body: String)? {
        guard let url = URL(string: "http://127.0.0.1:\(port)\(path)") else { return nil }
        var request = URLRequest(url: url)
        request.timeoutInterval = 5
        guard let (data, response) = try? await URLSession.shared.data(for: request),
              let http = response as? HTTPURLResponse else { return nil }
        return (http.statusCode, String(decoding: data, as: UTF8.self))
    }

    /// Waits for /readyz to answer 200; returns when it did.
    static func waitReady(port: Int, timeout: Duration, check: () throws -> Void = {}) async throws -> ContinuousClock.Instant {
        let deadline = ContinuousClock.now + timeout
        while ContinuousClock.now < deadline {
            try check()
            if let answer = await get(port: port, "/readyz"), answer.status == 200 { return .now }
            try await Task.sleep(for: .milliseconds(20))
        }
        throw IngestError("the stage on port \(port) was not ready within \(timeout)")
    }

    /// The sum of every sample of a metric family (`credence_records_consumed_total{…} 12`).
    static func metricSum(_ metrics: String, _ name: String) -> Double {
        var total = 0.0
        for line in metrics.split(separator: "\n") where line.hasPrefix(name) && !line.hasPrefix("#") {
            let rest = line.dropFirst(name.count)
            guard rest.first == "{" || rest.first == " " else { continue }
            if let value = line.split(separator: " ").last.flatMap({ Double($0) }) { total += value }
        }
        return total
    }

    /// A process's peak and current resident set size in bytes (`VmHWM`, `VmRSS` of /proc/PID/status).
    static func memory(pid: Int32) -> (peak: Int64, current: Int64)? {
        guard let text = try? String(contentsOfFile: "/proc/\(pid)/status", encoding: .utf8) else { return nil }
        func field(_ name: String) -> Int64? {
            guard let line = text.split(separator: "\n").first(where: { $0.hasPrefix(name + ":") }) else { return nil }
            return line.split(separator: " ").dropFirst().first.flatMap { Int64($0) }.map { $0 * 1024 }
        }
        guard let peak = field("VmHWM"), let current = field("VmRSS") else { return nil }
        return (peak, current)
    }

    static func mebibytes(_ bytes: Int64) -> String { format(Double(bytes) / 1_048_576, 0) + " MiB" }

    /// Sends records in chunks, waiting for every delivery report.
    static func fill(_ producer: KafkaProducer, _ records: [ProducerRecord], chunk: Int = 20_000) async throws {
        var index = 0
        while index < records.count {
            let end = min(records.count, index + chunk)
            _ = try await producer.send(Array(records[index..<end]))
            index = end
        }
    }

    /// Creates every catalog topic with `partitions` partitions, plus extra topics.
    static func createTopics(_ cluster: EmbeddedCluster, partitions: Int, extra: [String] = []) throws {
        for topic in TopicCatalog(partitions: partitions).topics { try cluster.createTopic(topic.name, partitions: partitions) }
        for topic in extra { try cluster.createTopic(topic, partitions: partitions) }
    }

    /// The records between the low and high watermark of every partition of `topics`, and whether any partition
    /// lost its first records to the embedded broker's window.
    static func extent(_ topics: [String], partitions: Int, kafka: KafkaConfiguration, logger: Logger) async throws -> (records: Int64, truncated: Bool) {
        let consumer = try KafkaConsumer(configuration: ConsumerConfiguration(kafka, groupId: nil), logger: logger)
        var total: Int64 = 0
        var truncated = false
        do {
            for topic in topics {
                for partition in 0..<Int32(partitions) {
                    let (low, high) = try await consumer.watermarks(TopicPartition(topic, partition))
                    total += high - low
                    if low > 0 { truncated = true }
                }
            }
        } catch {
            await consumer.close()
            throw error
        }
        await consumer.close()
        return (total, truncated)
    }
}

/// Stage processes for one benchmark section, with their logs and ops ports.
struct BenchStages {
    let processes: StageProcesses
    let logFolder: URL

    /// Stages on `bootstrap` with `clock` (`wall`, or `stream` for time that moves with the events and ticks).
    init(bootstrap: String, extraArguments: [String], logFolder: URL, clock: String = "wall") throws {
        self.logFolder = logFolder
        try? FileManager.default.removeItem(at: logFolder)
        processes = try StageProcesses(arguments: ["--bootstrap-servers", bootstrap, "--log-level", "warning", "--clock", clock]
                                       + Bench.kafkaProperties.sorted { $0.key < $1.key }.flatMap { ["--kafka", "\($0.key)=\($0.value)"] } + extraArguments,
                                       logFolder: logFolder)
    }

    func start(_ stage: Stage) async throws -> Int {
        let log = logFolder.appendingPathComponent("\(stage.rawValue).log")
        try? FileManager.default.removeItem(at: log)
        try processes.launch(stage)
        return try await Bench.opsPort(log: log)
    }

    /// Starts `stages`, then waits until each answers /readyz; returns their ops ports.
    func startReady(_ stages: [Stage]) async throws -> [Stage: Int] {
        var ports: [Stage: Int] = [:]
        for stage in stages { ports[stage] = try await start(stage) }
        for stage in stages {
            _ = try await Bench.waitReady(port: ports[stage]!, timeout: .seconds(120)) { try requireRunning(stage) }
        }
        return ports
    }

    func pid(_ stage: Stage) -> Int32? { processes.processes[stage]?.processIdentifier }

    func requireRunning(_ stage: Stage) throws {
        if let process = processes.processes[stage], !process.isRunning {
            throw IngestError("credence-\(stage.rawValue) exited with status \(process.terminationStatus):\n\(processes.logTail(stage))")
        }
    }

    @discardableResult
    func stop() -> [(stage: Stage, status: Int32)] { processes.stop() }
}
