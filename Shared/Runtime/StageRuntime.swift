/// The stage runtime (consumer group, state and changelog, clocks, DLQ, health, metrics) is built by the
/// Runtime issue; what exists so far is the bootstrap file and signal handling every process shares.
public enum StageRuntime {
    /// The runtime's version, reported by every stage at start.
    public static let version = "0.1.0"
}
