import Domain
import Kafka
@testable import Runtime
import Testing

/// On the stream clock a task waits for the stages it reads from: a record goes only once every such stage has
/// promised (on `credence.progress`), and the task has fetched, everything that could sort before it.
@Suite("Stages side by side: a task waits on the progress of the stages it reads from")
struct UpstreamProgressTests {
    static let invoices = "erp.invoices"
    static let actions = "dunning.actions"
    static let assessments = "credit.assessments"

    static func at(_ day: Int) -> String { "2024-04-\(day < 10 ? "0" : "")\(day)T00:00:00.000Z" }
    static func millis(_ day: Int) -> Int64 { (try? Timestamp(rfc3339: at(day)).millisecondsSinceEpoch) ?? 0 }

    static func record(_ topic: String, _ offset: Int64, day: Int, derived: Bool) -> ConsumerRecord {
        EventTimeMergerTests.record(topic, 0, offset, at: at(day), source: derived ? "credence/test" : "erp/test")
    }

    /// Claims-like: invoices from outside, assessments from scoring and actions from dunning.
    /// A task opened at time 0 that has read its progress partition to the end (unless `historyRead` is false).
    static func merger(grace: Int64 = 0, historyRead: Bool = true) -> EventTimeMerger {
        var merger = EventTimeMerger(topics: [actions, assessments, invoices], maxIdleMilliseconds: 100, waitsOutLag: true,
                                     upstreamOf: [actions: "dunning", assessments: "scoring"])
        merger.upstreamGrace = grace
        merger.open(task: 0, now: 0)
        if historyRead { merger.progressHistoryRead(task: 0) }
        return merger
    }

    static let caughtUp: [TopicPartition: Int64] = [
        TopicPartition(actions, 0): 0, TopicPartition(assessments, 0): 0, TopicPartition(invoices, 0): 0,
    ]

    static func progress(_ stage: String, day: Int?, offsets: [String: Int64] = [:], topics: [String: Int64] = [:]) -> StageProgress {
        StageProgress(stage: stage, partition: 0, watermark: day.map(millis) ?? Int64.min, topics: topics, offsets: offsets)
    }

    @Test func aRecordWaitsUntilEveryStageItReadsFromPromisedItsTime() {
        var merger = Self.merger()
        merger.note(Self.progress("dunning", day: nil))
        merger.note(Self.progress("scoring", day: nil))
        merger.add(Self.record(Self.invoices, 0, day: 5, derived: false))
        // Both stages announced themselves, neither promised anything: the invoice of day 5 waits.
        var taken = merger.take(limit: 10, lag: Self.caughtUp, now: 10_000)
        #expect(taken.records.isEmpty)
        #expect(taken.waitMilliseconds != nil)
        merger.note(Self.progress("dunning", day: 5))
        taken = merger.take(limit: 10, lag: Self.caughtUp, now: 10_000)
        #expect(taken.records.isEmpty, "scoring may still publish an assessment dated before day 5")
        merger.note(Self.progress("scoring", day: 5))
        taken = merger.take(limit: 10, lag: Self.caughtUp, now: 10_000)
        #expect(taken.records.map(\.offset) == [0], "nothing from either stage can sort before an outside event of day 5 now")
    }

    @Test func aWatermarkCountsOnlyOnceTheOutputsItCoversAreFetched() {
        var merger = Self.merger()
        merger.note(Self.progress("scoring", day: 30))
        // Dunning promised day 10, having written two actions (offsets 0 and 1) that were not fetched yet.
        merger.note(Self.progress("dunning", day: 10, offsets: [Self.actions: 2]))
        merger.add(Self.record(Self.invoices, 0, day: 6, derived: false))
        var taken = merger.take(limit: 10, lag: Self.caughtUp, now: 10_000)
        #expect(taken.records.isEmpty, "the actions before day 10 are not fetched yet")
        merger.add(Self.record(Self.actions, 0, day: 4, derived: true))
        taken = merger.take(limit: 10, lag: Self.caughtUp, now: 10_000)
        #expect(taken.records.map(\.topic) == [Self.actions], "the action of day 4 goes; the next one may still be before day 6")
        merger.add(Self.record(Self.actions, 1, day: 8, derived: true))
        taken = merger.take(limit: 10, lag: Self.caughtUp, now: 10_000)
        #expect(taken.records.map(\.topic) == [Self.invoices, Self.actions], "fetched up to the promise: day 6, then the action of day 8")
    }

