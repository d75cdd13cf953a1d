import Foundation
import TestSupport
import Testing

/// docker-compose.yml validated against the Compose specification's JSON schema (check-jsonschema's
/// vendored copy), and read as the specification of the local cluster: KRaft Kafka, one-shot topic
/// provisioning, the four stages with health checks, and the ERP import behind a profile.
@Suite struct ComposeFileTests {
    @Test func theComposeFileValidatesAgainstTheComposeSpecification() async throws {
        let run = try await ExternalTool.checkJSONSchema.run(["--builtin-schema", "vendor.compose-spec", DeploymentFiles.compose.path])
        #expect(run.status == 0, "\(run.output)\(run.errors)")
    }

    @Test func theComposeSchemaCheckRejectsAnUnknownServiceKey() async throws {
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("credence-compose-\(UUID().uuidString).yml")
        try "services:\n  scoring:\n    image: credence:local\n    helthcheck:\n      test: [\"CMD\", \"true\"]\n".write(to: file, atomically: true, encoding: .utf8)
        defer { try? FileManager.default.removeItem(at: file) }
        let run = try await ExternalTool.checkJSONSchema.run(["--builtin-schema", "vendor.compose-spec", file.path])
        #expect(run.status != 0)
    }

    @Test func kafkaRunsInKRaftModeWithOneNodeByDefaultAndThreeBehindAProfile() async throws {
        let services = try await DeploymentFiles.composeFile()["services"]?.members ?? [:]
        let brokers = services.filter { $0.value["image"]?.text?.hasPrefix("apache/kafka:") == true }
        #expect(brokers.filter { $0.value["profiles"] == nil }.keys.sorted() == ["kafka"])
        #expect(brokers.filter { $0.value["profiles"]?.elements.contains(.string("cluster")) == true }.count == 2)
        for (name, broker) in brokers {
            #expect(broker["environment"]?["KAFKA_PROCESS_ROLES"] != nil, "\(name) is not a KRaft node")
            #expect(broker["environment"]?["KAFKA_CONTROLLER_QUORUM_VOTERS"]?.text == "1@kafka:9093")
            #expect(broker["healthcheck"] != nil)
        }
    }

    @Test func theTopicsAreCreatedOnceKafkaIsHealthyAndBeforeAnyStageStarts() async throws {
        let services = try await DeploymentFiles.composeFile()["services"]?.members ?? [:]
        let topics = try #require(services["topics"])
        let command = topics["command"]?.elements.compactMap(\.text) ?? []
        #expect(Array(command.prefix(3)) == ["credence", "topics", "create"])
        #expect(command.contains("--bootstrap-servers") && command.contains("--partitions") && command.contains("--replication-factor"))
        #expect(topics["depends_on"]?["kafka"]?["condition"]?.text == "service_healthy")
        for stage in StageFacts.all {
            let service = try #require(services[stage.name])
            #expect(service["depends_on"]?["topics"]?["condition"]?.text == "service_completed_successfully")
        }
    }

    @Test(arguments: StageFacts.all)
    func everyStageHasAHealthCheckOnItsOpsPortAndStopsWithinItsGrace(_ stage: StageFacts) async throws {
        let service = try #require(try await DeploymentFiles.composeFile()["services"]?[stage.name])
        let port = try stage.defaultHTTPPort()
        let environment = try #require(service["environment"])
        #expect(service["command"]?.elements.compactMap(\.text) == [stage.executable])
        #expect(environment["CREDENCE_HTTP_PORT"]?.integer == port)
        #expect(environment["CREDENCE_BOOTSTRAP_SERVERS"]?.text == "kafka:9092")
        let check = service["healthcheck"]?["test"]?.elements.compactMap(\.text).joined(separator: " ") ?? ""
        #expect(check.contains("127.0.0.1:\(port)/readyz"), "\(check)")
        let drain = try #require(environment["CREDENCE_GRACE_PERIOD"]?.integer)
        let stopGrace = try #require(service["stop_grace_period"]?.text?.firstMatch(of: /^(\d+)s$/).flatMap { Int($0.output.1) })
        #expect(stopGrace > drain)
    }

    /// The demo's ERP simulator runs against the Compose Kafka, with the partition count the topics were made with.
    @Test func theERPSimulatorRunsBehindAProfileAgainstTheComposeKafka() async throws {
        let services = try await DeploymentFiles.composeFile()["services"]
        let service = try #require(services?["erp-simulator"])
        #expect(service["profiles"]?.elements == [.string("erp")])
        let command = service["command"]?.elements.compactMap(\.text) ?? []
        #expect(Array(command.prefix(2)) == ["credence", "demo"])
        #expect(command.firstIndex(of: "--bootstrap-servers").map { command[$0 + 1] } == "kafka:9092")
        #expect(command.firstIndex(of: "--partitions").map { command[$0 + 1] } == "${PARTITIONS:-12}")
    }

    @Test func theERPImportRunsBehindAProfileWithTheShippedMapping() async throws {
        let service = try #require(try await DeploymentFiles.composeFile()["services"]?["erp-ingest"])
        #expect(service["profiles"]?.elements == [.string("erp")])
        let command = service["command"]?.elements.compactMap(\.text) ?? []
        #expect(Array(command.prefix(2)) == ["credence", "ingest"])
        #expect(command.contains("--ticks"))
        let input = try #require(command.firstIndex(of: "--input").map { command[$0 + 1] })
        let mapping = try #require(command.firstIndex(of: "--mapping").map { command[$0 + 1] })
        // The image copies ingest/ to /app/ingest/: the mapping must be one the repository ships.
        #expect(mapping.hasPrefix("/app/ingest/"))
        #expect(FileManager.default.fileExists(atPath: RepositoryFiles.root.appendingPathComponent(String(mapping.dropFirst("/app/".count))).path))
        let volume = try #require(service["volumes"]?.elements.first { $0["target"]?.text == input })
        #expect(volume["source"]?.text?.contains("../shared/data/ibm-accounts-receivable.csv") == true)
        #expect(volume["read_only"] == .bool(true))
    }
}
