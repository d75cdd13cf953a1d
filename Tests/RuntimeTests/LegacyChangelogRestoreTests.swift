import Domain
import Foundation
import Kafka
import TestSupport
import Testing
@testable import Runtime

@Suite("A JSON changelog restores after the upgrade to the binary one", .serialized)
struct LegacyChangelogRestoreTests {
    /// A stage upgraded in place finds the changelog its previous version wrote in JSON: it restores the buyer's total
    /// from it, goes on from there, and writes the buyer's next state in the binary format.
    @Test func aStageRestoresItsJSONChangelogAndWritesTheNextStateInBinary() async throws {
        let fixture = try ProbeFixture()
        let partition = KeyPartitioner.partition(of: Array("buyer-a".utf8), partitions: ProbeFixture.partitions)
        let state = #"{"applied":{},"recentIDs":[],"state":{"count":5,"total":500}}"#
        try await fixture.produceRaw([
            ProducerRecord(topic: "probe.changelog", partition: partition, key: "s/buyer-a", value: state),
            ProducerRecord(topic: "probe.changelog", partition: partition, key: "o/\(partition)", value: #"{"keys":1,"offsets":{"probe.input":0}}"#),
        ])

        let stage = try await fixture.startStage("upgraded")
        #expect(await fixture.waitReady(stage), "\(stage.process.standardError.suffix(2_000))")
        try await fixture.produce([ProbeEvent(id: "after-upgrade", buyer: "buyer-a", amount: 100)])
        let totals = TotalOutput.decode(try await fixture.collect("probe.totals", unique: 1))
        #expect(totals.map(\.total) == [600], "the total goes on from the JSON changelog's 500")
        #expect(totals.map(\.count) == [6])

        let written = await eventually(timeout: .seconds(30)) {
            (try? await Self.lastState(of: "buyer-a", in: fixture, partition: partition))?.first == BinaryCodec.version
        }
        #expect(written, "the next state record is binary")
        let bytes = try #require(try await Self.lastState(of: "buyer-a", in: fixture, partition: partition))
        let entry = try ChangelogCoder.decode(KeyEntry<[String: Int]>.self, from: bytes)
        #expect(entry.state == ["count": 6, "total": 600])
        await fixture.shutdown()
    }

    /// The value of the last state record of `buyer` in the changelog partition.
    static func lastState(of buyer: String, in fixture: ProbeFixture, partition: Int32) async throws -> [UInt8]? {
        let consumer = try fixture.test.consumer(group: nil)
        try consumer.assign([TopicPartitionOffset(topic: "probe.changelog", partition: partition, offset: KafkaOffset.beginning)])
        var last: [UInt8]?
        while true {
            let batch = try await consumer.poll(maxRecords: 10_000, timeout: .milliseconds(1_000))
            if batch.isEmpty { break }
            for record in batch where record.keyString == "s/\(buyer)" { last = record.value }
        }
        await consumer.close()
        return last
    }
}
