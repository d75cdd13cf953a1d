import ArgumentParser
import Console
import Domain
import Foundation
import HummingbirdBcrypt
import Kafka
import Logging
import Pipeline
import Runtime
import Synchronization
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif
#if canImport(Glibc)
import Glibc
#endif

/// `credence-bench console`: the console's figures of issue 21 — the Buyers page's render time with 100,000
/// buyers, the console's memory holding them, and an alert's time from `credence.alerts` to the server-sent event.
/// A measurement, not a test: run it on a release build (`swift build -c release`).
struct ConsoleBenchCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "console",
        abstract: "Measure the console: Buyers page render time and memory with N buyers, alert → SSE latency.")

    @Option(help: "Buyers on the topics (a position and an assessment each).")
    var buyers = 100_000

    @Option(help: "Buyers page requests timed (sorts, filters and pages mixed).")
    var requests = 500

    @Option(help: "Alerts sent one at a time to time their arrival on /alerts/stream.")
    var alerts = 100

    func run() async throws {
        var logger = Logger(label: "credence.console-bench")
        logger.logLevel = .error
        let cluster = try EmbeddedCluster(brokers: 1, logger: logger)
        let partitions = 6
        for topic in TopicFeed.consoleTopics { try cluster.createTopic(topic, partitions: partitions, replicationFactor: 1) }
        let kafka = Bench.kafka(cluster.bootstrapServers)
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("credence-console-bench-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }

        let producer = try KafkaProducer(configuration: ProducerConfiguration(kafka), logger: logger)
        let filled = ContinuousClock.now
        try await fill(producer)
        print("produced \(buyers) positions and \(buyers) assessments in \(Bench.format(Bench.seconds(ContinuousClock.now - filled))) s")

        let secret = folder.appendingPathComponent("secret")
        try Data((0..<32).map { _ in UInt8.random(in: 0...255) }).write(to: secret)
        let users = folder.appendingPathComponent("users.json")
        try UserDirectory.write([.init(name: "bench", role: .viewer, passwordHash: Bcrypt.hash("unused-\(UUID())", cost: 4))], to: users.path)
        let log = folder.appendingPathComponent("console.log")
        FileManager.default.createFile(atPath: log.path, contents: nil)
        let process = Process()
        process.executableURL = StageProcesses.executable(named: "credence-console")
        process.arguments = ["--bootstrap-servers", cluster.bootstrapServers, "--http-port", "0", "--http-host", "127.0.0.1",
                             "--log-level", "warning", "--set", "users=\(users.path)", "--set", "web-port=0",
                             "--set", "session-secret-file=\(secret.path)"]
        process.standardOutput = try FileHandle(forWritingTo: log)
        process.standardError = process.standardOutput
        let started = ContinuousClock.now
        try process.run()
        defer { if process.isRunning { process.terminate(); process.waitUntilExit() } }
        let (opsPort, webPort) = try await ports(log)
        let ready = try await Bench.waitReady(port: opsPort, timeout: .seconds(600))
        let rebuild = Bench.seconds(ready - started)
        try await Task.sleep(for: .seconds(2))
        let memory = Bench.memory(pid: process.processIdentifier)
        let codec = SessionCodec(secret: Array(try Data(contentsOf: secret)))
        let cookie = "\(SessionCodec.cookieName)=\(codec.encode(codec.newSession(user: "bench", role: .viewer)))"

        let paths = ["/buyers", "/buyers?sort=grade&dir=asc", "/buyers?sort=utilisation", "/buyers?page=1999",
                     "/buyers?overlimit=1", "/buyers?q=0042", "/buyers?sort=paydex&class=C&page=3", "/buyers?sort=buyer&dir=asc&page=500"]
        var timings: [Double] = []
        var cold: [Double] = []
        for index in 0..<(requests + paths.count) {
            let begin = ContinuousClock.now
            guard let answer = await get(port: webPort, paths[index % paths.count], cookie: cookie), answer.status == 200 else {
                throw IngestError("GET \(paths[index % paths.count]) failed")
            }
            // The first pass over each order builds its sort; the timed requests come after.
            let milliseconds = Bench.seconds(ContinuousClock.now - begin) * 1000
            if index >= paths.count { timings.append(milliseconds) } else { cold.append(milliseconds) }
        }
        timings.sort()
        let latencies = try await alertLatencies(producer: producer, port: webPort, cookie: cookie)
        await producer.close()
        let memoryText = memory.map { "RSS \(Bench.mebibytes($0.current)), peak \(Bench.mebibytes($0.peak))" } ?? "n/a"
        print("""
            console with \(buyers) buyers: views rebuilt (/readyz) \(Bench.format(rebuild)) s after start; \(memoryText)
            Buyers page, \(timings.count) requests over HTTP: p50 \(Bench.format(Bench.percentile(timings, 50))) ms, \
            p99 \(Bench.format(Bench.percentile(timings, 99))) ms, max \(Bench.format(timings.last ?? .nan)) ms; \
            first request of each order and filter (sorting or filtering all buyers): \(cold.map { Bench.format($0) }.joined(separator: ", ")) ms
            alert → server-sent event, \(latencies.count) alerts: p50 \(Bench.format(Bench.percentile(latencies, 50))) ms, \
            p99 \(Bench.format(Bench.percentile(latencies, 99))) ms
            """)
        process.terminate()
        process.waitUntilExit()
        await cluster.shutdown()
    }

    private func fill(_ producer: KafkaProducer) async throws {
        let day = try CalendarDate("2024-03-20")
        var batch: [ProducerRecord] = []
        for index in 0..<buyers {
            let buyer = BuyerId(String(format: "BB-%07d", index))
            let exposure = Money(amountMinor: Int64((index * 7_919) % 1_000_000) * 100, currency: .usd)
            let limit = Money(amountMinor: Int64((index * 104_729) % 900_000 + 100_000) * 100, currency: .usd)
            let overdue = Money(amountMinor: exposure.amountMinor / 4, currency: .usd)
            let position = ReceivablesPosition(
                buyerId: buyer, asOf: day, openAmount: exposure, overdueAmount: overdue, disputedAmount: .zero(.usd), exposure: exposure,
                approvedOrdersAmount: .zero(.usd),
                aging: AgingAmounts(current: Money(amountMinor: exposure.amountMinor - overdue.amountMinor, currency: .usd), days1To30: overdue,
                                    days31To60: .zero(.usd), days61To90: .zero(.usd), over90: .zero(.usd)),
                openInvoiceCount: 3, onCreditHold: false, creditLimit: limit)
            let grade = index % 10 + 1
            let assessment = CreditAssessment(
                buyerId: buyer, assessedAt: Timestamp(date: day), score: Double(100 - grade * 9), grade: grade,
                creditClass: grade <= 3 ? .a : grade <= 6 ? .b : .c, creditLimit: limit, terms: Policy.defaults.scoring.terms.b,
                reasons: [ScoreReason(factor: "paymentBehaviour.paydex", impact: -2.5, detail: "PAYDEX 61")],
                modelVersion: "bench", policyVersion: 1, components: ScoreComponents(), paydex: 20 + index % 80)
            batch.append(try ProducerRecord(EventEnvelope(id: "bp\(index)", source: "bench", time: Timestamp(date: day), event: .receivablesPosition(position))))
            batch.append(try ProducerRecord(EventEnvelope(id: "ba\(index)", source: "bench", time: Timestamp(date: day), event: .creditAssessment(assessment))))
            if batch.count >= 10_000 {
                _ = try await producer.send(batch)
                batch.removeAll(keepingCapacity: true)
            }
        }
        if !batch.isEmpty { _ = try await producer.send(batch) }
    }

    /// Sends alerts one at a time and times each from just before the send to its event on an open stream.
    private func alertLatencies(producer: KafkaProducer, port: Int, cookie: String) async throws -> [Double] {
        let stream = try EventStreamReader(port: port, path: "/alerts/stream", cookie: cookie)
        defer { stream.close() }
        try await Task.sleep(for: .milliseconds(500))
        var latencies: [Double] = []
        for index in 0..<alerts {
            let id = "bench-alert-\(index)-\(UUID().uuidString.prefix(8))"
            let alert = Alert(buyerId: BuyerId(String(format: "BB-%07d", index)), alertId: id, alertType: .overdueRatio, severity: .warning,
                              raisedAt: Timestamp(Date()), message: "bench")
            let sent = Bench.wallMillis()
            _ = try await producer.send(try ProducerRecord(EventEnvelope(id: id, source: "bench", time: Timestamp(Date()), event: .alert(alert))))
            let deadline = ContinuousClock.now + .seconds(10)
            while ContinuousClock.now < deadline {
                if let arrived = stream.arrival(of: id) {
                    latencies.append(arrived - sent)
                    break
                }
                try await Task.sleep(for: .microseconds(200))
            }
            try await Task.sleep(for: .milliseconds(20))
        }
        return latencies.sorted()
    }

    /// The ops and web ports of the console's announcement (`… http 127.0.0.1:OPS, web http://127.0.0.1:WEB/`).
    private func ports(_ log: URL) async throws -> (ops: Int, web: Int) {
        let deadline = ContinuousClock.now + .seconds(120)
        while ContinuousClock.now < deadline {
            let text = (try? String(contentsOf: log, encoding: .utf8)) ?? ""
            if let line = text.split(separator: "\n").first(where: { $0.hasPrefix("credence-console started:") }) {
                func port(after marker: String) -> Int? {
                    guard let range = line.range(of: marker) else { return nil }
                    let address = line[range.upperBound...].prefix { $0 != "," && $0 != "/" && $0 != " " }
                    return address.split(separator: ":").last.flatMap { Int($0) }
                }
                if let ops = port(after: " http "), let web = port(after: "web http://") { return (ops, web) }
            }
            try await Task.sleep(for: .milliseconds(100))
        }
        throw IngestError("the console announced no ports in \(log.path)")
    }

    private func get(port: Int, _ path: String, cookie: String) async -> (status: Int, body: String)? {
        guard let url = URL(string: "http://127.0.0.1:\(port)\(path)") else { return nil }
        var request = URLRequest(url: url)
        request.timeoutInterval = 10
        request.httpShouldHandleCookies = false
        request.setValue(cookie, forHTTPHeaderField: "Cookie")
        guard let (data, response) = try? await URLSession.shared.data(for: request), let http = response as? HTTPURLResponse else { return nil }
        return (http.statusCode, String(decoding: data, as: UTF8.self))
    }
}

