import Domain
import Foundation

/// The actions a collector records from the worklist, each one event of `collections.updates`.
public enum CollectorActionKind: String, Sendable, CaseIterable {
    case promise, plan, dispute, block, unblock, level, release, tier

    /// The least role that may record it: tiers are an admin's, the rest a collector's.
    public var requiredRole: Role { self == .tier ? .admin : .collector }
}

/// Turns a submitted form into a validated event of `collections.updates`: every field parsed and bounded, the
/// buyer and invoice checked against the views, the event's own `validate()` run — what reaches Kafka is what
/// dunning accepts.
public enum CollectorAction {
    /// The event a form asks for, as `user` recorded it on `today`.
    /// - Parameters:
    ///   - knownInvoice: whether dunning has reported the invoice for the buyer (an invoice-level action on an
    ///     invoice nobody knows would only be parked by dunning).
    public static func event(kind: CollectorActionKind, form: ActionForm, user: String, today: CalendarDate,
                             knownBuyer: (BuyerId) -> Bool,
                             knownInvoice: (BuyerId, InvoiceId) -> Bool) throws(ActionError) -> DomainEvent {
        for field in ["note", "reason"] { try form.checkText(field, maximumLength: 500) }
        for field in ["buyerId", "invoiceId", "amount", "currency", "date", "level", "outcome", "tier"] {
            try form.checkText(field, maximumLength: 64)
        }
        let buyerId = BuyerId(try form.text("buyerId", maximumLength: 64))
        guard knownBuyer(buyerId) else { throw ActionError(field: "buyerId", "is not a buyer the console knows") }
        func invoice() throws(ActionError) -> InvoiceId {
            let invoiceId = InvoiceId(try form.text("invoiceId", maximumLength: 64))
            guard knownInvoice(buyerId, invoiceId) else {
                throw ActionError(field: "invoiceId", "is not an invoice dunning reported for \(buyerId)")
            }
            return invoiceId
        }
        let event: DomainEvent
        switch kind {
        case .promise:
            event = .promiseToPay(PromiseToPay(buyerId: buyerId, invoiceId: try invoice(),
                                               promiseId: "PTP-\(UUID().uuidString.prefix(8))",
                                               amount: try money(form, "amount"), promisedDate: try date(form, "date"),
                                               recordedOn: today, collector: user))
        case .plan:
            var instalments: [Instalment] = []
            for index in 1...6 {
                guard form.optionalText("date\(index)") != nil || form.optionalText("amount\(index)") != nil else { continue }
                instalments.append(Instalment(dueDate: try date(form, "date\(index)"), amount: try money(form, "amount\(index)")))
            }
            event = .paymentPlan(PaymentPlan(buyerId: buyerId, invoiceId: try invoice(), planId: "PLAN-\(UUID().uuidString.prefix(8))",
                                             agreedOn: today, instalments: instalments))
        case .dispute:
            guard let outcome = form["outcome"].flatMap(DisputeOutcome.init(rawValue:)) else {
                throw ActionError(field: "outcome", "must be upheld or rejected")
            }
            var creditNote: Money?
            if form.optionalText("amount") != nil { creditNote = try money(form, "amount") }
            event = .disputeOutcome(DisputeOutcomeRecorded(buyerId: buyerId, invoiceId: try invoice(), outcome: outcome, date: today,
                                                           creditNoteAmount: creditNote, note: form.optionalText("note")))
        case .block, .unblock, .level, .release:
            let action: DunningOverrideAction = switch kind {
            case .block: .block
            case .unblock: .unblock
            case .release: .releaseHold
            default: form.optionalText("level") == nil ? .clearLevel : .setLevel
            }
            var invoiceId: InvoiceId?
            if form.optionalText("invoiceId") != nil { invoiceId = try invoice() }
            var level: Int?
            if action == .setLevel {
                guard let parsed = form["level"].flatMap({ Int($0) }), (0...4).contains(parsed) else {
                    throw ActionError(field: "level", "must be a dunning level 0–4")
                }
                level = parsed
            }
            event = .dunningOverride(DunningOverride(buyerId: buyerId, invoiceId: invoiceId, action: action, level: level, date: today,
                                                     collector: user, reason: form.optionalText("reason")))
        case .tier:
            guard let tier = form["tier"].flatMap(CustomerTier.init(rawValue:)) else {
                throw ActionError(field: "tier", "must be one of \(CustomerTier.allCases.map(\.rawValue).joined(separator: ", "))")
            }
            event = .customerTierAssigned(CustomerTierAssigned(buyerId: buyerId, tier: tier, effectiveDate: today))
        }
        do {
            try event.payload.validate()
        } catch {
            throw ActionError(field: error.field.isEmpty ? "form" : error.field, error.message)
        }
        return event
    }

    private static func money(_ form: ActionForm, _ field: String) throws(ActionError) -> Money {
        let text = try form.text(field, maximumLength: 32)
        let currencyCode = (form.optionalText("currency") ?? "").uppercased()
        let currency: Currency
        do { currency = try Currency(code: currencyCode) } catch { throw ActionError(field: "currency", "is not a currency code") }
        let amount: Money
        do { amount = try Money(decimal: text, currency: currency) } catch {
            throw ActionError(field: field, "must be an amount such as 1250.00")
        }
        guard amount.amountMinor > 0, amount.isWithinInputBounds else { throw ActionError(field: field, "must be a positive amount") }
        return amount
    }

    private static func date(_ form: ActionForm, _ field: String) throws(ActionError) -> CalendarDate {
        let text = try form.text(field, maximumLength: 10)
        do { return try CalendarDate(text) } catch { throw ActionError(field: field, "must be a date YYYY-MM-DD") }
    }
}
