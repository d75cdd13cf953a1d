import Domain

/// Everything an invoice's state machine decides with besides its own state: the policy table of the
/// buyer's tier, the FX table for thresholds kept in the reporting currency, and the collector's
/// decisions that apply to every invoice of the buyer.
public struct DunningRules: Sendable, Hashable {
    /// The level table as the buyer's tier sees it.
    public var table: DunningPolicyTable
    /// Converts invoice amounts into the reporting currency of the minimum amount and collection cost.
    public var fxTable: FXTable
    /// A collector blocked dunning of every invoice of the buyer.
    public var buyerBlocked: Bool
    /// A collector forced every invoice of the buyer to this level.
    public var buyerLevelOverride: Int?

    /// The rules of one buyer.
    public init(table: DunningPolicyTable, fxTable: FXTable, buyerBlocked: Bool = false, buyerLevelOverride: Int? = nil) {
        self.table = table
        self.fxTable = fxTable
        self.buyerBlocked = buyerBlocked
        self.buyerLevelOverride = buyerLevelOverride
    }

    /// The dunning policy the table is read from.
    public var policy: DunningPolicy { table.policy }

    /// Whether the open amount is below the policy minimum (compared in the reporting currency);
    /// nil when the FX table has no rate for the invoice's currency, and the rule cannot be applied.
    public func isBelowMinimum(_ openAmount: Money) -> Bool? {
        guard let reported = try? fxTable.convert(openAmount),
              let below = try? reported.isLess(than: policy.minimumAmount) else { return nil }
        return below
    }

    /// Whether the estimated cost of collecting exceeds the open amount (compared in the reporting
    /// currency); nil when the FX table has no rate for the invoice's currency.
    public func collectionCostExceeds(_ openAmount: Money) -> Bool? {
        guard let reported = try? fxTable.convert(openAmount),
              let exceeds = try? reported.isLess(than: policy.estimatedCollectionCost) else { return nil }
        return exceeds
    }
}
