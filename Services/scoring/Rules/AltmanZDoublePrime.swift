import Domain

/// Altman's Z″ (the four-ratio model for non-manufacturers and emerging markets), reported beside the
/// scorecard as an explanation: 6.56·WC/TA + 3.26·RE/TA + 6.72·EBIT/TA + 1.05·BookEquity/TL.
public enum AltmanZDoublePrime {
    /// Where a Z″ falls: distress below the policy's lower bound, safe above its upper bound, grey between.
    public enum Zone: String, Sendable, Hashable, Codable {
        case distress
        case grey
        case safe
    }

    /// Z″ of four ratios.
    public static func score(workingCapitalToAssets: Double, retainedEarningsToAssets: Double,
                             ebitToAssets: Double, equityToLiabilities: Double) -> Double {
        6.56 * workingCapitalToAssets + 3.26 * retainedEarningsToAssets + 6.72 * ebitToAssets + 1.05 * equityToLiabilities
    }

    /// Z″ of a statement (ratios X3, X6, X7, X8 as `StatementRatios` reads them); nil when one is missing.
    public static func score(_ statement: FinancialStatement) -> Double? {
        guard let wc = StatementRatios.value("X3", in: statement), let re = StatementRatios.value("X6", in: statement),
              let ebit = StatementRatios.value("X7", in: statement), let equity = StatementRatios.value("X8", in: statement)
        else { return nil }
        return score(workingCapitalToAssets: wc, retainedEarningsToAssets: re, ebitToAssets: ebit, equityToLiabilities: equity)
    }

    /// The zone of `z`: distress < `distressBelow` ≤ grey ≤ `safeAbove` < safe.
    public static func zone(_ z: Double, _ zones: AltmanZones) -> Zone {
        if z < zones.distressBelow { return .distress }
        if z > zones.safeAbove { return .safe }
        return .grey
    }
}
