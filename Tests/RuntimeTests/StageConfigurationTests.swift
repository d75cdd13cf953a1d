import Foundation
import Runtime
import Testing

@Suite("Stage configuration: flags, environment, file")
struct StageConfigurationTests {
    private func load(_ arguments: [String], _ environment: [String: String] = [:]) throws(RuntimeError) -> StageConfiguration {
        try StageConfiguration.load(stage: "monitoring", defaultHTTPPort: 9102, arguments: arguments, environment: environment)
    }

    /// Every flag the usage text names with a value is accepted: a flag documented but missing from the parser's
    /// list would be refused as unknown at start.
    @Test func everyFlagTheUsageNamesIsAccepted() throws {
        let flags = StageConfiguration.usage.split(whereSeparator: \.isWhitespace)
            .filter { $0.hasPrefix("--") && $0.count > 2 }
            .map { String($0.dropFirst(2)) }
        let withValues: [String: String] = [
            "bootstrap-servers": "x:1", "kafka": "acks=all", "set": "a=b", "clock": "stream", "transactions": "off",
            "log-level": "info", "policy": "/nonexistent", "config": "", "bootstrap-file": "", "max-record-bytes": "4096",
        ]
        #expect(flags.contains("max-idle-ms") && flags.contains("commit-ms"))
        for flag in Set(flags) where !["help", "config", "bootstrap-file", "policy"].contains(flag) {
            var arguments = ["--bootstrap-servers", "x:1"]
            if flag != "bootstrap-servers" { arguments += ["--\(flag)", withValues[flag] ?? "1"] }
            #expect(throws: Never.self, "--\(flag) is accepted") { _ = try load(arguments) }
        }
    }

    @Test func flagsBeatEnvironmentWhichBeatsTheFileWhichBeatsDefaults() throws {
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("credence-config-\(UUID().uuidString).json")
        try Data(#"{"bootstrapServers": "file:9092", "httpPort": 7000, "maxBatch": 50, "kafka": {"acks": "all"}, "options": {"policyVersion": "3"}}"#.utf8).write(to: file)
        defer { try? FileManager.default.removeItem(at: file) }

        let fromFile = try load(["--config", file.path])
        #expect(fromFile.bootstrapServers == "file:9092")
        #expect(fromFile.httpPort == 7000)
        #expect(fromFile.maxBatch == 50)
        #expect(fromFile.kafkaProperties["acks"] == "all")
        #expect(fromFile.options["policyVersion"] == "3")
        #expect(fromFile.groupID == "credence-monitoring")

        let fromEnvironment = try load(["--config", file.path], ["CREDENCE_BOOTSTRAP_SERVERS": "env:9092", "CREDENCE_HTTP_PORT": "7100",
                                                                  "KAFKA_SECURITY_PROTOCOL": "SASL_SSL"])
        #expect(fromEnvironment.bootstrapServers == "env:9092")
        #expect(fromEnvironment.httpPort == 7100)
        #expect(fromEnvironment.kafkaProperties["security.protocol"] == "SASL_SSL")

        let fromFlags = try load(["--config", file.path, "--bootstrap-servers", "flag:9092", "--http-port=7200", "--kafka", "security.protocol=SSL"],
                                 ["CREDENCE_BOOTSTRAP_SERVERS": "env:9092", "KAFKA_SECURITY_PROTOCOL": "SASL_SSL"])
        #expect(fromFlags.bootstrapServers == "flag:9092")
        #expect(fromFlags.httpPort == 7200)
        #expect(fromFlags.kafkaProperties["security.protocol"] == "SSL")
    }

    @Test func theBootstrapFileOfCredenceBrokerIsTheDefault() throws {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("credence-bootstrap-\(UUID().uuidString)").path
        try BootstrapFile.write("127.0.0.1:40001", to: path)
        defer { try? FileManager.default.removeItem(atPath: path) }
        let configuration = try load([], ["CREDENCE_BOOTSTRAP_FILE": path])
        #expect(configuration.bootstrapServers == "127.0.0.1:40001")
        #expect(configuration.httpPort == 9102)
        #expect(configuration.clock == .wall)
    }

    @Test(arguments: [
        (["--bootstrap-file", "/nonexistent/credence"], "no Kafka bootstrap servers"),
        (["--bootstrap-servers", "x:1", "--http-port", "70000"], "--http-port"),
        (["--bootstrap-servers", "x:1", "--clock", "sundial"], "--clock must be wall, stream or accelerated"),
        (["--bootstrap-servers", "x:1", "--clock", "accelerated", "--clock-speed", "-2"], "--clock-speed must be positive"),
        (["--bootstrap-servers", "x:1", "--kafka", "novalue"], "--kafka takes KEY=VALUE"),
        (["--bootstrap-servers", "x:1", "--frobnicate", "1"], "unknown option --frobnicate"),
        (["--bootstrap-servers", "x:1", "--log-level", "loud"], "--log-level must be one of"),
        (["--bootstrap-servers", "x:1", "--config", "/nonexistent.json"], "cannot be read"),
        (["stray"], "unexpected argument 'stray'"),
        (["--bootstrap-servers", "x:1", "--transactions", "maybe"], "--transactions must be on or off"),
        (["--bootstrap-servers", "x:1", "--transactions", "off", "--kafka", "transactional.id=t1"], "--transactions off contradicts"),
    ])
    func badConfigurationIsRefusedWithAMessageSayingWhatToFix(arguments: [String], message: String) {
        #expect {
            _ = try load(arguments)
        } throws: { error in
            (error as? RuntimeError).map { $0.code == .configuration && $0.message.contains(message) } == true
        }
    }

    /// Transactions are off by default; on, the producer's id is `<group>-<instance>` unless one is passed
    /// through, which it then leaves out of the properties every client gets.
    @Test func transactionsAreSwitchedOnByFlagOrByATransactionalId() throws {
        #expect(try load(["--bootstrap-servers", "x:1"]).transactionalID == nil)
        let on = try load(["--bootstrap-servers", "x:1", "--instance-id", "pod-0", "--transactions", "on"])
        #expect(on.transactionalID == "credence-monitoring-pod-0")
        let named = try load(["--bootstrap-servers", "x:1", "--kafka", "transactional.id=monitoring-tx-0"], ["CREDENCE_TRANSACTIONS": "on"])
        #expect(named.transactionalID == "monitoring-tx-0")
        #expect(named.kafkaProperties["transactional.id"] == nil, "the consumers do not get the producer's id")
    }

    @Test func theAcceleratedClockRunsFromItsOriginAtItsSpeed() throws {
        let configuration = try load(["--bootstrap-servers", "x:1", "--clock", "accelerated", "--clock-origin", "2024-01-01T00:00:00Z", "--clock-speed", "3600"])
        guard case .accelerated(let origin, let speed, let startedAt) = configuration.clock else {
            Issue.record("not accelerated: \(configuration.clock)")
            return
        }
        #expect(origin == Date(timeIntervalSince1970: 1_704_067_200))
        #expect(speed == 3600)
        // Ten real seconds later the stage clock reads ten simulated hours later.
        #expect(configuration.clock.now(streamTime: nil, systemNow: startedAt.addingTimeInterval(10)) == origin.addingTimeInterval(36_000))
        #expect(StageClock.stream.now(streamTime: origin, systemNow: Date()) == origin)
    }
}