    @Test func onEqualTimesADerivedRecordWaitsForTheStagesWhoseTopicsSortBeforeIt() {
        var merger = Self.merger()
        merger.note(Self.progress("dunning", day: 5))
        merger.note(Self.progress("scoring", day: 5))
        merger.add(Self.record(Self.assessments, 0, day: 5, derived: true))
        // An assessment of day 5 sorts after any action of day 5 (the processor's topic order): dunning has promised
        // only what is before day 5, so it may still write one.
        var taken = merger.take(limit: 10, lag: Self.caughtUp, now: 10_000)
        #expect(taken.records.isEmpty)
        merger.note(Self.progress("dunning", day: 6))
        taken = merger.take(limit: 10, lag: Self.caughtUp, now: 10_000)
        #expect(taken.records.map(\.topic) == [Self.assessments])
    }

    @Test func aStageIsExpectedUntilTheTaskHasReadItsProgressPartitionToTheEnd() {
        var merger = Self.merger(grace: 5_000, historyRead: false)
        merger.add(Self.record(Self.invoices, 0, day: 5, derived: false))
        #expect(merger.take(limit: 10, lag: Self.caughtUp, now: 60_000).records.isEmpty,
                "long after the grace, but what the stages said before the task opened is not read yet")
        merger.progressHistoryRead(task: 0)
        #expect(merger.take(limit: 10, lag: Self.caughtUp, now: 60_000).records.count == 1)
        merger.close(task: 0)
        merger.open(task: 0, now: 60_000)
        merger.progressHistoryRead(task: 0)
        merger.add(Self.record(Self.invoices, 1, day: 6, derived: false))
        #expect(merger.take(limit: 10, lag: Self.caughtUp, now: 61_000).records.isEmpty, "the grace counts from the task's assignment")
    }

    @Test func aStageNotHeardFromWithinTheGraceIsTakenAsNotRunningUntilItAnnouncesItself() {
        var merger = Self.merger(grace: 5_000)
        merger.add(Self.record(Self.invoices, 0, day: 5, derived: false))
        var taken = merger.take(limit: 10, lag: Self.caughtUp, now: 1_000)
        #expect(taken.records.isEmpty, "within the grace an unannounced stage is still expected")
        taken = merger.take(limit: 10, lag: Self.caughtUp, now: 5_000)
        #expect(taken.records.map(\.offset) == [0], "after it, neither stage runs: nothing is waited for")
        merger.note(Self.progress("dunning", day: 6))
        merger.add(Self.record(Self.invoices, 1, day: 7, derived: false))
        taken = merger.take(limit: 10, lag: Self.caughtUp, now: 6_000)
        #expect(taken.records.isEmpty, "dunning announced itself with a promise up to day 6 only")
        #expect(merger.waitsOnUpstream(task: 0, topic: Self.actions, now: 6_000))
        #expect(!merger.waitsOnUpstream(task: 0, topic: Self.assessments, now: 6_000))
    }

    @Test func progressOfAStageTheTaskDoesNotReadFromIsIgnored() {
        var merger = Self.merger()
        merger.note(Self.progress("monitoring", day: nil))
        merger.note(Self.progress("claims", day: nil))
        merger.add(Self.record(Self.invoices, 0, day: 5, derived: false))
        #expect(merger.take(limit: 10, lag: Self.caughtUp, now: 10_000).records.count == 1)
    }

    @Test func theWatermarkIsTheEarliestTimeAnInputMayStillBringBoundedByTheClockAndTheNextPunctuation() {
        var merger = Self.merger()
        merger.note(Self.progress("dunning", day: 9))
        merger.note(Self.progress("scoring", day: 20))
        merger.add(Self.record(Self.invoices, 0, day: 12, derived: false))
        let lag: [TopicPartition: Int64] = [TopicPartition(Self.actions, 0): 0, TopicPartition(Self.assessments, 0): 0]
        func watermark(_ causes: Set<String>?, floor: Int, next: Int? = nil) -> Int64 {
            merger.watermark(task: 0, causes: causes, lag: lag, floor: Self.millis(floor), nextPunctuation: next.map(Self.millis), now: 10_000)
        }
        #expect(watermark(nil, floor: 3) == Self.millis(9), "dunning's promise is the earliest")
        #expect(watermark([Self.invoices, Self.assessments], floor: 3) == Self.millis(12), "without dunning: the invoice's day")
        #expect(watermark([Self.invoices, Self.assessments], floor: 3, next: 11) == Self.millis(11), "a punctuation on day 11 comes first")
        #expect(watermark(nil, floor: 10) == Self.millis(10), "never before the stream clock")
        // An outside partition with lag, nothing fetched: what comes from it is applied at the stream clock.
        let lagging: [TopicPartition: Int64] = lag.merging([TopicPartition(Self.invoices, 0): 3]) { $1 }
        var empty = Self.merger()
        empty.note(Self.progress("dunning", day: 9))
        empty.note(Self.progress("scoring", day: 20))
        #expect(empty.watermark(task: 0, causes: nil, lag: lagging, floor: Self.millis(4), nextPunctuation: nil, now: 10_000) == Self.millis(4))
        let drained: [TopicPartition: Int64] = lag.merging([TopicPartition(Self.invoices, 0): 0]) { $1 }
        #expect(empty.watermark(task: 0, causes: [Self.invoices], lag: drained, floor: Self.millis(4), nextPunctuation: nil, now: 10_000) == Int64.max,
                "nothing more on the broker: nothing more is coming")
    }

    @Test func aPunctuationRunsAheadOfAHeldRecordOnceNothingBeforeItCanStillCome() {
        // Monitoring ⇄ dunning: the next record (day 12) waits for dunning, which waits for monitoring's punctuation
        // of day 10 — so that punctuation must run before the record is handed out, as soon as nothing before day
        // 10 can still come.
        var merger = Self.merger()
        merger.note(Self.progress("scoring", day: 30))
        merger.note(Self.progress("dunning", day: 9))
        merger.add(Self.record(Self.invoices, 0, day: 12, derived: false))
        #expect(!merger.mayPunctuate(task: 0, at: Self.millis(10), lag: Self.caughtUp, now: 10_000), "dunning may still write before day 10")
        merger.note(Self.progress("dunning", day: 10))
        #expect(merger.mayPunctuate(task: 0, at: Self.millis(10), lag: Self.caughtUp, now: 10_000))
        #expect(merger.take(limit: 10, lag: Self.caughtUp, now: 10_000).records.isEmpty, "the record itself still waits")
        #expect(!merger.mayPunctuate(task: 0, at: Self.millis(13), lag: Self.caughtUp, now: 10_000), "no punctuation past the next record")
        let lagging = Self.caughtUp.merging([TopicPartition(Self.invoices, 0): 1]) { $1 }
        var empty = Self.merger()
        empty.note(Self.progress("scoring", day: 30))
        empty.note(Self.progress("dunning", day: 30))
        empty.add(Self.record(Self.actions, 0, day: 12, derived: true))
        #expect(!empty.mayPunctuate(task: 0, at: Self.millis(10), lag: lagging, now: 10_000), "an outside partition with lag may hold something earlier")
        #expect(empty.mayPunctuate(task: 0, at: Self.millis(10), lag: Self.caughtUp, now: 10_000))
    }

    @Test func anotherStagesRecordNotWaitedForCountsAtTheStreamClockOnlyWhenItComesFirst() {
        // Neither stage runs (the grace is over): their records are applied at the stream clock of their turn.
        var merger = Self.merger()
        merger.add(Self.record(Self.invoices, 0, day: 6, derived: false))
        merger.add(Self.record(Self.actions, 0, day: 9, derived: true))
        let lag: [TopicPartition: Int64] = [TopicPartition(Self.assessments, 0): 0]
        #expect(merger.watermark(task: 0, causes: nil, lag: lag, floor: Self.millis(2), nextPunctuation: nil, now: 10_000) == Self.millis(6),
                "the action comes after the invoice of day 6, which moves the clock first")
        var first = Self.merger()
        first.add(Self.record(Self.actions, 0, day: 4, derived: true))
        first.add(Self.record(Self.invoices, 0, day: 6, derived: false))
        #expect(first.watermark(task: 0, causes: nil, lag: lag, floor: Self.millis(2), nextPunctuation: nil, now: 10_000) == Self.millis(2),
                "the action of day 4 comes first and is applied at the clock of day 2")
    }

    @Test func aProgressRecordRoundTripsAndNamesItsStageAsKey() throws {
        let progress = StageProgress(stage: "monitoring", partition: 3, watermark: 1_712_000_000_000,
                                     topics: ["receivables.overdue": 1_712_100_000_000], offsets: ["receivables.overdue": 42])
        let record = progress.record(topic: TopicCatalog.progress)
        #expect(record.key == Array("monitoring".utf8))
        #expect(record.partition == 3)
        #expect(StageProgress.decode(try #require(record.value)) == progress)
        #expect(progress.watermark(for: "receivables.overdue") == 1_712_100_000_000)
        #expect(progress.watermark(for: "credence.alerts") == 1_712_000_000_000)
    }
}
