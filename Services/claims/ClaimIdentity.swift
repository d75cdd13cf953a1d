import Domain

/// Deterministic claim ids, derived from the buyer and what the claim is for, so that a replay, or a
/// second signal of the same insolvency, names the same claim.
public enum ClaimIdentity {
    /// The protracted-default claim of one invoice (also the id of its notification of overdue account).
    public static func protractedDefault(buyer: BuyerId, invoice: InvoiceId) -> ClaimId {
        derive(buyer: buyer, subject: "protractedDefault/\(invoice.rawValue)")
    }

    /// The buyer's insolvency claim: one per buyer, whichever signal (provider event or assessment) came first.
    public static func insolvency(buyer: BuyerId) -> ClaimId {
        derive(buyer: buyer, subject: "insolvency")
    }

    private static func derive(buyer: BuyerId, subject: String) -> ClaimId {
        ClaimId("CLM-" + EventIdentity.derive(source: "credence/\(ClaimsStage.name)", causeSource: "claim",
                                              causeId: buyer.rawValue, discriminator: subject).prefix(20))
    }
}
