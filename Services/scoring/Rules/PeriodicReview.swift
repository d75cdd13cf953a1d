import Domain
import Foundation
import Runtime

/// The periodic review of DOMAIN.md §3: every `periodicReviewDays` (90) for the buyers among the
/// `periodicReviewLargestExposures` (20) largest exposures of the portfolio.
///
/// Design. Exposure (open invoices plus approved, not-yet-invoiced orders) is monitoring's figure, and the
/// largest exposures span every partition. Scoring reads them the way monitoring reads its `concentration`
/// figure: from the compacted `receivables.positions`, a global table whose latest record per buyer is its
/// position, kept down to the exposure alone (`table`). Unlike monitoring's rules, this one takes the
/// buyer's own exposure from the table too, since scoring holds no exposure of its own: the ranking lags by the
/// time positions take to come back, which a review every 90 days absorbs.
///
/// Ranking: exposure converted into the reporting currency, largest first, ties by buyer id ascending. A buyer
/// without exposure (no record, zero or negative) or whose currency has no FX rate is never ranked.
///
/// Cost. Whether a buyer is among the N largest is settled as soon as N others rank above it, so for all but
/// the largest buyers a handful of records is read; only a buyer among the N reads the whole table, and gets
/// its exact rank.
public enum PeriodicReview {
    /// The compacted topic whose latest record per buyer is its position, kept down to the buyer's exposure: a record
    /// that is not a position is left out.
    public static let table = GlobalTableDeclaration<Money>.json(topic: TopicCatalog.receivablesPositions,
                                                                 reading: Exposure.self) { $0.exposure }

    /// Where a buyer stands among the largest exposures.
    public struct Standing: Sendable, Hashable {
        /// 1 for the largest exposure.
        public var rank: Int
        /// The buyer's exposure in the reporting currency.
        public var exposure: Money
    }

    /// The buyer's standing when it is among the `count` largest exposures of `positions` (the table's exposures by
    /// buyer); nil when it is not.
    public static func standing(of buyer: BuyerId, in positions: [String: Money], count: Int,
                                fx: FXTable) -> Standing? {
        func exposure(_ value: Money?) -> Money? {
            guard let value, let converted = try? fx.convert(value), converted.amountMinor > 0 else { return nil }
            return converted
        }
        guard count > 0, let own = exposure(positions[buyer.rawValue]) else { return nil }
        var above = 0
        for (key, value) in positions where key != buyer.rawValue {
            guard let other = exposure(value) else { continue }
            if other.amountMinor > own.amountMinor || (other.amountMinor == own.amountMinor && key < buyer.rawValue) {
                above += 1
                if above >= count { return nil }
            }
        }
        return Standing(rank: above + 1, exposure: own)
    }

    /// Whether a buyer last reviewed on `lastReview` (nil: never) is due for review on `asOf`.
    public static func isDue(lastReview: CalendarDate?, asOf: CalendarDate, intervalDays: Int) -> Bool {
        guard let lastReview else { return true }
        return lastReview.days(until: asOf) >= intervalDays
    }

    /// The one field of a position record the rule reads.
    struct Exposure: Decodable {
        var exposure: Money
    }
}
