import Domain
import Foundation
import Runtime
import Scoring

/// Builders for the scoring tests: dates, money, events in envelopes, and the processor's outputs decoded.
enum Fixtures {
    static let buyer = BuyerId("buyer-1")

    static func date(_ text: String) -> CalendarDate { try! CalendarDate(text) }
    static func usd(_ major: Int64) -> Money { Money(amountMinor: major * 100, currency: .usd) }

    /// An input envelope from the ERP or a provider, with `id` as its `ce_id`.
    static func envelope(_ id: String, _ event: DomainEvent, on day: String) -> EventEnvelope {
        EventEnvelope(id: id, source: "test/erp", time: Timestamp(date: date(day), hour: 9), event: event)
    }

    static func context(for envelope: EventEnvelope, on day: String? = nil) -> ProcessingContext {
        let time = day.map { Timestamp(date: date($0), hour: 9) } ?? envelope.time
        return ProcessingContext(now: time.date, key: envelope.buyerId.rawValue,
                                 causeID: EventStageIdentity.inputID(envelope), partition: 0)
    }

    static func profile(country: String = "DE", industry: String = "C") -> DomainEvent {
        .buyerProfile(BuyerProfile(buyerId: buyer, name: "Müller GmbH", country: country, industryCode: industry))
    }

    /// A healthy statement in USD: total assets 10,000,000, equity 4,000,000, good earnings.
    static func healthyStatement(periodEnd: String = "2023-12-31", equity: Int64 = 4_000_000) -> DomainEvent {
        .financialStatement(FinancialStatement(
            buyerId: buyer, periodEnd: date(periodEnd), totalAssets: usd(10_000_000), totalLiabilities: usd(6_000_000),
            currentAssets: usd(5_000_000), shortTermLiabilities: usd(2_500_000), workingCapital: usd(2_500_000),
            retainedEarnings: usd(2_000_000), ebit: usd(1_500_000), bookEquity: usd(equity), sales: usd(15_000_000),
            netProfit: usd(1_000_000)))
    }

    /// A failing statement: losses, negative working capital and equity.
    static func distressedStatement(periodEnd: String = "2024-06-30") -> DomainEvent {
        .financialStatement(FinancialStatement(
            buyerId: buyer, periodEnd: date(periodEnd), totalAssets: usd(10_000_000), totalLiabilities: usd(12_000_000),
            currentAssets: usd(1_000_000), shortTermLiabilities: usd(8_000_000), workingCapital: usd(-7_000_000),
            retainedEarnings: usd(-4_000_000), ebit: usd(-2_500_000), bookEquity: usd(-2_000_000), sales: usd(3_000_000),
            netProfit: usd(-3_000_000)))
    }

    static func issued(_ invoice: String, _ amount: Int64, issue: String, due: String) -> DomainEvent {
        .invoiceIssued(InvoiceIssued(buyerId: buyer, invoiceId: InvoiceId(invoice), amount: usd(amount),
                                     issueDate: date(issue), dueDate: date(due), termsDays: date(issue).days(until: date(due))))
    }

    static func paid(_ invoice: String, _ amount: Int64, on day: String) -> DomainEvent {
        .paymentApplied(PaymentApplied(buyerId: buyer, invoiceId: InvoiceId(invoice), paymentId: "pay-\(invoice)-\(day)",
                                       amount: usd(amount), paymentDate: date(day)))
    }

    static func external(_ id: String, _ kind: ExternalEventKind, on day: String) -> DomainEvent {
        .buyerExternalEvent(BuyerExternalEvent(buyerId: buyer, eventId: id, eventKind: kind, date: date(day)))
    }

    /// The events a processor emitted, decoded with the codec.
    static func decoded(_ outcome: Outcome<ScoringState>) throws -> [EventEnvelope] {
        try outcome.outputs.map { record in
            try record.envelope()
        }
    }

    static func assessments(_ events: [EventEnvelope]) -> [CreditAssessment] {
        events.compactMap { if case .creditAssessment(let assessment) = $0.event { assessment } else { nil } }
    }

    static func alerts(_ events: [EventEnvelope]) -> [Alert] {
        events.compactMap { if case .alert(let alert) = $0.event { alert } else { nil } }
    }
}

/// Feeds envelopes through a processor in order, keeping the state like the runtime does.
struct ProcessorDriver {
    var processor = ScoringProcessor(policy: .defaults)
    var state: ScoringState?
    /// The global tables the runtime offers the processor (`context.tables`).
    var tables = GlobalTableValues()

    /// Processes one input on its own event date (or `day`) and returns what it emitted.
    @discardableResult
    mutating func send(_ id: String, _ event: DomainEvent, on day: String) throws -> [EventEnvelope] {
        let input = Fixtures.envelope(id, event, on: day)
        let outcome = processor.process(state: state, input: input, context: Fixtures.context(for: input))
        if outcome.rejection == nil { state = outcome.state }
        return try Fixtures.decoded(outcome)
    }

    /// The outcome of one input without keeping it.
    func outcome(_ id: String, _ event: DomainEvent, on day: String) -> Outcome<ScoringState> {
        let input = Fixtures.envelope(id, event, on: day)
        return processor.process(state: state, input: input, context: Fixtures.context(for: input))
    }

    /// Runs the daily punctuation at `day`.
    @discardableResult
    mutating func punctuate(on day: String) throws -> [EventEnvelope] {
        let time = Timestamp(date: Fixtures.date(day), hour: 0)
        let context = ProcessingContext(now: time.date, key: Fixtures.buyer.rawValue,
                                        causeID: "\(Fixtures.buyer.rawValue)@\(time.millisecondsSinceEpoch)", partition: 0,
                                        tables: tables)
        let outcome = processor.punctuate(state: state ?? ScoringState(), key: Fixtures.buyer.rawValue, context: context)
        state = outcome.state
        return try Fixtures.decoded(outcome)
    }
}
