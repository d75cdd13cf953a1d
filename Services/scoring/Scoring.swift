/// The scoring stage's rules and processor; built by its own issue.
public enum ScoringStage {
    /// The stage's name: consumer group `credence-scoring`, topics `scoring.changelog` and `scoring.dlq`.
    public static let name = "scoring"
}
