import Domain
import Foundation
import Runtime

/// The `concentration` rule: one buyer above the policy share (20 %) of all receivables of the portfolio.
///
/// Design. Total receivables span every partition, so each instance needs a figure no single partition holds.
/// Following DESIGN.md ("Portfolio figures … published per partition and read whole by every instance"), the
/// figure travels through a compacted topic read as a global table — and the topic is the one this stage
/// already publishes: `receivables.positions`, compacted and keyed by buyer, whose latest records are exactly
/// the portfolio's open amounts. The processor declares it in `globalTables` and reads it from
/// `context.tables`. A per-partition total record was considered and rejected: a processor sees one buyer's
/// state at a time, so it could only build a partition total by adding its own change to the (lagging)
/// table value, and two updates in one batch would overwrite each other; the per-buyer records never go wrong.
/// So no new event type is needed.
///
/// Cost. Summing the table is linear, but the rule only needs to know whether the buyer's share exceeds the
/// threshold: the scan stops as soon as the others' receivables are large enough to rule that out, which for
/// all but the few largest buyers happens after a handful of records. Only a buyer that is concentrated reads
/// the whole table, and its alert then carries the exact total.
///
/// The table lags the stage by the time records take to come back, so the buyer's own amount comes from its
/// state, not from the table. Amounts in other currencies are converted into the reporting currency; a record
/// without an FX rate is left out of the total.
public enum Concentration {
    /// The compacted topic whose latest record per buyer is its position, kept as its ``PositionSummary`` (open
    /// amount, exposure, limit, parent): a record that is not a position is left out.
    public static let table = GlobalTableDeclaration<PositionSummary>.json(topic: TopicCatalog.receivablesPositions,
                                                                           reading: PositionSummary.Fields.self, keep: PositionSummary.init)

    /// What a concentrated buyer's alert reports.
    public struct Finding: Sendable, Hashable {
        /// The buyer's open amount and the portfolio's, in the reporting currency.
        public var buyerReceivables: Money
        public var portfolioReceivables: Money
        public var share: Double
    }

    /// The finding when `buyer`'s `open` receivables exceed `threshold` of the portfolio in `positions` (the
    /// table's summaries by buyer); nil when they do not, or when no other buyer has receivables (a portfolio
    /// of one is not a concentration).
    public static func check(buyer: BuyerId, open: Money, positions: [String: PositionSummary], threshold: Double,
                             fx: FXTable) -> Finding? {
        guard threshold > 0, !open.isZero, let own = try? fx.convert(open) else { return nil }
        let ownMinor = Double(own.amountMinor)
        // The others' total at which the buyer's share falls to the threshold: own ÷ (own + others) ≤ threshold.
        let enough = ownMinor / threshold - ownMinor
        var others: Int128 = 0
        for (key, summary) in positions where key != buyer.rawValue {
            guard let amount = try? fx.convert(summary.openAmount) else { continue }
            others += Int128(amount.amountMinor)
            if Double(others) >= enough { return nil }
        }
        guard others > 0, let total = try? Money(exactly: Int128(own.amountMinor) + others, own.currency) else { return nil }
        return Finding(buyerReceivables: own, portfolioReceivables: total,
                       share: ownMinor / Double(total.amountMinor))
    }
}
