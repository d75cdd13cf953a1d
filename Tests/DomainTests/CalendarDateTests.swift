import Testing
@testable import Domain

@Suite struct CalendarDateTests {
    func date(_ text: String) throws -> CalendarDate { try CalendarDate(text) }

    @Test func parsesAndWritesYearMonthDay() throws {
        let d = try date("2024-02-29")
        #expect((d.year, d.month, d.day) == (2024, 2, 29))
        #expect(d.description == "2024-02-29")
        #expect(try CalendarDate(year: 7, month: 1, day: 5).description == "0007-01-05")
    }

    @Test(arguments: ["2023-02-29", "2024-13-01", "2024-04-31", "2024-1-01", "24-01-01", "2024/01/01", "", "2024-01-01T00:00:00Z", "0000-01-01"])
    func refusesTextsThatAreNotCalendarDates(text: String) {
        #expect(throws: CalendarDateError(text: text)) { try CalendarDate(text) }
    }

    @Test func knowsMonthLengthsAndLeapYears() {
        #expect(CalendarDate.daysInMonth(year: 2023, month: 2) == 28)
        #expect(CalendarDate.daysInMonth(year: 2024, month: 2) == 29)
        #expect(CalendarDate.daysInMonth(year: 1900, month: 2) == 28)
        #expect(CalendarDate.daysInMonth(year: 2000, month: 2) == 29)
        #expect(CalendarDate.daysInMonth(year: 2024, month: 4) == 30)
        #expect(CalendarDate.daysInMonth(year: 2024, month: 12) == 31)
    }

    @Test func dayArithmeticCrossesMonthsAndYears() throws {
        #expect(try date("2023-12-31").adding(days: 1) == date("2024-01-01"))
        #expect(try date("2024-02-28").adding(days: 1) == date("2024-02-29"))
        #expect(try date("2024-03-01").adding(days: -1) == date("2024-02-29"))
        #expect(try date("1970-01-01").dayNumber == 0)
        #expect(try date("1969-12-31").dayNumber == -1)
        #expect(try date("2024-01-31").adding(months: 1) == date("2024-02-29"))
        #expect(try date("2024-01-01").days(until: date("2025-01-01")) == 366)
        for dayNumber in stride(from: -800_000, through: 800_000, by: 997) {
            #expect(CalendarDate(dayNumber: dayNumber).dayNumber == dayNumber)
        }
    }

    @Test func daysPastDueAndDaysBeyondTermsFollowDomainSection1() throws {
        let due = try date("2024-03-31")
        #expect(ReceivableDays.daysPastDue(dueDate: due, on: try date("2024-04-15")) == 15)
        #expect(ReceivableDays.daysPastDue(dueDate: due, on: due) == 0)
        #expect(ReceivableDays.daysPastDue(dueDate: due, on: try date("2024-03-28")) == -3)
        #expect(ReceivableDays.daysBeyondTerms(dueDate: due, settlementDate: try date("2024-04-30")) == 30)
        #expect(ReceivableDays.daysBeyondTerms(dueDate: due, settlementDate: try date("2024-03-21")) == -10)
    }

    @Test func agingExampleOfDomainSection4() throws {
        // As of 2024-03-31: A 1,000 due 04-15; B 500 due 03-21; C 300 due 02-20; D 200 due 01-16; E 100 due 2023-12-01.
        let asOf = try date("2024-03-31")
        let invoices: [(due: String, amount: Int64, days: Int, bucket: String)] = [
            ("2024-04-15", 1_000, -15, "current"), ("2024-03-21", 500, 10, "1-30"), ("2024-02-20", 300, 40, "31-60"),
            ("2024-01-16", 200, 75, "61-90"), ("2023-12-01", 100, 121, "90+"),
        ]
        var pastDue: Int64 = 0, total: Int64 = 0
        for invoice in invoices {
            let days = ReceivableDays.daysPastDue(dueDate: try date(invoice.due), on: asOf)
            #expect(days == invoice.days)
            #expect(Policy.defaults.monitoring.agingBucket(forDaysPastDue: days) == invoice.bucket)
            total += invoice.amount
            if days > 0 { pastDue += invoice.amount }
        }
        #expect(pastDue == 1_100 && total == 2_100)
        #expect((Double(pastDue) / Double(total) * 1000).rounded() / 10 == 52.4)
    }

    @Test func kpiPeriodOfThreeMonthsEndingJune2013Has91Days() throws {
        let period = ReceivableDays.kpiPeriod(months: 3, endingOn: try date("2013-06-30"))
        #expect(period.lowerBound == (try date("2013-04-01")))
        #expect(period.upperBound == (try date("2013-06-30")))
        #expect(ReceivableDays.days(in: period) == 91)
    }

    @Test func workingDaysSkipWeekends() throws {
        #expect(try date("2024-03-29").isoWeekday == 5)  // a Friday
        #expect(try date("2024-03-29").adding(workingDays: 1) == date("2024-04-01"))
        #expect(try date("2024-03-29").adding(workingDays: 15) == date("2024-04-19"))
    }

    @Test func timestampsAreRFC3339UTC() throws {
        let instant = try Timestamp(rfc3339: "2024-03-31T17:05:00.25Z")
        #expect(instant.description == "2024-03-31T17:05:00.250Z")
        #expect(try Timestamp(rfc3339: "2024-03-31T19:05:00.250+02:00") == instant)
        #expect(instant.calendarDate == (try date("2024-03-31")))
        #expect(Timestamp(millisecondsSinceEpoch: -1).description == "1969-12-31T23:59:59.999Z")
        #expect(Timestamp(instant.date) == instant)
        for bad in ["2024-03-31 17:05:00Z", "2024-03-31T17:05:00", "2024-03-31T25:00:00Z", "2024-03-31T17:05:00.Z", "x"] {
            #expect(throws: TimestampError(text: bad)) { try Timestamp(rfc3339: bad) }
        }
    }
}
