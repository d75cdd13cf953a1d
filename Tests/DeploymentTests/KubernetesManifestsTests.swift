import Domain
import Foundation
import TestSupport
import Testing

/// deploy/k8s rendered by `kubectl kustomize`, validated against the Kubernetes schemas (kubernetes-validate),
/// and read as the specification of how each stage runs: probes, resources, drain, disruption budget,
/// scrape annotations, the policy ConfigMap, credentials from the Secret, and KEDA scaling on the group's lag.
@Suite struct KubernetesManifestsTests {
    /// The Kubernetes versions the manifests are checked against: an old supported one and the newest schemas.
    static let kubernetesVersions = ["1.28.0", "1.37.0"]
    /// KEDA's kinds, which no Kubernetes schema describes: their structure is checked below instead.
    static let kedaKinds: Set<String> = ["ScaledObject", "TriggerAuthentication"]

    @Test func theManifestsRenderWithKubectlKustomize() async throws {
        let manifests = try await DeploymentFiles.kubernetes.value
        let kinds = Set(manifests.documents.compactMap { $0["kind"]?.text })
        #expect(kinds.isSuperset(of: ["Deployment", "PodDisruptionBudget", "ConfigMap", "Secret", "ScaledObject", "TriggerAuthentication"]))
        for document in manifests.documents where document["kind"]?.text != "Namespace" {
            #expect(document["metadata"]?["namespace"]?.text == "credence")
        }
    }

