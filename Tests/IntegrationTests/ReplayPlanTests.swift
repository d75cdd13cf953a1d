import Domain
import Kafka
import Runtime
import Testing
@testable import credence

/// What `credence dlq replay` sends and what `dlq summary` counts, worked out from dead letters as values.
@Suite struct ReplayPlanTests {
    /// A dead letter of monitoring as the runtime writes it, parked at `minute` minutes past midnight of 2024-05-01.
    static func parked(offset: Int64, code: String = "unknown_invoice", minute: Int64 = 0, extra: [KafkaHeader] = [],
                       value: String = #"{"buyerId":"B-1"}"#) -> ParkedRecord {
        let headers = [
            KafkaHeader(key: "ce_id", string: "PAY-\(offset)"), KafkaHeader(key: "ce_type", string: "credence.invoice.payment-applied.v1"),
            KafkaHeader(key: DeadLetter.sourceTopic, string: "erp.invoices"), KafkaHeader(key: DeadLetter.sourcePartition, string: "2"),
            KafkaHeader(key: DeadLetter.sourceOffset, string: String(100 + offset)), KafkaHeader(key: DeadLetter.attempts, string: "1"),
            KafkaHeader(key: DeadLetter.stage, string: "monitoring"), KafkaHeader(key: "dlq.error.code", string: code),
            KafkaHeader(key: "dlq.error.field", string: "invoiceId"), KafkaHeader(key: "dlq.error.message", string: "unknown invoice"),
        ] + extra
        let midnight = Timestamp(date: try! CalendarDate("2024-05-01")).millisecondsSinceEpoch
        return ParkedRecord(ConsumerRecord(topic: "monitoring.dlq", partition: 2, offset: offset, key: Array("B-1".utf8),
                                           value: Array(value.utf8), headers: headers, timestamp: midnight + minute * 60_000))
    }

    static let monitoringOnly = DeadLetterSelection(stages: [.monitoring], code: "unknown_invoice")

    @Test func aReplayedRecordIsTheOriginalWithTheReplayHeadersAndNoDeadLetterHeader() throws {
        let letter = Self.parked(offset: 7, extra: [KafkaHeader(key: DeadLetter.replayed, string: "an-earlier-replay")])
        let record = ReplayPlan.record(replaying: letter, to: try #require(letter.source), replayId: "r-1")
        #expect(record.topic == "erp.invoices" && record.partition == 2)
        #expect(record.key == Array("B-1".utf8) && record.value == letter.value)
        #expect(record.headers.map(\.key) == ["ce_id", "ce_type", DeadLetter.replayed, DeadLetter.replayedStage])
        #expect(record.headers.map(\.stringValue) == ["PAY-7", "credence.invoice.payment-applied.v1", "r-1", "monitoring"])
    }

    @Test func loggedTruncatedReparkedAndOtherCodesAreNotSent() {
        let parked = [
            Self.parked(offset: 0),
            Self.parked(offset: 1),                                                       // logged already
            Self.parked(offset: 2, extra: [KafkaHeader(key: DeadLetter.valueTruncated, string: "true"),
                                           KafkaHeader(key: DeadLetter.valueSize, string: "300000")]),
            Self.parked(offset: 3, extra: [KafkaHeader(key: DeadLetter.replayed, string: "r-0")]), // a re-park
            Self.parked(offset: 4, code: "malformed_json"),
        ]
        let logged: Set = [ReplayLogEntry.Position(topic: "monitoring.dlq", partition: 2, offset: 1)]
        let plan = ReplayPlan(replayId: "r-1", parked: parked, selection: Self.monitoringOnly, replayed: logged)
        #expect(plan.sends.map(\.deadLetter.position.offset) == [0])
        #expect(plan.alreadyReplayed.map(\.position.offset) == [1])
        #expect(plan.notReplayable.map(\.position.offset) == [2])
        #expect(plan.notReplayable.first?.notReplayableReason == "value truncated when parked (300000 bytes, 17 kept)")
        #expect(plan.heldReparks.map(\.position.offset) == [3])
        let again = ReplayPlan(replayId: "r-2", parked: parked, selection: Self.monitoringOnly, replayed: logged, includeReparks: true)
        #expect(again.sends.map(\.deadLetter.position.offset) == [0, 3])
    }

    @Test func fromIsInclusiveAndToExclusiveOnTheParkingTime() {
        let parked = (0..<4).map { Self.parked(offset: $0, minute: $0 * 10) }     // 00:00, 00:10, 00:20, 00:30
        var selection = Self.monitoringOnly
        selection.from = TimeBound(argument: "2024-05-01T00:10:00Z")?.timestamp
        selection.to = TimeBound(argument: "2024-05-01T00:30:00Z")?.timestamp
        #expect(ReplayPlan(replayId: "r", parked: parked, selection: selection, replayed: []).sends.map(\.deadLetter.position.offset) == [1, 2])
        #expect(TimeBound(argument: "2024-05-01")?.timestamp == Timestamp(date: try! CalendarDate("2024-05-01")))
        #expect(TimeBound(argument: "yesterday") == nil)
    }

    @Test func theSummaryCountsByCodeSourceTopicAndDayWithReplaysAndReparks() {
        let parked = [Self.parked(offset: 0), Self.parked(offset: 1, minute: 24 * 60),
                      Self.parked(offset: 2, minute: 24 * 60 + 5, extra: [KafkaHeader(key: DeadLetter.replayed, string: "r-1")])]
        let entry = ReplayLogEntry(replayId: "r-1", stage: "monitoring", code: "unknown_invoice", ceId: "PAY-0",
                                   deadLetter: .init(topic: "monitoring.dlq", partition: 2, offset: 0),
                                   source: .init(topic: "erp.invoices", partition: 2, offset: 100),
                                   replayedTo: .init(topic: "erp.invoices", partition: 2, offset: 500),
                                   replayedAt: Timestamp(date: try! CalendarDate("2024-05-02")))
        let summary = DeadLetterSummary(parked: parked, replayLog: [entry], selection: DeadLetterSelection(stages: Stage.allCases))
        #expect(summary.total == 3)
        #expect(summary.groups.map { "\($0.day) \($0.sourceTopic) \($0.records) \($0.reparked)" } == ["2024-05-01 erp.invoices 1 0", "2024-05-02 erp.invoices 2 1"])
        #expect(summary.groups.last?.first.deadLetter.offset == 1 && summary.groups.last?.last.deadLetter.offset == 2)
        let code = summary.codes.first
        #expect(summary.codes.count == 1 && code?.records == 3 && code?.replayed == 1 && code?.reparked == 1 && code?.sample.ceId == "PAY-0")
        #expect(summary.replays.map { "\($0.replayId) \($0.records)" } == ["r-1 1"])
        #expect(summary.text.contains("unknown_invoice: 3 parked, 1 replayed, 1 re-parked"))
    }
}
