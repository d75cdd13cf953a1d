import Domain
import Foundation
import Kafka
import Monitoring
import Runtime
import Testing

/// What an input tells the stream clock (docs/runtime.md, "Clocks"): every event gives its time — an event from
/// outside Credence moves the clock; one another stage produced carries that stage's clock, and the runtime lets it
/// move this one only when the merge waited for that stage (`StageStateMachineTests`).
@Suite struct StreamClockInputTests {
    typealias F = Fixture

    func record(_ envelope: EventEnvelope) throws -> InputRecord {
        let produced = try ProducerRecord(envelope)
        return InputRecord(ConsumerRecord(topic: produced.topic, partition: 0, offset: 7, key: produced.key, value: produced.value,
                                          headers: produced.headers))
    }

    func eventTime(_ decoded: Decoded<EventEnvelope>) -> Date?? {
        if case .input(_, _, let time, _) = decoded { return .some(time) }
        return nil
    }

    @Test func everyEventGivesItsTimeAndTheRuntimeDecidesWhetherItMovesTheClock() throws {
        let processor = MonitoringProcessor(policy: .defaults)
        let issuedAt = Timestamp(date: F.day("2024-03-01"), hour: 12)
        let invoice = EventEnvelope(id: "INV-1", source: "erp/test", time: issuedAt,
                                    event: F.issued("INV-1", 1000, issued: "2024-03-01", due: "2024-03-31"))
        #expect(eventTime(processor.decode(try record(invoice))) == .some(issuedAt.date))

        // Scoring's assessment of June gives June; whether it moves monitoring's clock is the runtime's call.
        let assessment = EventEnvelope(id: "A-1", source: "credence/scoring", time: Timestamp(date: F.day("2024-06-30")),
                                       event: .creditAssessment(CreditAssessment(
                                           buyerId: F.buyer, assessedAt: Timestamp(date: F.day("2024-06-30")), score: 70, grade: 3,
                                           creditClass: .a, creditLimit: F.usd(10_000),
                                           terms: CreditTerms(openAccountDays: 60, prepaymentShare: 0), reasons: [],
                                           modelVersion: "test", policyVersion: 1, components: ScoreComponents())))
        #expect(eventTime(processor.decode(try record(assessment))) == .some(Timestamp(date: F.day("2024-06-30")).date))
    }
}

/// Monitoring's overdue transitions never come from a dunning action (`MonitoringProcessor.outputCauses`): on the
/// stream clock its `receivables.overdue` watermark does not wait on dunning, which waits on it.
@Suite struct OverdueCausesTests {
    typealias F = Fixture

    static func overdue(_ actions: [MonitoringAction]) -> Int {
        actions.filter { if case .overdue = $0 { return true } else { return false } }.count
    }

    @Test func aDunningActionAfterADayEndedFiresNoThresholdTheNextOutsideEventDoes() throws {
        let rules = MonitoringRules(policy: .defaults)
        var monitor = BuyerMonitor(buyerId: F.buyer)
        _ = try monitor.apply(F.issued("INV-1", 1_000, issued: "2024-03-01", due: "2024-03-31"),
                              now: Timestamp(date: F.day("2024-03-01"), hour: 9), rules: rules, portfolio: nil)
        // Days past the due date have ended, and no punctuation ran: the first input after them is a dunning action.
        let late = Timestamp(date: F.day("2024-05-15"), hour: 9)
        let afterAction = try monitor.apply(F.creditHold("INV-1", on: "2024-05-15"), now: late, rules: rules, portfolio: nil)
        #expect(Self.overdue(afterAction) == 0, "a dunning action fires no overdue threshold")
        let afterOrder = try monitor.apply(F.order("ORD-1", 10, on: "2024-05-15"), now: late, rules: rules, portfolio: nil)
        #expect(Self.overdue(afterOrder) > 0, "the next event from outside fires the thresholds of the days that ended")
    }
}
