import Domain
import Foundation

/// The credit insurance policy of DOMAIN.md §6 as dates and amounts: every deadline a claim is judged by,
/// computed from the policy file's numbers (``ClaimsPolicy``), never from constants in code.
///
/// Claims follows days past due itself (DOMAIN.md §6): the NOA goes out past the MEP and the claim is
/// filed past `fileAfterDaysPastDue`, from the stage clock or monitoring's overdue transitions, whatever
/// dunning does — a write-off or a stopped dunning case does not stop it.
public struct ClaimsRules: Sendable, Hashable {
    /// The policy terms read from the policy file.
    public let policy: ClaimsPolicy
    /// The reporting currency: losses, limits, indemnities, the aggregate first loss and the maximum
    /// liability are compared and claimed in it.
    public let currency: Currency
    /// The policy's exchange rates into ``currency``; each invoice keeps its own currency and is converted
    /// on its own (half-even on the minor unit) before it joins a total.
    public let fxTable: FXTable
    /// The time zone a business day ends in (the policy's `timeZone`, UTC by default).
    public var timeZone: TimeZone?

    /// The rules of `policy`, whose amounts are in `currency` (the policy file's reporting currency).
    ///
    /// - Parameter fxTable: rates into `currency`; none (single-currency claims) by default.
    public init(policy: ClaimsPolicy, currency: Currency, fxTable: FXTable? = nil) {
        self.policy = policy
        self.currency = currency
        self.fxTable = fxTable ?? FXTable(reportingCurrency: currency)
    }

    /// The rules of a whole policy file, with its exchange rates.
    public init(policy: Policy) {
        self.init(policy: policy.claims, currency: policy.reportingCurrency, fxTable: policy.fxTable)
        timeZone = policy.timeZone == nil || policy.timeZone == "UTC" ? nil : policy.businessTimeZone
    }

    /// The business day `instant` falls on.
    public func businessDay(of instant: Timestamp) -> CalendarDate {
        timeZone.map { instant.calendarDate(in: $0) } ?? instant.calendarDate
    }

    /// `amount` in the reporting currency; refuses a currency without a rate (`unknown_exchange_rate`, naming it)
    /// and a conversion beyond 64 bits (`amount_overflow`).
    public func reported(_ amount: Money, at field: String = "amount") throws(EventRejection) -> Money {
        do {
            return try fxTable.convert(amount)
        } catch MoneyError.missingRate {
            throw .unknownExchangeRate(amount.currency, reporting: currency, field: "\(field).currency")
        } catch {
            throw .amountOverflow(field)
        }
    }

    /// `amount` in the reporting currency for a figure no input can be refused for (a punctuation, a claim's
    /// total): every amount was converted once when it came in, so this fails only if the policy's rates changed
    /// since — then the amount counts as zero rather than being mixed into a total unconverted.
    func reportedOrZero(_ amount: Money) -> Money {
        (try? fxTable.convert(amount)) ?? .zero(currency)
    }

    /// The last day of the maximum extension period: due date + MEP (day 60 by default).
    public func endOfExtension(dueDate: CalendarDate) -> CalendarDate {
        dueDate.adding(days: policy.maximumExtensionDays)
    }

    /// The last day the notification of overdue account may reach the insurer: due date + MEP + NOA
    /// deadline (day 90 by default).
    public func notificationDeadline(dueDate: CalendarDate) -> CalendarDate {
        endOfExtension(dueDate: dueDate).adding(days: policy.notificationDeadlineDays)
    }

    /// The day by which the insurer responds to a claim filed on `filedOn`: 15 working days (Mon–Fri) later.
    public func responseDate(filedOn: CalendarDate) -> CalendarDate {
        filedOn.adding(workingDays: policy.responseWorkingDays)
    }

    /// The day a claim becomes payable: an insolvency claim at once after the insurer's response; a
    /// protracted-default claim once the waiting period after filing has also passed.
    public func payableDate(filedOn: CalendarDate, trigger: ClaimTrigger) -> CalendarDate {
        let response = responseDate(filedOn: filedOn)
        switch trigger {
        case .insolvency: return response
        case .protractedDefault: return max(response, filedOn.adding(days: policy.waitingPeriodDays))
        }
    }

    /// The first day of the policy year `date` falls in (years start on the 1st of `policyYearStartMonth`).
    public func policyYearStart(of date: CalendarDate) -> CalendarDate {
        let month = policy.policyYearStartMonth
        let year = date.month >= month ? date.year : date.year - 1
        return (try? CalendarDate(year: year, month: month, day: 1)) ?? date.firstDayOfMonth
    }
}
