/// The day counts of DOMAIN.md §1 that aging, PAYDEX, dunning and claims all rest on.
public enum ReceivableDays {
    /// Days past due on `date` = `date` − due date in calendar days; positive means overdue.
    public static func daysPastDue(dueDate: CalendarDate, on date: CalendarDate) -> Int {
        dueDate.days(until: date)
    }

    /// Days beyond terms of a settled invoice = settlement date − due date; negative when paid early.
    public static func daysBeyondTerms(dueDate: CalendarDate, settlementDate: CalendarDate) -> Int {
        dueDate.days(until: settlementDate)
    }

    /// The KPI period of `months` calendar months ending with the as-of date's month:
    /// from the first day of the earliest month through the as-of date.
    public static func kpiPeriod(months: Int, endingOn asOf: CalendarDate) -> ClosedRange<CalendarDate> {
        asOf.firstDayOfMonth.adding(months: -(max(1, months) - 1))...asOf
    }

    /// The number of days of a period, both ends included.
    public static func days(in period: ClosedRange<CalendarDate>) -> Int {
        period.lowerBound.days(until: period.upperBound) + 1
    }
}
