import Domain
import Kafka
@testable import Runtime
import Testing

@Suite("Inputs merged per task in event-time order")
struct EventTimeMergerTests {
    static let invoices = "erp.invoices"
    static let actions = "dunning.actions"

    static func record(_ topic: String, _ partition: Int32, _ offset: Int64, at time: String?, source: String = "erp/test",
                       timestamp: Int64? = nil) -> ConsumerRecord {
        var headers = [KafkaHeader(key: "ce_source", string: source)]
        if let time { headers.append(KafkaHeader(key: "ce_time", string: time)) }
        return ConsumerRecord(topic: topic, partition: partition, offset: offset, key: nil, value: nil, headers: headers, timestamp: timestamp)
    }

    static func merger(maxIdle: Int64 = 100) -> EventTimeMerger {
        var merger = EventTimeMerger(topics: [actions, invoices], maxIdleMilliseconds: maxIdle)
        merger.open(task: 0)
        merger.open(task: 1)
        return merger
    }

    static let caughtUp: [TopicPartition: Int64] = [
        TopicPartition(actions, 0): 0, TopicPartition(invoices, 0): 0, TopicPartition(actions, 1): 0, TopicPartition(invoices, 1): 0,
    ]

    @Test func theRecordWithTheSmallestEventTimeAcrossATasksPartitionsGoesFirst() {
        var merger = Self.merger()
        // Fetched actions first: each precedes its invoice in fetch order, follows it in event time.
        merger.add(Self.record(Self.actions, 0, 0, at: "2024-04-02T00:00:00.000Z", source: "credence/dunning"))
        merger.add(Self.record(Self.actions, 0, 1, at: "2024-05-02T00:00:00.000Z", source: "credence/dunning"))
        merger.add(Self.record(Self.invoices, 0, 0, at: "2024-01-02T12:00:00.000Z"))
        merger.add(Self.record(Self.invoices, 0, 1, at: "2024-04-10T12:00:00.000Z"))
        let taken = merger.take(limit: 10, lag: Self.caughtUp, now: 0)
        #expect(taken.records.map { "\($0.topic)@\($0.offset)" } == [
            "erp.invoices@0", "dunning.actions@0", "erp.invoices@1", "dunning.actions@1",
        ])
        #expect(taken.waitMilliseconds == nil)
    }

    @Test func onEqualTimesTheExternalCauseGoesBeforeWhatAStageDerivedThenTopicOrderThenOffset() {
        var merger = Self.merger()
        merger.add(Self.record(Self.actions, 0, 7, at: "2024-04-02T00:00:00.000Z", source: "credence/dunning"))
        merger.add(Self.record(Self.invoices, 0, 3, at: "2024-04-02T00:00:00.000Z"))
        merger.add(Self.record(Self.invoices, 0, 4, at: "2024-04-02T00:00:00.000Z"))
        let taken = merger.take(limit: 10, lag: Self.caughtUp, now: 0)
        #expect(taken.records.map(\.offset) == [3, 4, 7])
    }

    @Test func withoutCeTimeTheKafkaTimestampOrdersTheRecord() {
        var merger = Self.merger()
        merger.add(Self.record(Self.actions, 0, 0, at: nil, timestamp: 2_000))
        merger.add(Self.record(Self.invoices, 0, 0, at: nil, timestamp: 1_000))
        let taken = merger.take(limit: 10, lag: Self.caughtUp, now: 0)
        #expect(taken.records.map(\.topic) == [Self.invoices, Self.actions])
    }

    @Test func aTaskWaitsUpToMaxIdleForAnEmptyPartitionThatHasLagThenGoesOnWithoutIt() {
        var merger = Self.merger(maxIdle: 100)
        merger.add(Self.record(Self.actions, 0, 0, at: "2024-04-02T00:00:00.000Z", source: "credence/dunning"))
        var lag = Self.caughtUp
        lag[TopicPartition(Self.invoices, 0)] = 5
        let first = merger.take(limit: 10, lag: lag, now: 1_000)
        #expect(first.records.isEmpty)
        #expect(first.waitMilliseconds == 100)
        let later = merger.take(limit: 10, lag: lag, now: 1_060)
        #expect(later.records.isEmpty)
        #expect(later.waitMilliseconds == 40)
        let expired = merger.take(limit: 10, lag: lag, now: 1_100)
        #expect(expired.records.map(\.topic) == [Self.actions])
    }

    @Test func anEmptyPartitionWithoutLagIsNotWaitedForAndZeroMaxIdleNeverWaits() {
        var caughtUp = Self.merger(maxIdle: 100)
        caughtUp.add(Self.record(Self.actions, 0, 0, at: "2024-04-02T00:00:00.000Z"))
        let notWaiting = caughtUp.take(limit: 10, lag: Self.caughtUp, now: 0)
        #expect(notWaiting.records.count == 1)

        var impatient = Self.merger(maxIdle: 0)
        impatient.add(Self.record(Self.actions, 0, 0, at: "2024-04-02T00:00:00.000Z"))
        let neverWaiting = impatient.take(limit: 10, lag: [:], now: 0)
        #expect(neverWaiting.records.count == 1)
    }

    @Test func aPartitionWhoseLagIsUnknownIsWaitedForLongerThanMaxIdle() {
        var merger = Self.merger(maxIdle: 100)
        merger.add(Self.record(Self.actions, 0, 0, at: "2024-04-02T00:00:00.000Z"))
        var lag = Self.caughtUp
        lag[TopicPartition(Self.invoices, 0)] = nil
        let atFirst = merger.take(limit: 10, lag: lag, now: 0)
        let afterMaxIdle = merger.take(limit: 10, lag: lag, now: 200)
        let afterTheBound = merger.take(limit: 10, lag: lag, now: 5_000)
        #expect(atFirst.records.isEmpty)
        #expect(afterMaxIdle.records.isEmpty)
        #expect(afterTheBound.records.count == 1)
    }

    @Test func oneTaskWaitingDoesNotHoldBackAnother() {
        var merger = Self.merger(maxIdle: 100)
        merger.add(Self.record(Self.actions, 0, 0, at: "2024-04-02T00:00:00.000Z"))
        merger.add(Self.record(Self.actions, 1, 0, at: "2024-04-02T00:00:00.000Z"))
        var lag = Self.caughtUp
        lag[TopicPartition(Self.invoices, 0)] = 3
        let taken = merger.take(limit: 10, lag: lag, now: 0)
        #expect(taken.records.map(\.partition) == [1])
        #expect(taken.waitMilliseconds == 100)
    }

    @Test func aRecordFetchedAgainOrOfAClosedTaskIsDropped() {
        var merger = Self.merger()
        let first = merger.add(Self.record(Self.invoices, 0, 5, at: "2024-01-02T00:00:00.000Z"))
        let again = merger.add(Self.record(Self.invoices, 0, 5, at: "2024-01-02T00:00:00.000Z"))
        _ = merger.take(limit: 10, lag: Self.caughtUp, now: 0)
        let earlier = merger.add(Self.record(Self.invoices, 0, 4, at: "2024-01-02T00:00:00.000Z"))
        merger.close(task: 1)
        let ofAClosedTask = merger.add(Self.record(Self.invoices, 1, 0, at: "2024-01-02T00:00:00.000Z"))
        #expect(first && !again && !earlier && !ofAClosedTask)
        #expect(merger.tasks == [0])
    }

    @Test func theLimitIsSharedAcrossTasksStartingWithAnotherTaskEachTime() {
        var merger = Self.merger()
        for offset in 0..<3 {
            merger.add(Self.record(Self.invoices, 0, Int64(offset), at: "2024-01-02T00:00:00.000Z"))
            merger.add(Self.record(Self.invoices, 1, Int64(offset), at: "2024-01-02T00:00:00.000Z"))
        }
        let first = merger.take(limit: 2, lag: Self.caughtUp, now: 0)
        let second = merger.take(limit: 2, lag: Self.caughtUp, now: 0)
        #expect(first.records.map(\.partition) == [0, 0])
        #expect(second.records.map(\.partition) == [1, 1])
        #expect(merger.bufferedCount(TopicPartition(Self.invoices, 0)) == 1)
    }
}
