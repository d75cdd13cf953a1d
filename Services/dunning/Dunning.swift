/// The dunning stage's rules and processor; built by its own issue.
public enum DunningStage {
    /// The stage's name: consumer group `credence-dunning`, topics `dunning.changelog` and `dunning.dlq`.
    public static let name = "dunning"
}
