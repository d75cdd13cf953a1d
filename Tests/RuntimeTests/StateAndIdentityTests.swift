import Foundation
@testable import Runtime
import Testing

@Suite("Partition state and changelog records")
struct StateAndIdentityTests {
    @Test func anInputIsAppliedOnceWhetherRedeliveredAtItsOffsetOrAgainUnderItsID() {
        var partition = PartitionState<Int>(partition: 3)
        func delivery(_ key: String, _ topic: String, _ offset: Int64, _ id: String, _ content: UInt64? = 7) -> PartitionState<Int>.Delivery {
            partition.delivery(key: key, topic: topic, offset: offset, id: id, content: content)
        }
        #expect(delivery("b1", "erp.invoices", 10, "e-10") == .new)
        partition.apply(key: "b1", state: 5, topic: "erp.invoices", offset: 10, id: "e-10", content: 7, rememberedIDs: 2)
        #expect(delivery("b1", "erp.invoices", 10, "other") == .redelivery, "same offset again")
        #expect(delivery("b1", "erp.invoices", 9, "other") == .redelivery, "an older offset")
        #expect(delivery("b1", "credit.assessments", 500, "e-10") == .redelivery, "same id and content on another record")
        #expect(delivery("b1", "credit.assessments", 500, "e-11") == .new)
        #expect(delivery("b2", "erp.invoices", 10, "e-10") == .new, "another buyer")

        partition.apply(key: "b1", state: 6, topic: "erp.invoices", offset: 11, id: "e-11", content: 8, rememberedIDs: 2)
        partition.apply(key: "b1", state: 7, topic: "erp.invoices", offset: 12, id: "e-12", content: 9, rememberedIDs: 2)
        #expect(partition.entries["b1"]?.recentIDs.count == 2, "the window is bounded")
        #expect(partition.entries["b1"]?.recentContents?.count == 2, "contents are kept index for index")
        #expect(delivery("b1", "x", 0, "e-10") == .new, "forgotten beyond the window")
        #expect(partition.dirtyKeys == ["b1"])
    }

    @Test func theSameIDWithOtherContentIsAConflictingDuplicateUnlessExempt() {
        var partition = PartitionState<Int>(partition: 0)
        partition.apply(key: "b1", state: 1, topic: "erp.invoices", offset: 1, id: "pay-1", content: 100, rememberedIDs: 64)
        partition.apply(key: "b1", state: 2, topic: "erp.invoices", offset: 2, id: "from-a-stage", content: nil, rememberedIDs: 64)
        #expect(partition.delivery(key: "b1", topic: "erp.invoices", offset: 3, id: "pay-1", content: 100) == .redelivery)
        #expect(partition.delivery(key: "b1", topic: "erp.invoices", offset: 3, id: "pay-1", content: 101) == .conflictingDuplicate)
        #expect(partition.delivery(key: "b1", topic: "erp.invoices", offset: 3, id: "pay-1", content: nil) == .redelivery, "exempt input")
        #expect(partition.delivery(key: "b1", topic: "erp.invoices", offset: 3, id: "from-a-stage", content: 5) == .redelivery,
                "remembered without content")
        // A window restored from a record written before contents were kept compares nothing for its ids.
        partition.entries["b1"]?.recentContents = nil
        #expect(partition.delivery(key: "b1", topic: "erp.invoices", offset: 3, id: "pay-1", content: 101) == .redelivery)
        partition.apply(key: "b1", state: 3, topic: "erp.invoices", offset: 3, id: "pay-2", content: 200, rememberedIDs: 64)
        #expect(partition.entries["b1"]?.recentContents == [0, 0, 200])
        #expect(partition.delivery(key: "b1", topic: "erp.invoices", offset: 4, id: "pay-2", content: 201) == .conflictingDuplicate)
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
