/// The claims stage's rules and processor; built by its own issue.
public enum ClaimsStage {
    /// The stage's name: consumer group `credence-claims`, topics `claims.changelog` and `claims.dlq`.
    public static let name = "claims"
}
