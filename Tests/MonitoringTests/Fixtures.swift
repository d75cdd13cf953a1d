import Domain
import Foundation
import Monitoring
import Runtime

/// Shared fixtures: one buyer in USD, dates and money written as in DOMAIN.md.
enum Fixture {
    static let buyer: BuyerId = "B-1"
    static let erp = "erp/test"

    static func day(_ text: String) -> CalendarDate { try! CalendarDate(text) }
    /// Whole dollars.
    static func usd(_ major: Int64) -> Money { Money(amountMinor: major * 100, currency: .usd) }

    static func issued(_ invoice: String, _ amount: Int64, issued: String, due: String, order: String? = nil,
                       currency: Currency = .usd) -> DomainEvent {
        .invoiceIssued(InvoiceIssued(buyerId: buyer, invoiceId: InvoiceId(invoice),
                                     amount: Money(amountMinor: amount * 100, currency: currency),
                                     issueDate: day(issued), dueDate: day(due),
                                     termsDays: day(issued).days(until: day(due)), orderId: order.map { OrderId($0) }))
    }

    static func paid(_ invoice: String, _ amount: Int64, on date: String, payment: String? = nil) -> DomainEvent {
        .paymentApplied(PaymentApplied(buyerId: buyer, invoiceId: InvoiceId(invoice), paymentId: payment ?? "P-\(invoice)-\(date)",
                                       amount: usd(amount), paymentDate: day(date)))
    }

    static func order(_ order: String, _ amount: Int64, on date: String) -> DomainEvent {
        .orderRequested(OrderRequested(buyerId: buyer, orderId: OrderId(order), amount: usd(amount), orderDate: day(date)))
    }

    static func assessment(limit: Int64, grade: Int = 4, at date: String = "2024-01-01") -> DomainEvent {
        .creditAssessment(CreditAssessment(
            buyerId: buyer, assessedAt: Timestamp(date: day(date)), score: 65, grade: grade,
            creditClass: grade <= 4 ? .a : grade <= 6 ? .b : .c, creditLimit: usd(limit),
            terms: CreditTerms(openAccountDays: 30, prepaymentShare: 0), reasons: [], modelVersion: "test",
            policyVersion: 1, components: ScoreComponents(), insolvent: grade == 10))
    }

    static func creditHold(_ invoice: String, on date: String) -> DomainEvent {
        .dunningAction(DunningAction(buyerId: buyer, invoiceId: InvoiceId(invoice), level: 3, action: .creditHold,
                                     channel: .internalTask, date: day(date), daysPastDue: 61, openAmount: usd(100)))
    }

    /// An entry for the pure aging and KPI functions.
    static func entry(_ invoice: String, _ amount: Int64, issued: String, due: String,
                      payments: [(Int64, String)] = []) -> LedgerEntry {
        var entry = LedgerEntry(buyerId: buyer, invoiceId: InvoiceId(invoice), amount: usd(amount),
                                issueDate: day(issued), dueDate: day(due))
        for (paid, date) in payments {
            entry.movements.append(LedgerMovement(kind: .payment, date: day(date), amount: usd(-paid)))
        }
        return entry
    }
}

/// Drives a `MonitoringProcessor` the way the runtime does: envelopes in, decoded envelopes out, state kept
/// between steps.
struct Harness {
    var processor = MonitoringProcessor(policy: .defaults)
    var state: BuyerMonitor?
    var tables = GlobalTableValues()
    private var sequence = 0

    /// Processes an event at noon of `date`; returns the decoded outputs, or the rejection.
    @discardableResult
    mutating func send(_ event: DomainEvent, on date: String, id: String? = nil) -> Result<[EventEnvelope], EventRejection> {
        sequence += 1
        let now = Timestamp(date: Fixture.day(date), hour: 12)
        let envelope = EventEnvelope(id: id ?? "e-\(sequence)", source: Fixture.erp, time: now, event: event)
        let context = ProcessingContext(now: now.date, key: Fixture.buyer.rawValue,
                                        causeID: EventStageIdentity.inputID(envelope), partition: 0, tables: tables)
        let outcome = processor.process(state: state, input: envelope, context: context)
        if let rejection = outcome.rejection { return .failure(rejection) }
        state = outcome.state
        return .success(Self.decode(outcome.outputs))
    }

    /// Runs the daily punctuation at midnight starting `date`.
    @discardableResult
    mutating func punctuate(at date: String) -> [EventEnvelope] {
        guard let current = state else { return [] }
        let now = Timestamp(date: Fixture.day(date))
        let context = ProcessingContext(now: now.date, key: Fixture.buyer.rawValue,
                                        causeID: "\(Fixture.buyer)@\(now.millisecondsSinceEpoch)", partition: 0, tables: tables)
        let outcome = processor.punctuate(state: current, key: Fixture.buyer.rawValue, context: context)
        state = outcome.state
        return Self.decode(outcome.outputs)
    }

    /// Punctuates every day from `first` through `last`, collecting the outputs.
    mutating func punctuateDaily(from first: String, through last: String) -> [EventEnvelope] {
        var outputs: [EventEnvelope] = []
        var date = Fixture.day(first)
        while date <= Fixture.day(last) {
            outputs += punctuate(at: date.description)
            date = date.adding(days: 1)
        }
        return outputs
    }

    static func decode(_ records: [OutputRecord]) -> [EventEnvelope] {
        records.map { record in
            try! record.envelope()
        }
    }
}

extension Result where Success == [EventEnvelope], Failure == EventRejection {
    /// The outputs; empty for a rejection.
    var outputs: [EventEnvelope] { (try? get()) ?? [] }
    /// The rejection code, if refused.
    var rejectionCode: EventRejection.Code? {
        if case .failure(let rejection) = self { return rejection.code }
        return nil
    }
}

extension Array where Element == EventEnvelope {
    var alerts: [Alert] { compactMap { if case .alert(let alert) = $0.event { alert } else { nil } } }
    var positions: [ReceivablesPosition] {
        compactMap { if case .receivablesPosition(let position) = $0.event { position } else { nil } }
    }
    var decisions: [CreditDecision] { compactMap { if case .creditDecision(let decision) = $0.event { decision } else { nil } } }
    var overdueTransitions: [OverdueTransition] {
        compactMap { if case .overdueTransition(let transition) = $0.event { transition } else { nil } }
    }
    func alerts(_ type: AlertType) -> [Alert] { alerts.filter { $0.alertType == type } }
}
