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
    /// The buyer's overdue invoices together, in the reporting currency, on the day judged: what the
    /// minimum-amount and cost-of-collection rules compare (DOMAIN.md §5, judged per buyer). Nil when not
    /// known — an invoice judged alone — or when an amount has no rate (never mixed into a total).
    public var buyerOverdue: Money?
    /// Whether writing an invoice off releases the credit hold it caused (policy `monitoring.creditHold.releaseOnWriteOff`).
    public var releaseHoldOnWriteOff: Bool

    /// The rules of one buyer.
    public init(table: DunningPolicyTable, fxTable: FXTable, buyerBlocked: Bool = false, buyerLevelOverride: Int? = nil,
                buyerOverdue: Money? = nil, releaseHoldOnWriteOff: Bool = false) {
        self.table = table
        self.fxTable = fxTable
        self.buyerBlocked = buyerBlocked
        self.buyerLevelOverride = buyerLevelOverride
        self.buyerOverdue = buyerOverdue
        self.releaseHoldOnWriteOff = releaseHoldOnWriteOff
    }

    /// The dunning policy the table is read from.
    public var policy: DunningPolicy { table.policy }

    /// What the amount rules compare for an invoice whose open amount is `openAmount`: the buyer's overdue
    /// total when known, else the invoice's own amount in the reporting currency; nil without a rate.
    public func judgedAmount(_ openAmount: Money) -> Money? {
        buyerOverdue ?? (try? fxTable.convert(openAmount))
    }

    /// The amount the rules compared, in words, for the audit note.
    public func judgedDescription(_ openAmount: Money) -> String {
        buyerOverdue.map { "the buyer's overdue total \($0)" } ?? "the open amount \(openAmount)"
    }

    /// Whether the buyer's overdue total (or the invoice's open amount, judged alone) is below the policy minimum,
    /// in the reporting currency; nil when an amount has no rate, and the rule cannot be applied.
    public func isBelowMinimum(_ openAmount: Money) -> Bool? {
        guard let judged = judgedAmount(openAmount), let below = try? judged.isLess(than: policy.minimumAmount) else { return nil }
        return below
    }

    /// Whether the estimated cost of collecting exceeds the buyer's overdue total (or the invoice's open amount,
    /// judged alone), in the reporting currency; nil when an amount has no rate.
    public func collectionCostExceeds(_ openAmount: Money) -> Bool? {
        guard let judged = judgedAmount(openAmount),
              let exceeds = try? judged.isLess(than: policy.estimatedCollectionCost) else { return nil }
        return exceeds
    }
}
