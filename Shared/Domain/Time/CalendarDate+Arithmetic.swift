extension CalendarDate {
    /// The date `days` calendar days later (earlier when negative).
    public func adding(days: Int) -> CalendarDate {
        CalendarDate(dayNumber: dayNumber + days)
    }

    /// The date `months` calendar months later, its day clamped to the target month's length.
    public func adding(months: Int) -> CalendarDate {
        let index = year * 12 + (month - 1) + months
        let targetYear = index / 12, targetMonth = index % 12 + 1
        let targetDay = min(day, CalendarDate.daysInMonth(year: targetYear, month: targetMonth))
        return replacing(targetYear, targetMonth, targetDay)
    }

    /// Calendar days from `self` to `later` (negative when `later` is earlier).
    public func days(until later: CalendarDate) -> Int {
        later.dayNumber - dayNumber
    }

    /// The number of days of this date's month.
    public var daysInMonth: Int { CalendarDate.daysInMonth(year: year, month: month) }

    /// The first day of this date's month.
    public var firstDayOfMonth: CalendarDate { replacing(year, month, 1) }

    /// The last day of this date's month.
    public var lastDayOfMonth: CalendarDate { replacing(year, month, daysInMonth) }

    /// Day of the week, 1 = Monday … 7 = Sunday (ISO 8601).
    public var isoWeekday: Int {
        // 1970-01-01 was a Thursday (4).
        let remainder = (dayNumber + 3) % 7
        return (remainder < 0 ? remainder + 7 : remainder) + 1
    }

    /// The date `count` working days (Monday–Friday) later; used for insurer response deadlines.
    public func adding(workingDays count: Int) -> CalendarDate {
        var date = self
        var remaining = count
        while remaining > 0 {
            date = date.adding(days: 1)
            if date.isoWeekday <= 5 { remaining -= 1 }
        }
        return date
    }

    private func replacing(_ year: Int, _ month: Int, _ day: Int) -> CalendarDate {
        // Only called with components that form a valid date.
        (try? CalendarDate(year: year, month: month, day: day)) ?? self
    }
}
