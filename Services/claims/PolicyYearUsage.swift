import Domain
import Foundation
import Runtime

/// How much of a policy year's aggregate first loss and maximum liability paid claims have used.
///
/// The policy covers the whole portfolio, so the year's usage spans every buyer and partition. Each
/// buyer's own usage is in its state and travels on every `ClaimEvent` it emits (`policyYearStart`,
/// `yearToDateDeductible`, `yearToDateIndemnity`); `claims.events` is keyed by buyer, so its latest
/// record per buyer — read whole by every instance as a global table, as monitoring reads
/// `receivables.positions` — holds every buyer's figures. A buyer's own figures come from its state,
/// never from the table, which lags by the time the records take to come back.
///
/// Limits: claims.events is a delete topic, so a buyer whose last claim event has expired from it no
/// longer counts; and two buyers paid out on different partitions within that lag each see the other's
/// previous figures, so the year's cap can be exceeded by at most what those concurrent payouts add.
public struct PolicyYearUsage: Sendable, Hashable, Codable {
    /// The first day of the policy year.
    public var policyYearStart: CalendarDate
    /// Aggregate first loss used so far.
    public var deductible: Money
    /// Indemnity paid so far.
    public var indemnity: Money

    /// No usage yet in the policy year starting `policyYearStart`.
    public init(policyYearStart: CalendarDate, currency: Currency) {
        self.policyYearStart = policyYearStart
        deductible = .zero(currency)
        indemnity = .zero(currency)
    }

    /// The global table the portfolio's usage is read from: each buyer's latest `ClaimEvent`, kept down to the
    /// policy-year figures it carries (a record without them is left out).
    public static let table = GlobalTableDeclaration<Figures>.json(topic: TopicCatalog.claimsEvents, reading: Figures.self) { figures in
        figures.policyYearStart == nil ? nil : figures
    }

    /// The usage of every buyer but `buyer` in the policy year starting `policyYearStart`, summed from the
    /// table's latest figures per buyer (figures of other years or currencies are left out).
    public static func others(excluding buyer: BuyerId, policyYearStart: CalendarDate, currency: Currency,
                              table: [String: Figures]?) -> PolicyYearUsage {
        var total = PolicyYearUsage(policyYearStart: policyYearStart, currency: currency)
        for (key, record) in table ?? [:] where key != buyer.rawValue {
            guard record.policyYearStart == policyYearStart else { continue }
            // Figures another instance published: a sum beyond 64 bits means the year is used up, never a wrapped total.
            if let deductible = record.yearToDateDeductible, deductible.currency == currency {
                total.deductible = Self.saturatingSum(total.deductible, deductible)
            }
            if let indemnity = record.yearToDateIndemnity, indemnity.currency == currency {
                total.indemnity = Self.saturatingSum(total.indemnity, indemnity)
            }
        }
        return total
    }

    /// `a + b` of one currency, held at the 64-bit bounds instead of wrapping: for figures no input can be refused for.
    static func saturatingSum(_ a: Money, _ b: Money) -> Money {
        let (sum, overflow) = a.amountMinor.addingReportingOverflow(b.amountMinor)
        guard overflow else { return Money(amountMinor: sum, currency: a.currency) }
        return Money(amountMinor: b.amountMinor < 0 ? .min : .max, currency: a.currency)
    }

    /// `a - b` of one currency, held at the 64-bit bounds instead of wrapping.
    static func saturatingDifference(_ a: Money, _ b: Money) -> Money {
        let (difference, overflow) = a.amountMinor.subtractingReportingOverflow(b.amountMinor)
        guard overflow else { return Money(amountMinor: difference, currency: a.currency) }
        return Money(amountMinor: b.amountMinor < 0 ? .max : .min, currency: a.currency)
    }

    /// What the table keeps of a buyer's latest claim event: the policy year's figures it carries.
    public struct Figures: Sendable, Hashable, Decodable {
        /// The first day of the policy year the figures are of.
        public var policyYearStart: CalendarDate?
        /// The buyer's aggregate first loss used so far in that year.
        public var yearToDateDeductible: Money?
        /// The buyer's indemnity paid so far in that year.
        public var yearToDateIndemnity: Money?

        /// A buyer's figures of the policy year starting `policyYearStart`.
        public init(policyYearStart: CalendarDate?, yearToDateDeductible: Money?, yearToDateIndemnity: Money?) {
            self.policyYearStart = policyYearStart
            self.yearToDateDeductible = yearToDateDeductible
            self.yearToDateIndemnity = yearToDateIndemnity
        }
    }
}
