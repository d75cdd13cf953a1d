import Domain
import Foundation

/// The backtest report of DOMAIN.md §7: what the pipeline made of an ERP history as of a day. Amounts are
/// minor units of `currency`; KPIs are rounded to two decimals (null where undefined, e.g. no sales).
/// Everything but `run` is a function of the input and the policy, so two runs give the same report.
/// Every member DOMAIN.md §7 names is written, `null` where undefined (``AlwaysEncoded``).
struct BacktestReport: Codable, Sendable, Equatable {
    struct Invoices: Codable, Sendable, Equatable {
        /// Issued up to the as-of day.
        var count: Int
        /// Still open at the end of the as-of day.
        var open: Int
        /// Settled up to the as-of day.
        var settled: Int
        /// Settled up to the as-of day, after their due date.
        var paidLate: Int
        /// Disputed up to the as-of day.
        var disputed: Int
    }

    struct KPIs: Codable, Sendable, Equatable {
        var periodMonths: Int
        @AlwaysEncoded var dso: Double?
        @AlwaysEncoded var countBackDso: Double?
        @AlwaysEncoded var bestPossibleDso: Double?
        @AlwaysEncoded var averageDaysDelinquent: Double?
        @AlwaysEncoded var cei: Double?
        @AlwaysEncoded var turnover: Double?
    }

    struct Buyer: Codable, Sendable, Equatable {
        var buyerId: String
        var exposure: Int64
        var overdue: Int64
        @AlwaysEncoded var paydex: Int?
        @AlwaysEncoded var averageDaysBeyondTerms: Double?
        @AlwaysEncoded var grade: Int?
        @AlwaysEncoded var `class`: String?
        @AlwaysEncoded var creditLimit: Int64?
        /// The calibrated one-year probability of default of the buyer's statement; null without one.
        @AlwaysEncoded var probabilityOfDefault: Double? = nil
        /// The grade of the policy's PD band it falls in.
        @AlwaysEncoded var probabilityOfDefaultGrade: Int? = nil
        /// The ratios that cost the financial-strength component most, in words and numbers, worst first.
        @AlwaysEncoded var financialReasons: [String]? = nil
    }

    /// How the report was made; the only part that differs between two runs on the same input.
    struct Run: Codable, Sendable, Equatable {
        var input: String
        var mapping: String
        var events: Int
        var ticks: Int
        var partitions: Int
        var startedAt: String
        var seconds: Double
        /// `concentration` alerts the monitoring stage raised during the replay. They compare a buyer with
        /// the portfolio as other partitions had published it by then, so their number depends on how far the
        /// partitions ran apart; the report's `alerts.concentration` is computed at the as-of day instead.
        var concentrationAlertsRaised: Int
        /// `credit.review.periodic` alerts the scoring stage raised during the replay, left out of `alerts` for
        /// the same reason: which buyers rank among the largest exposures at a punctuation depends on how far
        /// monitoring's positions had come back by then.
        var periodicReviewAlertsRaised: Int
    }

    var asOf: String
    var currency: String
    var invoices: Invoices
    /// Open amounts at the end of the as-of day by bucket: `current`, `1-30`, `31-60`, `61-90`, `90+`.
    var aging: [String: Int64]
    var kpis: KPIs
    var buyers: [Buyer]
    /// Alerts raised by every stage, by type; `concentration` is the number of buyers holding more than the
    /// policy share of all receivables at the end of the as-of day, and `credit.review.periodic` is left out
    /// (see `Run`).
    var alerts: [String: Int]
    /// Invoices by the highest dunning level they reached.
    var dunning: [String: Int]
    /// Claims by their latest state.
    var claims: [String: Int]
    var run: Run?

    /// The report as JSON with sorted keys, so equal reports are equal bytes.
    func json() throws -> Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .prettyPrinted]
        return try encoder.encode(self)
    }

    /// The report without its run metadata (what two runs must agree on).
    var withoutRun: BacktestReport {
        var copy = self
        copy.run = nil
        return copy
    }

    /// Rounds a KPI to two decimals for the report.
    static func rounded(_ value: Double?) -> Double? {
        value.map { ($0 * 100).rounded() / 100 }
    }
}
