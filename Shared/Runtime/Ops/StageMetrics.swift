import Metrics
import Prometheus
import Synchronization

/// The Prometheus metrics of one stage process, served on `/metrics`.
public final class StageMetrics: Sendable {
    private let registry: PrometheusCollectorRegistry
    private let stage: String
    private let processing: ValueHistogram
    private let rebalances: Prometheus.Counter
    private let restoreSeconds: Prometheus.Gauge
    private let partitionsAssigned: Prometheus.Gauge
    private let partitionsRestored: Prometheus.Gauge
    /// `credence_ready`: 1 while `/readyz` answers 200, else 0; set by the ops server before each scrape.
    public let ready: Prometheus.Gauge

    /// Registers the stage's metrics in `registry`, labelled with `stage`.
    public init(registry: PrometheusCollectorRegistry, stage: String) {
        self.registry = registry
        self.stage = stage
        let labels = [("stage", stage)]
        processing = registry.makeValueHistogram(
            descriptor: Self.name("processing_seconds", "Time to process one batch: decode, rules, deliveries, changelog."),
            labels: labels,
            buckets: [0.0001, 0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5]
        )
        rebalances = registry.makeCounter(descriptor: Self.name("rebalances_total", "Partition assignments received."), labels: labels)
        restoreSeconds = registry.makeGauge(descriptor: Self.name("restore_seconds", "Duration of the last changelog restore."), labels: labels)
        partitionsAssigned = registry.makeGauge(descriptor: Self.name("partitions_assigned", "Input partitions assigned to this instance."), labels: labels)
        partitionsRestored = registry.makeGauge(descriptor: Self.name("partitions_restored", "Assigned partitions whose state is restored."), labels: labels)
        ready = registry.makeGauge(descriptor: Self.name("ready", "1 while the stage is ready (/readyz answers 200), else 0."), labels: labels)
    }

    /// Counts input records read from `topic`.
    public func consumed(topic: String, count: Int) {
        registry.makeCounter(descriptor: Self.name("records_consumed_total", "Input records consumed."), labels: [("stage", stage), ("topic", topic)])
            .increment(by: Int64(count))
    }

    /// Counts records acknowledged on `topic`.
    public func produced(topic: String, count: Int) {
        registry.makeCounter(descriptor: Self.name("records_produced_total", "Records produced and acknowledged."), labels: [("stage", stage), ("topic", topic)])
            .increment(by: Int64(count))
    }

    /// Records one batch's processing time.
    public func processed(seconds: Double) { processing.record(seconds) }

    /// Sets the records still to read on one input partition.
    public func lag(topic: String, partition: Int32, value: Int64) {
        lagGauge(topic: topic, partition: partition).set(Double(value))
    }

    /// Drops the lag gauge of a partition this instance no longer owns.
    public func lagRemoved(topic: String, partition: Int32) {
        registry.unregisterGauge(lagGauge(topic: topic, partition: partition))
    }

    private func lagGauge(topic: String, partition: Int32) -> Prometheus.Gauge {
        registry.makeGauge(descriptor: Self.name("consumer_lag", "Records not yet consumed."), labels: [("stage", stage), ("topic", topic), ("partition", String(partition))])
    }

    /// Counts one input parked on the dead-letter topic, by rejection code and the topic it was read from
    /// (`credence_dlq_records_total{code,source_topic}`, what the alerting rules in deploy/prometheus select on).
    public func deadLettered(code: String, sourceTopic: String) {
        registry.makeCounter(descriptor: Self.name("dlq_records_total", "Inputs parked on the dead-letter topic."),
                             labels: [("stage", stage), ("code", code), ("source_topic", sourceTopic)])
            .increment()
    }

    /// Counts inputs skipped as already applied, by topic.
    public func skippedRedeliveries(topic: String, count: Int) {
        registry.makeCounter(descriptor: Self.name("redeliveries_skipped_total", "Inputs skipped because their key's state already reflects them."),
                             labels: [("stage", stage), ("topic", topic)])
            .increment(by: Int64(count))
    }

    /// Counts inputs a rule ignored as normal traffic, by topic and reason.
    public func ignoredInputs(topic: String, reason: String, count: Int) {
        registry.makeCounter(descriptor: Self.name("inputs_ignored_total", "Inputs a rule ignored as normal traffic (never parked)."),
                             labels: [("stage", stage), ("topic", topic), ("reason", reason)])
            .increment(by: Int64(count))
    }

    /// Counts one batch committed in a Kafka transaction.
    public func committedTransaction() {
        registry.makeCounter(descriptor: Self.name("transactions_committed_total", "Batches committed in one Kafka transaction."),
                             labels: [("stage", stage)])
            .increment()
    }

    /// Counts one partition assignment.
    public func rebalanced() { rebalances.increment() }
    /// Sets how long the last changelog restore took.
    public func restored(seconds: Double) { restoreSeconds.set(seconds) }
    /// Sets the number of input partitions this instance owns.
    public func assigned(count: Int) { partitionsAssigned.set(Double(count)) }
    /// Sets the number of owned partitions whose state is restored.
    public func restoredPartitions(count: Int) { partitionsRestored.set(Double(count)) }

    /// `credence_<name>`, with its help text.
    private static func name(_ name: String, _ help: String) -> MetricNameDescriptor {
        MetricNameDescriptor(namespace: "credence", metricName: name, unitName: "", helpText: help)
    }

    private static let bootstrapped = Mutex(false)

    /// Makes swift-metrics (used by the Kafka layer's librdkafka statistics) report into `registry` too.
    /// Only the first call in a process takes effect: swift-metrics can be bootstrapped once.
    public static func bootstrapSwiftMetrics(registry: PrometheusCollectorRegistry) {
        let first = bootstrapped.withLock { done in
            defer { done = true }
            return !done
        }
        if first { MetricsSystem.bootstrap(PrometheusMetricsFactory(registry: registry)) }
    }
}
