import Prometheus
import Runtime
import Testing

/// The counters a stage exports for what it parks and what it ignores, with the labels the alerting rules and
/// dashboards select on.
@Suite struct StageMetricsTests {
    static func exposition(_ body: (StageMetrics) -> Void) -> String {
        let registry = PrometheusCollectorRegistry()
        body(StageMetrics(registry: registry, stage: "claims"))
        var buffer: [UInt8] = []
        registry.emit(into: &buffer)
        return String(decoding: buffer, as: UTF8.self)
    }

    @Test func ignoredInputsAreCountedByTopicAndReason() {
        let text = Self.exposition { metrics in
            metrics.ignoredInputs(topic: "dunning.actions", reason: "closed_invoice", count: 2)
            metrics.ignoredInputs(topic: "dunning.actions", reason: "closed_invoice", count: 1)
        }
        #expect(text.contains(#"credence_inputs_ignored_total{stage="claims",topic="dunning.actions",reason="closed_invoice"} 3"#), "\(text)")
    }

    @Test func deadLettersAreCountedByCodeAndSourceTopic() {
        let text = Self.exposition { $0.deadLettered(code: "unknown_reference", sourceTopic: "dunning.actions") }
        #expect(text.contains(#"credence_dlq_records_total{stage="claims",code="unknown_reference",source_topic="dunning.actions"} 1"#), "\(text)")
    }
}
