import Foundation
import Testing

/// Every environment variable the deployment files set — the image's ENV, each Compose service's
/// `environment`, each Kubernetes container's `env` — is one the executable it reaches reads: a
/// `CREDENCE_…` name from the settings table (or the CLI's source), or a `KAFKA_…` name that maps to a property
/// librdkafka documents. A misspelt or stale name would otherwise be ignored without a word.
@Suite struct DeploymentFilesTests {
    @Test func theStagesAndTheCommandLineReadTheVariablesTheirSourceNames() throws {
        let stage = try ServiceEnvironment.stageVariables()
        #expect(stage.isSuperset(of: ["CREDENCE_BOOTSTRAP_SERVERS", "CREDENCE_HTTP_PORT", "CREDENCE_GRACE_PERIOD", "CREDENCE_POLICY"]))
        #expect(try ServiceEnvironment.commandLineVariables().contains("CREDENCE_BOOTSTRAP_SERVERS"))
        #expect(ServiceEnvironment.executablesPassKafkaVariablesThrough(), "the KAFKA_ pass-through rule of the settings table changed: update ServiceEnvironment")
        #expect(ServiceEnvironment.kafkaProperty("KAFKA_SASL_USERNAME") == "sasl.username")
    }

    @Test func librdkafkaDocumentsThePropertiesTheDeploymentsPassThrough() async throws {
        let properties = try await ServiceEnvironment.librdkafkaProperties()
        #expect(properties.isSuperset(of: ["security.protocol", "sasl.mechanism", "sasl.username", "sasl.password", "ssl.ca.location"]))
        #expect(!properties.contains("sasl.user"))
    }

    @Test func theImageSetsOnlyVariablesTheStagesRead() async throws {
        let variables = try Dockerfile(contentsOf: DeploymentFiles.dockerfile).environmentVariables
        #expect(!variables.isEmpty)
        try await expectRead(variables, by: "credence-scoring", in: "deploy/Dockerfile")
    }

    @Test func everyComposeServiceOfTheImageSetsOnlyVariablesItsExecutableReads() async throws {
        let services = try await DeploymentFiles.composeFile()["services"]?.members ?? [:]
        var checked = 0
        for (name, service) in services.sorted(by: { $0.key < $1.key }) {
            // The broker's KAFKA_* are Apache Kafka's server properties, read by its image, not by Credence.
            if service["image"]?.text?.hasPrefix("apache/kafka:") == true { continue }
            #expect(service["image"]?.text == "credence:local", "service \(name) runs neither the Credence image nor Apache Kafka")
            let executable = try #require(service["command"]?.elements.first?.text, "service \(name) names no executable")
            let environment = service["environment"]
            let variables = environment?.members.keys.sorted()
                ?? environment?.elements.compactMap { $0.text?.split(separator: "=").first.map(String.init) } ?? []
            try await expectRead(variables, by: executable, in: "docker-compose.yml service \(name)")
            checked += variables.count
        }
        #expect(checked > 0)
    }

    @Test func everyKubernetesContainerSetsOnlyVariablesItsExecutableReads() async throws {
        let manifests = try await DeploymentFiles.kubernetes.value
        #expect(manifests.containers.count == StageFacts.all.count)
        for (workload, container) in manifests.containers {
            #expect(container["envFrom"] == nil, "\(workload): envFrom hides which variables are set; list them under env")
            let executable = try #require(container["command"]?.elements.first?.text, "\(workload) names no executable")
            let variables = container["env"]?.elements.compactMap { $0["name"]?.text } ?? []
            #expect(!variables.isEmpty)
            try await expectRead(variables, by: executable, in: "deploy/k8s \(workload)")
        }
    }

    private func expectRead(_ variables: [String], by executable: String, in place: String) async throws {
        let read = try #require(try ServiceEnvironment.variables(of: executable), "\(place) runs \(executable), not a Credence executable")
        let librdkafka = try await ServiceEnvironment.librdkafkaProperties()
        for variable in variables {
            if let property = ServiceEnvironment.kafkaProperty(variable) {
                let documented = librdkafka.contains(property)
                #expect(documented, "\(place) sets \(variable): librdkafka has no property \(property)")
            } else if ServiceEnvironment.cLibraryVariables.contains(variable) {
                continue
            } else {
                let isRead = read.contains(variable)
                #expect(isRead, "\(place) sets \(variable), which \(executable) never reads (it reads \(read.sorted().joined(separator: ", ")))")
            }
        }
    }
}
