import Domain

/// The recommended credit limit (DOMAIN.md §3): book equity × the policy's share × the grade's factor,
/// capped by the class's cap and by the insurer's limit when there is one; 0 for an insolvent buyer;
/// the unrated limit for a buyer without a financial statement.
public enum CreditLimitRule {
    /// The limit in the reporting currency.
    ///
    /// A statement in another currency than the reporting one cannot be capped (the policy has no FX table),
    /// so such a buyer is treated as unrated; an insurer limit in another currency is likewise not applied.
    public static func limit(bookEquity: Money?, grade: Int, creditClass: CreditClass, insolvent: Bool,
                             insurerLimit: Money?, policy: CreditLimitPolicy, reportingCurrency: Currency) -> Money {
        if insolvent { return .zero(reportingCurrency) }
        guard let bookEquity, bookEquity.currency == reportingCurrency else { return policy.unratedLimit }
        var limit = Money.zero(reportingCurrency)
        if bookEquity.amountMinor > 0,
           let share = try? bookEquity.multiplied(by: policy.bookEquityShare),
           let graded = try? share.multiplied(by: policy.factor(forGrade: grade)) {
            limit = graded
        }
        let cap = policy.classCaps[creditClass]
        if cap.currency == limit.currency, cap.amountMinor < limit.amountMinor { limit = cap }
        if policy.insurerLimitCaps, let insurerLimit, insurerLimit.currency == limit.currency,
           insurerLimit.amountMinor < limit.amountMinor {
            limit = insurerLimit
        }
        return limit
    }
}
