/// The monitoring stage's rules and processor; built by its own issue.
public enum MonitoringStage {
    /// The stage's name: consumer group `credence-monitoring`, topics `monitoring.changelog` and `monitoring.dlq`.
    public static let name = "monitoring"
}
