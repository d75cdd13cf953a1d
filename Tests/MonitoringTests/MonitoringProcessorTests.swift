import Domain
import Foundation
import Monitoring
import Runtime
import Testing

@Suite struct MonitoringProcessorTests {
    typealias F = Fixture

    @Test func theProcessorReadsItsTopicsAndThePositionsTable() {
        let processor = MonitoringProcessor(policy: .defaults)
        #expect(processor.name == MonitoringStage.name)
        #expect(processor.inputTopics == ["erp.invoices", "erp.orders", "credit.assessments", "dunning.actions", "buyer.signals",
                                         "collections.updates"])
        #expect(processor.globalTables.map(\.topic) == ["receivables.positions"])
        #expect(processor.source == "credence/monitoring")
    }

    static let script: [(DomainEvent?, String)] = [
        (F.assessment(limit: 5000), "2024-01-01"),
        (F.issued("INV-1", 3000, issued: "2024-01-02", due: "2024-02-01"), "2024-01-02"),
        (F.order("O-1", 1500, on: "2024-01-03"), "2024-01-03"),
        (F.order("O-2", 1500, on: "2024-01-04"), "2024-01-04"),
        (F.paid("INV-1", 1000, on: "2024-02-10"), "2024-02-10"),
        (nil, "2024-02-11"), (nil, "2024-02-16"),
        (F.issued("INV-2", 1500, issued: "2024-02-20", due: "2024-03-21", order: "O-1"), "2024-02-20"),
        (nil, "2024-03-03"), (nil, "2024-04-02"),
        (F.paid("INV-1", 2000, on: "2024-04-05"), "2024-04-05"),
        (nil, "2024-04-06"), (nil, "2024-05-01"),
    ]

    /// Runs the script from `start`, event or punctuation per step, with a JSON round trip of the state before
    /// each step when `roundTrip` is set; returns every output record.
    static func run(roundTrip: Bool) throws -> [OutputRecord] {
        let processor = MonitoringProcessor(policy: .defaults)
        var state: BuyerMonitor?
        var records: [OutputRecord] = []
        for (index, (event, date)) in script.enumerated() {
            if roundTrip, let current = state {
                state = try JSONDecoder().decode(BuyerMonitor.self, from: JSONEncoder().encode(current))
            }
            if let event {
                let time = Timestamp(date: F.day(date), hour: 9)
                let envelope = EventEnvelope(id: "e-\(index)", source: F.erp, time: time, event: event)
                let outcome = processor.process(state: state, input: envelope, context: ProcessingContext(
                    now: time.date, key: F.buyer.rawValue, causeID: EventStageIdentity.inputID(envelope), partition: 0))
                #expect(outcome.rejection == nil)
                state = outcome.state
                records += outcome.outputs
            } else if let current = state {
                let time = Timestamp(date: F.day(date))
                let outcome = processor.punctuate(state: current, key: F.buyer.rawValue, context: ProcessingContext(
                    now: time.date, key: F.buyer.rawValue, causeID: "\(F.buyer)@\(time.millisecondsSinceEpoch)", partition: 0))
                state = outcome.state
                records += outcome.outputs
            }
        }
        return records
    }

    @Test func stateRestoredFromItsJSONContinuesIdentically() throws {
        let straight = try Self.run(roundTrip: false)
        let restored = try Self.run(roundTrip: true)
        #expect(!straight.isEmpty)
        #expect(straight == restored, "same records, same ids, same bytes")
    }

    @Test func theScriptProducesEveryKindOfOutputWithStableIds() throws {
        let records = try Self.run(roundTrip: false)
        let topics = Set(records.map(\.topic))
        #expect(topics == ["receivables.positions", "credit.decisions", "receivables.overdue", "credence.alerts"])
        #expect(Set(records.map(\.id)).count == records.count, "every output has its own id")
        #expect(records.allSatisfy { $0.key == F.buyer.rawValue })
        let envelopes = Harness.decode(records)
        #expect(envelopes.decisions.map(\.outcome) == [.approved, .held])
        #expect(envelopes.decisions.last?.availableAmount == F.usd(500))
        let first = envelopes.overdueTransitions.filter { $0.invoiceId == "INV-1" }
        #expect(first.map(\.daysPastDue) == [1, 15, 31, 61])
        #expect(first.last?.openAmount == F.usd(2000), "61 days past due on 2 April, paid on 5 April")
        #expect(envelopes.overdueTransitions.filter { $0.invoiceId == "INV-2" }.map(\.daysPastDue) == [1, 15, 31])
        #expect(envelopes.positions.last?.openAmount == F.usd(1500))
        #expect(envelopes.alerts.allSatisfy { alert in envelopes.contains { $0.id == alert.alertId } })
        #expect(try Self.run(roundTrip: false).map(\.id) == records.map(\.id), "a replay reproduces every id")
    }

    @Test func anEventTheStageDoesNotConsumeIsRefused() {
        var harness = Harness()
        let result = harness.send(.claimEvent(ClaimEvent(buyerId: F.buyer, claimId: "CLM-1", state: .notified,
                                                         date: F.day("2024-01-01"), invoiceIds: ["INV-1"])), on: "2024-01-01")
        #expect(result.rejectionCode == .unknownType)
        #expect(harness.state == nil)
    }
}
