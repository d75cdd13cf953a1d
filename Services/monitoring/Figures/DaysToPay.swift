import Domain

/// Average days-to-pay (settlement date − issue date, amount-weighted) of the invoices settled by payment in a
/// window of days; the basis of the `payment.slowdown` alert.
public enum DaysToPay {
    /// The amount-weighted mean days-to-pay of the entries settled in `window`; nil when none was.
    public static func average(_ entries: some Sequence<LedgerEntry>, settledIn window: ClosedRange<CalendarDate>) -> Double? {
        var weighted = 0.0, weights = 0.0
        for entry in entries {
            guard let settled = entry.settlementDate, window.contains(settled) else { continue }
            let amount = Double(entry.amount.amountMinor)
            weighted += amount * Double(entry.issueDate.days(until: settled))
            weights += amount
        }
        return weights > 0 ? weighted / weights : nil
    }

    /// The last `days` days ending on `asOf`, and the `days` before them.
    public static func windows(endingOn asOf: CalendarDate, days: Int) -> (recent: ClosedRange<CalendarDate>,
                                                                            previous: ClosedRange<CalendarDate>) {
        let recentStart = asOf.adding(days: -(days - 1))
        return (recentStart...asOf, recentStart.adding(days: -days)...recentStart.adding(days: -1))
    }
}
