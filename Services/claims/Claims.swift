/// The claims stage: claims on the credit insurance policy when a buyer will not or cannot pay
/// (DOMAIN.md §6). Its policy numbers are ``ClaimsRules``, its state machine ``BuyerClaimsState``
/// (`ClaimStateMachine.swift`), its indemnity arithmetic ``Indemnity``, its wiring ``ClaimsProcessor``.
public enum ClaimsStage {
    /// The stage's name: consumer group `credence-claims`, topics `claims.changelog` and `claims.dlq`.
    public static let name = "claims"
}
