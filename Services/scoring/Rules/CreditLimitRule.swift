import Domain

/// The recommended credit limit (DOMAIN.md §3): book equity × the policy's share × the grade's factor,
/// capped by the class's cap and by the insurer's limit when there is one; 0 for an insolvent buyer;
/// the unrated limit for a buyer without a financial statement, also capped by the insurer.
public enum CreditLimitRule {
    /// The limit in the reporting currency of `fx`.
    ///
    /// Book equity, the class caps, the unrated limit and the insurer's limit may each be in any currency the
    /// policy has a rate for: each is converted into the reporting currency (half-even) before it is compared.
    /// An amount without a rate cannot be used — the stage refuses such inputs (`unknown_exchange_rate`) — so
    /// here it leaves the buyer unrated (equity) or is not applied (a cap).
    public static func limit(bookEquity: Money?, grade: Int, creditClass: CreditClass, insolvent: Bool,
                             insurerLimit: Money?, policy: CreditLimitPolicy, fx: FXTable) -> Money {
        let reporting = fx.reportingCurrency
        if insolvent { return .zero(reporting) }
        var limit: Money
        if let bookEquity, let equity = try? fx.convert(bookEquity) {
            limit = .zero(reporting)
            if equity.amountMinor > 0,
               let share = try? equity.multiplied(by: policy.bookEquityShare),
               let graded = try? share.multiplied(by: policy.factor(forGrade: grade)) {
                limit = graded
            }
            if let cap = try? fx.convert(policy.classCaps[creditClass]), cap.amountMinor < limit.amountMinor { limit = cap }
        } else {
            limit = (try? fx.convert(policy.unratedLimit)) ?? .zero(reporting)
        }
        if policy.insurerLimitCaps, let insurerLimit, let insured = try? fx.convert(insurerLimit),
           insured.amountMinor < limit.amountMinor {
            limit = insured
        }
        return limit
    }

    /// The limit when every amount is in `reportingCurrency` (no rates needed).
    public static func limit(bookEquity: Money?, grade: Int, creditClass: CreditClass, insolvent: Bool,
                             insurerLimit: Money?, policy: CreditLimitPolicy, reportingCurrency: Currency) -> Money {
        limit(bookEquity: bookEquity, grade: grade, creditClass: creditClass, insolvent: insolvent,
              insurerLimit: insurerLimit, policy: policy, fx: FXTable(reportingCurrency: reportingCurrency))
    }
}
