import Domain
@testable import Runtime
import Testing

/// The small rules the stream clock's waiting rests on: which time a record reads the tables as of, when a
/// promise counts, and how long a poll may wait.
@Suite("Stream clock: table time, promises and poll waits")
struct StreamClockTimingTests {
    static let day: Int64 = 86_400_000

    /// A record of day D reads the tables as they stood at the start of D − 1, on either side of the epoch.
    @Test func aRecordReadsTheTablesAsOfTheStartOfTheDayBeforeItsOwn() {
        var merger = EventTimeMerger(topics: ["erp.invoices"], maxIdleMilliseconds: 100, waitsOutLag: true)
        #expect(merger.tableTime(of: 10 * Self.day + 5) == nil)  // no tables read on the stream clock: no table time
        merger.tableDay = Self.day
        #expect(merger.tableTime(of: 10 * Self.day) == 9 * Self.day)
        #expect(merger.tableTime(of: 10 * Self.day + 5) == 9 * Self.day)
        #expect(merger.tableTime(of: 11 * Self.day - 1) == 9 * Self.day)
        #expect(merger.tableTime(of: -5) == -2 * Self.day)
        #expect(EventTimeMerger.tableTime(afterPunctuation: 10 * Self.day, interval: Self.day) == 9 * Self.day)
        // Before the first punctuation the tables are read as empty, never as the latest.
        #expect(EventTimeMerger.tableTime(afterPunctuation: Int64.min, interval: Self.day) == Int64.min)
    }

    /// A promise counts once its reader fetched up to its offset; a later promise covering more replaces the ones it
    /// dominates, and an earlier watermark never lowers what is covered.
    @Test func aPromiseCountsOnceItsOffsetsAreFetched() {
        var promised = PromisedWatermark()
        #expect(promised.covered == Int64.min)
        promised.add(offset: 10, watermark: 100)
        promised.add(offset: 20, watermark: 200)
        promised.settle(fetched: 9)
        #expect(promised.covered == Int64.min)
        promised.settle(fetched: 10)
        #expect(promised.covered == 100)
        promised.add(offset: 15, watermark: 150)  // fewer offsets, promising less than the one at 20: both kept
        promised.settle(fetched: 15)
        #expect(promised.covered == 150)
        promised.add(offset: 30, watermark: 300)
        promised.add(offset: 25, watermark: 120)
        promised.settle(fetched: 40)
        #expect(promised.covered == 300)
        promised.settle(fetched: 40)
        #expect(promised.covered == 300)
    }

    /// 5 ms while records are in flight; otherwise as long as the merge may hold records back (5 … 100 ms), or
    /// 100 ms when it holds none: a record that arrives ends the poll at once.
    @Test func aPollWaitsAsLongAsWhatItWaitsForAllows() {
        typealias Runner = StageRunner<StageStateMachineTests.Totals>
        #expect(Runner.pollTimeout(holding: nil, inFlight: true) == .milliseconds(5))
        #expect(Runner.pollTimeout(holding: 80, inFlight: true) == .milliseconds(5))
        #expect(Runner.pollTimeout(holding: nil, inFlight: false) == .milliseconds(100))
        #expect(Runner.pollTimeout(holding: 20, inFlight: false) == .milliseconds(20))
        #expect(Runner.pollTimeout(holding: 0, inFlight: false) == .milliseconds(5))
        #expect(Runner.pollTimeout(holding: 5_000, inFlight: false) == .milliseconds(100))
    }
}
