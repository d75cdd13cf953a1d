/// The dunning stage: collects firmly but politely (DOMAIN.md §5). Its policy table is
/// ``DunningPolicyTable``, its per-invoice state machine ``DunningStateMachine``, its wiring ``DunningProcessor``.
public enum DunningStage {
    /// The stage's name: consumer group `credence-dunning`, topics `dunning.changelog` and `dunning.dlq`.
    public static let name = "dunning"
}
