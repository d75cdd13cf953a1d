import Foundation
@testable import Runtime
import Testing

@Suite("Partition state and changelog records")
struct StateAndIdentityTests {
    @Test func anInputIsAppliedOnceWhetherRedeliveredAtItsOffsetOrAgainUnderItsID() {
        var partition = PartitionState<Int>(partition: 3)
        #expect(!partition.alreadyApplied(key: "b1", topic: "erp.invoices", offset: 10, id: "e-10"))
        partition.apply(key: "b1", state: 5, topic: "erp.invoices", offset: 10, id: "e-10", rememberedIDs: 2)
        #expect(partition.alreadyApplied(key: "b1", topic: "erp.invoices", offset: 10, id: "other"), "same offset again")
        #expect(partition.alreadyApplied(key: "b1", topic: "erp.invoices", offset: 9, id: "other"), "an older offset")
        #expect(partition.alreadyApplied(key: "b1", topic: "credit.assessments", offset: 500, id: "e-10"), "same id on another record")
        #expect(!partition.alreadyApplied(key: "b1", topic: "credit.assessments", offset: 500, id: "e-11"))
        #expect(!partition.alreadyApplied(key: "b2", topic: "erp.invoices", offset: 10, id: "e-10"), "another buyer")

        partition.apply(key: "b1", state: 6, topic: "erp.invoices", offset: 11, id: "e-11", rememberedIDs: 2)
        partition.apply(key: "b1", state: 7, topic: "erp.invoices", offset: 12, id: "e-12", rememberedIDs: 2)
        #expect(partition.entries["b1"]?.recentIDs.count == 2, "the window is bounded")
        #expect(!partition.alreadyApplied(key: "b1", topic: "x", offset: 0, id: "e-10"), "forgotten beyond the window")
        #expect(partition.dirtyKeys == ["b1"])
    }

    @Test func positionsAndTheStreamClockOnlyMoveForward() {
        var partition = PartitionState<Int>(partition: 0)
        partition.advance(topic: "erp.invoices", past: 41)
        partition.advance(topic: "erp.invoices", past: 7)
        #expect(partition.checkpoint.offsets["erp.invoices"] == 42)
        partition.observe(eventTime: Date(timeIntervalSince1970: 100))
        partition.observe(eventTime: Date(timeIntervalSince1970: 50))
        #expect(partition.streamTime == Date(timeIntervalSince1970: 100))
    }

    @Test func changelogRecordsRoundTripWithStableBytes() throws {
        let entry = KeyEntry(state: ["total": 12], applied: ["erp.invoices": 9, "buyer.signals": 3], recentIDs: [1, 2])
        let bytes = try ChangelogCoder.encode(entry)
        #expect(try ChangelogCoder.encode(entry) == bytes, "sorted keys: the same state gives the same bytes")
        let decoded = try ChangelogCoder.decode(KeyEntry<[String: Int]>.self, from: bytes)
        #expect(decoded.state == ["total": 12])
        #expect(decoded.applied == ["erp.invoices": 9, "buyer.signals": 3])
        #expect(ChangelogKey.stateKey(ChangelogKey.state("buyer-7")) == "buyer-7")
        #expect(ChangelogKey.stateKey(ChangelogKey.offsets(3)) == nil)
    }
}
