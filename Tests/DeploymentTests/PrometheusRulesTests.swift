import Foundation
import TestSupport
import Testing

/// deploy/k8s/prometheus/credence.rules.yaml: valid for Prometheus (`promtool check rules`), each alert firing
/// and staying quiet as its unit tests say (`promtool test rules`), written over metrics the stages export,
/// and shipped by the kustomization.
@Suite struct PrometheusRulesTests {
    static let folder = RepositoryFiles.root.appendingPathComponent("deploy/k8s/prometheus")
    static let rules = folder.appendingPathComponent("credence.rules.yaml")

    @Test func theRulesPassPromtoolCheck() async throws {
        let run = try await ExternalTool.promtool.run(["check", "rules", Self.rules.path])
        #expect(run.status == 0, "\(run.output)\(run.errors)")
        #expect(run.output.contains("SUCCESS: 4 rules found"), "\(run.output)")
    }

    @Test func eachAlertFiresAndStaysQuietAsItsUnitTestsSay() async throws {
        let run = try await ExternalTool.promtool.run(["test", "rules", "credence.rules.test.yaml"], in: Self.folder)
        #expect(run.status == 0, "\(run.output)\(run.errors)")
        let tests = try String(contentsOf: Self.folder.appendingPathComponent("credence.rules.test.yaml"), encoding: .utf8)
        for alert in ["CredenceDeadLetterRateHigh", "CredenceProducerBug", "CredenceStageNotReady", "CredenceConsumerLagGrowing"] {
            #expect(tests.contains("alertname: \(alert)\n        exp_alerts: []"), "\(alert) has a case where it does not fire")
            #expect(tests.contains("alertname: \(alert)\n        exp_alerts:\n          - exp_labels"), "\(alert) has a case where it fires")
        }
    }

    /// A rule over a metric no stage exports would never fire; the names come from StageMetrics' source.
    @Test func everyMetricTheRulesReadIsOneTheStagesExport() throws {
        let source = try String(contentsOf: RepositoryFiles.root.appendingPathComponent("Shared/Runtime/Ops/StageMetrics.swift"), encoding: .utf8)
        let exported = Set(source.matches(of: /Self\.name\("(\w+)"/).map { "credence_" + $0.output.1 })
        let rules = try String(contentsOf: Self.rules, encoding: .utf8)
        let read = Set(rules.matches(of: /\b(credence_[a-z_]+)\b(?=\{|\[|\)| )/).map { String($0.output.1) })
        #expect(read == ["credence_dlq_records_total", "credence_ready", "credence_consumer_lag"], "\(read)")
        #expect(read.isSubset(of: exported), "not exported: \(read.subtracting(exported))")
        // The labels the rules group by are the ones StageMetrics puts on the DLQ counter.
        #expect(source.contains(#"labels: [("stage", stage), ("code", code), ("source_topic", sourceTopic)]"#))
    }

    @Test func theKustomizationShipsTheRulesAsAConfigMap() async throws {
        let manifests = try await DeploymentFiles.kubernetes.value
        let configMap = try #require(manifests.object(kind: "ConfigMap", name: "credence-prometheus-rules"))
        let shipped = try #require(configMap["data"]?["credence.rules.yaml"]?.text)
        #expect(shipped == (try String(contentsOf: Self.rules, encoding: .utf8)))
        #expect(configMap["metadata"]?["labels"]?["prometheus_rule"]?.text == "true")
    }
}
