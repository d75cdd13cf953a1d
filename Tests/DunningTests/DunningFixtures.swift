import Domain
import Dunning
import Foundation
import Runtime

/// Fixtures in the words of DOMAIN.md §5: the default policy, dates and amounts as written.
enum Fixture {
    static let policy = Policy.defaults
    static let buyer: BuyerId = "B-100"
    /// The due date of most scenarios.
    static let due = day("2024-03-01")

    static func day(_ text: String) -> CalendarDate { try! CalendarDate(text) }
    static func usd(_ text: String) -> Money { try! Money(decimal: text, currency: .usd) }
    static func eur(_ text: String) -> Money { try! Money(decimal: text, currency: .eur) }

    /// An invoice issued 30 days before its due date.
    static func issued(_ id: InvoiceId = "INV-1", amount: Money = usd("20000.00"), due: CalendarDate = due,
                       contractRate: Double? = nil) -> InvoiceIssued {
        InvoiceIssued(buyerId: buyer, invoiceId: id, amount: amount, issueDate: due.adding(days: -30), dueDate: due,
                      termsDays: 30, contractInterestRatePercent: contractRate)
    }

    static func rules(tier: CustomerTier = .standard, policy: DunningPolicy = policy.dunning,
                      fxTable: FXTable = FXTable(reportingCurrency: .usd)) -> DunningRules {
        DunningRules(table: DunningPolicyTable(policy: policy, tier: tier), fxTable: fxTable)
    }
}

/// Drives one invoice's state machine through the days, as the daily punctuation does.
struct InvoiceScenario {
    var machine: DunningStateMachine
    var rules: DunningRules
    /// Every output so far, with the days past due of the day that produced it.
    var log: [(daysPastDue: Int, output: DunningOutput)] = []

    init(_ issued: InvoiceIssued = Fixture.issued(), rules: DunningRules = Fixture.rules()) {
        machine = DunningStateMachine(issued: issued)
        self.rules = rules
    }

    /// The day that is `daysPastDue` days after the current due date.
    func day(_ daysPastDue: Int) -> CalendarDate { machine.cycle.dueDate.adding(days: daysPastDue) }

    /// Judges every day from `first` to `last` days past due of the original due date; returns what they produced.
    @discardableResult
    mutating func run(_ days: ClosedRange<Int>, from due: CalendarDate = Fixture.due) -> [DunningOutput] {
        var produced: [DunningOutput] = []
        for offset in days {
            let outputs = machine.evaluate(on: due.adding(days: offset), rules: rules)
            log += outputs.map { (offset, $0) }
            produced += outputs
        }
        return produced
    }

    /// Applies an event's outputs to the log at `daysPastDue`.
    mutating func record(_ outputs: [DunningOutput], at daysPastDue: Int) {
        log += outputs.map { (daysPastDue, $0) }
    }

    /// The table actions of the log as `(days past due, level, action, channel)`.
    var actions: [Step] {
        log.compactMap { entry in
            entry.output.action.map { Step(entry.daysPastDue, $0.level, $0.action, $0.channel) }
        }
    }

    var alerts: [DunningAlert] { log.compactMap(\.output.alert) }
}

/// One action as a test expects it.
struct Step: Hashable, CustomStringConvertible {
    var daysPastDue: Int
    var level: Int
    var action: DunningActionKind
    var channel: DunningChannel

    init(_ daysPastDue: Int, _ level: Int, _ action: DunningActionKind, _ channel: DunningChannel) {
        self.daysPastDue = daysPastDue
        self.level = level
        self.action = action
        self.channel = channel
    }

    var description: String { "day \(daysPastDue) L\(level) \(action.rawValue)/\(channel.rawValue)" }
}

extension DunningOutput {
    var actionKind: DunningActionKind? { action?.action }
}

/// Envelopes in, envelopes out: the processor at the function level.
struct ProcessorHarness {
    let processor: DunningProcessor
    var state: BuyerDunningState?
    var sequence = 0

    init(processor: DunningProcessor = DunningProcessor(policy: Fixture.policy), state: BuyerDunningState? = nil) {
        self.processor = processor
        self.state = state
    }

    /// Feeds one event from `source` at `time`; returns the decoded outputs or the rejection.
    mutating func send(_ event: DomainEvent, at time: Timestamp, source: String = "erp/test") -> Result<[EventEnvelope], EventRejection> {
        sequence += 1
        let envelope = EventEnvelope(id: "evt-\(sequence)", source: source, time: time, event: event)
        let context = ProcessingContext(now: time.date, key: event.buyerId.rawValue,
                                        causeID: EventStageIdentity.inputID(envelope), partition: 0)
        let outcome = processor.process(state: state, input: envelope, context: context)
        if let rejection = outcome.rejection { return .failure(rejection) }
        state = outcome.state
        return .success(Self.decode(outcome))
    }

    /// Runs the punctuation of `time` (midnight: judges the day before), as the runtime names it.
    mutating func punctuate(at time: Timestamp, key: String = Fixture.buyer.rawValue) -> [EventEnvelope] {
        guard let current = state else { return [] }
        let context = ProcessingContext(now: time.date, key: key, causeID: "\(key)@\(time.millisecondsSinceEpoch)", partition: 0)
        let outcome = processor.punctuate(state: current, key: key, context: context)
        state = outcome.state
        return Self.decode(outcome)
    }

    /// Punctuates every midnight from `first` through `last`.
    mutating func punctuateDaily(from first: CalendarDate, through last: CalendarDate) -> [EventEnvelope] {
        var outputs: [EventEnvelope] = []
        var day = first
        while day <= last {
            outputs += punctuate(at: Timestamp(date: day))
            day = day.adding(days: 1)
        }
        return outputs
    }

    static func decode(_ outcome: Outcome<BuyerDunningState>) -> [EventEnvelope] {
        outcome.outputs.map { record in
            try! record.envelope()
        }
    }
}

extension EventEnvelope {
    var dunningAction: DunningAction? {
        if case .dunningAction(let action) = event { return action }
        return nil
    }

    var alert: Alert? {
        if case .alert(let alert) = event { return alert }
        return nil
    }
}

extension Result {
    var value: Success? { try? get() }
    var error: Failure? {
        if case .failure(let error) = self { return error }
        return nil
    }
}
