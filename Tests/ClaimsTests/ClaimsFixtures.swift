import Claims
import Domain
import Foundation
import Runtime

/// Fixtures in the words of DOMAIN.md §6: an invoice issued 2024-01-02, due 2024-02-01, so that day 61
/// past due is the MEP passing and day 91 the claim trigger.
enum Fixture {
    static let buyer: BuyerId = "B-200"
    static let issueDate = day("2024-01-02")
    static let due = day("2024-02-01")

    static func day(_ text: String) -> CalendarDate { try! CalendarDate(text) }
    /// Whole US dollars.
    static func usd(_ units: Int64) -> Money { Money(amountMinor: units * 100, currency: .usd) }

    /// The default policy file with its claims terms changed: by default no deductible (the worked example has none).
    static func policy(deductible: Int64 = 0, maximumLiability: Int64 = 10_000_000) -> Policy {
        var policy = Policy.defaults
        policy.claims.aggregateFirstLoss = usd(deductible)
        policy.claims.maximumLiability = usd(maximumLiability)
        return policy
    }

    static func rules(deductible: Int64 = 0, maximumLiability: Int64 = 10_000_000) -> ClaimsRules {
        ClaimsRules(policy: policy(deductible: deductible, maximumLiability: maximumLiability))
    }

    static func issued(_ id: InvoiceId = "INV-1", _ amount: Int64 = 120_000, issue: CalendarDate = issueDate,
                       due: CalendarDate = due, buyer: BuyerId = buyer) -> DomainEvent {
        .invoiceIssued(InvoiceIssued(buyerId: buyer, invoiceId: id, amount: usd(amount), issueDate: issue, dueDate: due,
                                     termsDays: issue.days(until: due)))
    }

    static func limit(_ amount: Int64 = 100_000, id: String = "LIM-1", effective: CalendarDate = day("2023-12-01"),
                      expiry: CalendarDate? = nil, buyer: BuyerId = buyer) -> DomainEvent {
        .insurerLimitDecision(InsurerLimitDecision(buyerId: buyer, decisionId: id, limit: usd(amount),
                                                   effectiveDate: effective, expiryDate: expiry))
    }

    /// The dunning action as the dunning stage publishes it `daysPastDue` days after `due`.
    static func dunning(_ action: DunningActionKind, level: Int, daysPastDue: Int, invoice: InvoiceId = "INV-1",
                        open: Int64 = 120_000, due: CalendarDate = due, buyer: BuyerId = buyer) -> DomainEvent {
        .dunningAction(DunningAction(buyerId: buyer, invoiceId: invoice, level: level, action: action,
                                     channel: action == .claimTrigger ? .insurer : .internalTask,
                                     date: due.adding(days: daysPastDue), daysPastDue: daysPastDue, openAmount: usd(open)))
    }

    static func creditHold(at daysPastDue: Int = 61, invoice: InvoiceId = "INV-1", due: CalendarDate = due, buyer: BuyerId = buyer) -> DomainEvent {
        dunning(.creditHold, level: 3, daysPastDue: daysPastDue, invoice: invoice, due: due, buyer: buyer)
    }

    static func claimTrigger(at daysPastDue: Int = 91, invoice: InvoiceId = "INV-1", due: CalendarDate = due, buyer: BuyerId = buyer) -> DomainEvent {
        dunning(.claimTrigger, level: 4, daysPastDue: daysPastDue, invoice: invoice, due: due, buyer: buyer)
    }

    static func payment(_ amount: Int64, id: String, invoice: InvoiceId = "INV-1", on date: CalendarDate,
                        currency: Currency = .usd) -> DomainEvent {
        .paymentApplied(PaymentApplied(buyerId: buyer, invoiceId: invoice, paymentId: id,
                                       amount: Money(amountMinor: amount * 100, currency: currency), paymentDate: date))
    }

    static func insolvency(on date: CalendarDate, buyer: BuyerId = buyer) -> DomainEvent {
        .buyerExternalEvent(BuyerExternalEvent(buyerId: buyer, eventId: "COURT-1", eventKind: .insolvencyFiling, date: date))
    }
}

/// Drives one buyer's claim state machine with events and days, keeping every output.
struct ClaimsScenario {
    var state: BuyerClaimsState
    var rules: ClaimsRules
    /// The `claims.events` global table as other buyers' latest records fill it.
    var portfolio: [String: PolicyYearUsage.Figures] = [:]
    var log: [ClaimsOutput] = []

    init(rules: ClaimsRules = Fixture.rules(), buyer: BuyerId = Fixture.buyer) {
        state = BuyerClaimsState(buyerId: buyer)
        self.rules = rules
    }

    /// Applies events in order; returns what the last of them produced.
    @discardableResult
    mutating func send(_ events: DomainEvent...) throws(EventRejection) -> [ClaimsOutput] {
        var outputs: [ClaimsOutput] = []
        for event in events {
            outputs = try state.apply(event, rules: rules, portfolio: portfolio)
            log += outputs
        }
        return outputs
    }

    /// Runs the daily rules at the end of `day`.
    @discardableResult
    mutating func endOfDay(_ day: CalendarDate) -> [ClaimsOutput] {
        let outputs = state.punctuate(on: day, rules: rules, portfolio: portfolio)
        log += outputs
        return outputs
    }

    /// The claim events logged so far in `state`.
    func events(_ state: ClaimState) -> [ClaimEvent] { log.compactMap(\.claimEvent).filter { $0.state == state } }

    /// The alerts logged so far of `type`.
    func alerts(_ type: AlertType) -> [ClaimAlert] { log.compactMap(\.alert).filter { $0.alertType == type } }
}

extension EventEnvelope {
    /// The claim event, when this envelope carries one.
    var claimEvent: ClaimEvent? {
        if case .claimEvent(let event) = event { return event }
        return nil
    }

    /// The alert, when this envelope carries one.
    var alert: Alert? {
        if case .alert(let alert) = event { return alert }
        return nil
    }
}