/// Reads a server-sent event stream over a plain socket on a thread of its own, noting when each event id arrived.
final class EventStreamReader: Sendable {
    private let descriptor: Int32
    private let arrivals = Mutex<[String: Double]>([:])

    init(port: Int, path: String, cookie: String) throws {
        let socketDescriptor = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = in_port_t(UInt16(port).bigEndian)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        let connected = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(socketDescriptor, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        guard connected == 0 else { throw IngestError("cannot connect to the console on port \(port)") }
        let request = Array("GET \(path) HTTP/1.1\r\nHost: 127.0.0.1\r\nAccept: text/event-stream\r\nCookie: \(cookie)\r\n\r\n".utf8)
        _ = request.withUnsafeBytes { send(socketDescriptor, $0.baseAddress, $0.count, 0) }
        descriptor = socketDescriptor
        let thread = Thread { [self] in self.readLoop() }
        thread.start()
    }

    private func readLoop() {
        var buffer = [UInt8](repeating: 0, count: 65_536)
        var pending = ""
        while true {
            let count = buffer.withUnsafeMutableBytes { recv(descriptor, $0.baseAddress, $0.count, 0) }
            guard count > 0 else { return }
            let now = Bench.wallMillis()
            pending += String(decoding: buffer[..<count], as: UTF8.self)
            while let newline = pending.firstIndex(of: "\n") {
                let line = pending[..<newline]
                if line.hasPrefix("id: ") {
                    let id = String(line.dropFirst(4))
                    arrivals.withLock { $0[id] = now }
                }
                pending = String(pending[pending.index(after: newline)...])
            }
        }
    }

    /// When the event `id` arrived (wall milliseconds), if it did.
    func arrival(of id: String) -> Double? { arrivals.withLock { $0[id] } }

    func close() { shutdown(descriptor, Int32(SHUT_RDWR)); Glibc.close(descriptor) }
}