    @Test func everyBuiltInObjectValidatesAgainstTheKubernetesSchemas() async throws {
        let manifests = try await DeploymentFiles.kubernetes.value
        let run = try await validate(manifests.yaml)
        #expect(run.status == 0, "\(run.output)\(run.errors)")
        let lines = run.output.split(separator: "\n")
        for document in manifests.documents {
            let kind = try #require(document["kind"]?.text)
            let name = try #require(document["metadata"]?["name"]?.text)
            if Self.kedaKinds.contains(kind) { continue }
            for version in Self.kubernetesVersions.map({ $0.split(separator: ".").prefix(2).joined(separator: ".") }) {
                #expect(lines.contains { $0.hasPrefix("INFO") && $0.contains("\(kind.lowercased())/\(name) against version \(version)") },
                        "\(kind)/\(name) was not validated against Kubernetes \(version):\n\(run.output)")
            }
        }
        // Only KEDA's kinds may go without a schema; anything else unknown is an error in the manifests.
        for warning in lines where warning.hasPrefix("WARN") {
            #expect(Self.kedaKinds.contains { warning.contains("kind \($0) with api version keda.sh/") }, "\(warning)")
        }
    }

    @Test func theSchemaCheckRejectsAMisspelledField() async throws {
        let run = try await validate("""
            apiVersion: policy/v1
            kind: PodDisruptionBudget
            metadata:
              name: misspelt
            spec:
              maxUnavailabe: 1
            """)
        #expect(run.status != 0)
        #expect(run.output.contains("ERROR"))
    }

    @Test(arguments: StageFacts.all)
    func everyStageRunsAsADeploymentThatDrainsWithinItsTerminationGrace(_ stage: StageFacts) async throws {
        let manifests = try await DeploymentFiles.kubernetes.value
        let deployment = try #require(manifests.object(kind: "Deployment", name: stage.consumerGroup))
        let pod = try #require(RenderedManifests.podSpec(of: deployment))
        let container = try #require(pod["containers"]?.elements.first)
        let environment = Self.environment(of: container)
        let port = try stage.defaultHTTPPort()

        #expect(container["command"]?.elements.compactMap(\.text) == [stage.executable])
        #expect(environment["CREDENCE_HTTP_PORT"]?["value"]?.integer == port)
        #expect(container["ports"]?.elements.first?["containerPort"]?.integer == port)
        for (probe, path) in [("livenessProbe", "/healthz"), ("readinessProbe", "/readyz")] {
            let check = try #require(container[probe]?["httpGet"], "\(stage.name) has no \(probe)")
            #expect(check["path"]?.text == path)
            #expect(Self.containerPort(check["port"], in: container) == port, "\(stage.name) \(probe) probes another port")
        }
        for bound in ["requests", "limits"] {
            #expect(container["resources"]?[bound]?["cpu"] != nil && container["resources"]?[bound]?["memory"] != nil, "\(stage.name) has no \(bound)")
        }
        // The kubelet sends SIGKILL when the termination grace ends: it must outlast the stage's own drain.
        let drain = try #require(environment["CREDENCE_GRACE_PERIOD"]?["value"]?.integer, "\(stage.name) leaves its drain time implicit")
        let termination = try #require(pod["terminationGracePeriodSeconds"]?.integer)
        #expect(termination > drain)
        #expect(deployment["spec"]?["replicas"] == nil, "the ScaledObject owns the replica count")
        #expect(pod["securityContext"]?["runAsNonRoot"] == .bool(true))

        let annotations = try #require(deployment["spec"]?["template"]?["metadata"]?["annotations"])
        #expect(annotations["prometheus.io/scrape"]?.text == "true")
        #expect(annotations["prometheus.io/port"]?.integer == port)
        #expect(annotations["prometheus.io/path"]?.text == "/metrics")
    }

    @Test(arguments: StageFacts.all)
    func everyStageLoadsThePolicyConfigMapAndTheKafkaCredentialsFromTheSecret(_ stage: StageFacts) async throws {
        let manifests = try await DeploymentFiles.kubernetes.value
        let deployment = try #require(manifests.object(kind: "Deployment", name: stage.consumerGroup))
        let pod = try #require(RenderedManifests.podSpec(of: deployment))
        let container = try #require(pod["containers"]?.elements.first)
        let environment = Self.environment(of: container)

        let policyPath = try #require(environment["CREDENCE_POLICY"]?["value"]?.text)
        let policyVolume = try #require(Self.volume(mountedAt: policyPath, container: container, pod: pod))
        let configMapName = try #require(policyVolume["configMap"]?["name"]?.text)
        let configMap = try #require(manifests.object(kind: "ConfigMap", name: configMapName))
        let fileName = URL(fileURLWithPath: policyPath).lastPathComponent
        let shipped = try String(contentsOf: RepositoryFiles.defaultPolicy, encoding: .utf8)
        #expect(configMap["data"]?[fileName]?.text == shipped, "deploy/k8s/policy/default.json must equal policy/default.json")

        for variable in ["KAFKA_SECURITY_PROTOCOL", "KAFKA_SASL_MECHANISM", "KAFKA_SASL_USERNAME", "KAFKA_SASL_PASSWORD"] {
            let reference = try #require(environment[variable]?["valueFrom"]?["secretKeyRef"], "\(stage.name): \(variable) must come from the Secret")
            let secret = try #require(manifests.object(kind: "Secret", name: reference["name"]?.text ?? ""))
            #expect(Self.keys(of: secret).contains(reference["key"]?.text ?? ""))
        }
        let caPath = try #require(environment["KAFKA_SSL_CA_LOCATION"]?["value"]?.text)
        let caVolume = try #require(Self.volume(mountedAt: caPath, container: container, pod: pod))
        #expect(caVolume["secret"]?["secretName"]?.text == environment["KAFKA_SASL_PASSWORD"]?["valueFrom"]?["secretKeyRef"]?["name"]?.text)
    }

    @Test(arguments: StageFacts.all)
    func everyStageHasADisruptionBudgetOverItsPods(_ stage: StageFacts) async throws {
        let manifests = try await DeploymentFiles.kubernetes.value
        let deployment = try #require(manifests.object(kind: "Deployment", name: stage.consumerGroup))
        let budget = try #require(manifests.object(kind: "PodDisruptionBudget", name: stage.consumerGroup))
        #expect(budget["spec"]?["selector"] == deployment["spec"]?["selector"])
        #expect(budget["spec"]?["maxUnavailable"]?.integer == 1)
    }

    @Test(arguments: StageFacts.all)
    func everyStageScalesOnItsConsumerGroupLagNeverBeyondThePartitionCount(_ stage: StageFacts) async throws {
        let manifests = try await DeploymentFiles.kubernetes.value
        let scaled = try #require(manifests.object(kind: "ScaledObject", name: stage.consumerGroup))
        #expect(scaled["apiVersion"]?.text == "keda.sh/v1alpha1")
        let spec = try #require(scaled["spec"])
        #expect(spec["scaleTargetRef"]?["name"]?.text == stage.consumerGroup)
        #expect((spec["scaleTargetRef"]?["kind"]?.text ?? "Deployment") == "Deployment")
        // Never zero: wall-clock rules (aging, dunning deadlines) need a running member without input.
        #expect((spec["minReplicaCount"]?.integer ?? 0) >= 1)
        #expect(spec["maxReplicaCount"]?.integer == TopicCatalog.defaultPartitions)

        let bootstrap = try #require(manifests.object(kind: "ConfigMap", name: "credence-kafka")?["data"]?["bootstrap-servers"]?.text)
        let triggers = spec["triggers"]?.elements ?? []
        var topics: Set<String> = []
        for trigger in triggers {
            let metadata = try #require(trigger["metadata"])
            #expect(trigger["type"]?.text == "kafka")
            #expect(metadata["bootstrapServers"]?.text == bootstrap, "KEDA must measure the cluster the stage consumes")
            #expect(metadata["consumerGroup"]?.text == stage.consumerGroup)
            #expect(metadata["allowIdleConsumers"]?.text == "false")
            #expect((metadata["lagThreshold"]?.integer ?? 0) > 0)
            topics.insert(try #require(metadata["topic"]?.text))
            let authentication = try #require(trigger["authenticationRef"]?["name"]?.text)
            #expect(manifests.object(kind: "TriggerAuthentication", name: authentication) != nil)
        }
        #expect(topics == (try stage.inputTopics()))
    }

    @Test func kedaLogsInWithKeysTheSecretHas() async throws {
        let manifests = try await DeploymentFiles.kubernetes.value
        let authentication = try #require(manifests.object(kind: "TriggerAuthentication", name: "credence-kafka"))
        let references = authentication["spec"]?["secretTargetRef"]?.elements ?? []
        #expect(Set(references.compactMap { $0["parameter"]?.text }) == ["sasl", "username", "password", "tls", "ca"])
        for reference in references {
            let secret = try #require(manifests.object(kind: "Secret", name: reference["name"]?.text ?? ""))
            #expect(Self.keys(of: secret).contains(reference["key"]?.text ?? ""), "\(reference)")
        }
    }

    // MARK: Reading the objects

    private func validate(_ yaml: String) async throws -> ToolRun {
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("credence-k8s-\(UUID().uuidString).yaml")
        try yaml.write(to: file, atomically: true, encoding: .utf8)
        defer { try? FileManager.default.removeItem(at: file) }
        let versions = Self.kubernetesVersions.flatMap { ["--kubernetes-version", $0] }
        return try await ExternalTool.kubernetesValidate.run(["--strict"] + versions + [file.path])
    }

    private static func environment(of container: JSONValue) -> [String: JSONValue] {
        Dictionary((container["env"]?.elements ?? []).map { ($0["name"]?.text ?? "", $0) }) { first, _ in first }
    }

    private static func containerPort(_ port: JSONValue?, in container: JSONValue) -> Int? {
        if let number = port?.integer { return number }
        return container["ports"]?.elements.first { $0["name"] == port }?["containerPort"]?.integer
    }

    private static func volume(mountedAt path: String, container: JSONValue, pod: JSONValue) -> JSONValue? {
        let mount = container["volumeMounts"]?.elements.first { path.hasPrefix(($0["mountPath"]?.text ?? "\u{0}") + "/") }
        return pod["volumes"]?.elements.first { $0["name"] == mount?["name"] }
    }

    private static func keys(of secret: JSONValue) -> Set<String> {
        Set((secret["data"]?.members ?? [:]).keys).union((secret["stringData"]?.members ?? [:]).keys)
    }
}
