@testable import Runtime
import Testing

/// The one stall rule of every topic reader (global tables, snapshots, changelog restore), without a broker: short of
/// the end it had to reach, a reader that makes no progress for its stall timeout fails, naming where it stopped.
@Suite struct ReadProgressTests {
    static let start = ContinuousClock.now

    static func progress() -> ReadProgress {
        ReadProgress(targets: [0: 10, 2: 5], stallTimeout: .seconds(60), start: start)
    }

    @Test func aReaderShortOfItsEndFailsAfterTheStallTimeoutWithoutProgressNamingThePartition() throws {
        var progress = Self.progress()
        let reachedEnd = progress.read(partition: 2, nextOffset: 5, at: Self.start + .seconds(1))
        #expect(reachedEnd, "partition 2 reached its end")
        let reachedEndToo = progress.read(partition: 0, nextOffset: 4, at: Self.start + .seconds(30))
        #expect(!reachedEndToo)
        #expect(progress.stall(of: "t", at: Self.start + .seconds(89)) == nil, "59 s since the last record")
        let stall = try #require(progress.stall(of: "t", at: Self.start + .seconds(90)))
        #expect(stall.code == .readStalled)
        #expect(stall.message == "t stopped short of its end for 60.0 seconds: t[0] at 4 of 10")
        #expect(stall.topic == "t" && stall.partition == 0 && stall.offset == 4)
    }

    @Test func progressOnAnyPartitionRestartsTheClockAndAReaderAtItsEndNeverStalls() {
        var progress = Self.progress()
        _ = progress.read(partition: 0, nextOffset: 9, at: Self.start + .seconds(50))
        #expect(progress.stall(of: "t", at: Self.start + .seconds(100)) == nil, "50 s since the last progress")
        #expect(progress.stall(of: "t", at: Self.start + .seconds(110)) != nil)
        let again = progress.read(partition: 0, nextOffset: 9, at: Self.start + .seconds(120))
        #expect(!again)
        #expect(progress.stall(of: "t", at: Self.start + .seconds(121)) != nil, "the same offset again is no progress")
        _ = progress.read(partition: 0, nextOffset: 10, at: Self.start + .seconds(130))
        _ = progress.read(partition: 2, nextOffset: 7, at: Self.start + .seconds(130))
        #expect(progress.isAtEnd)
        #expect(progress.stall(of: "t", at: Self.start + .seconds(10_000)) == nil, "at its end a reader waits as long as it likes")
    }

    @Test func onlyRecordsBeforeTheEndCountAsTheReadAndAPartitionWithoutRecordsIsAtItsEnd() {
        let progress = Self.progress()
        #expect(progress.isBeforeTarget(partition: 0, offset: 9))
        #expect(!progress.isBeforeTarget(partition: 0, offset: 10), "written after reading began")
        #expect(progress.isAtEnd(partition: 1), "a partition that held nothing")
        #expect(progress.unfinishedPartitions == [0, 2])
        #expect(ReadProgress(targets: [:], stallTimeout: .seconds(1), start: Self.start).isAtEnd, "an empty topic is at its end at once")
    }
}
