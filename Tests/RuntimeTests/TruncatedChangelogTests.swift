import Foundation
import Kafka
import TestSupport
import Testing

@Suite("A truncated changelog is refused", .serialized)
struct TruncatedChangelogTests {
    /// The embedded broker keeps a partition's last 5 MiB and does not compact: a changelog that outgrew it lost the
    /// only record of a key its last checkpoint still counts. The stage refuses to restore part of the state: it never
    /// becomes ready, and stops naming the partition.
    @Test func aChangelogPartitionThatLostAKeysRecordStopsTheStageNamingIt() async throws {
        let fixture = try ProbeFixture()
        let state = #"{"applied":{},"recentIDs":[],"state":{"count":1,"total":1}}"#
        var records = [ProducerRecord(topic: "probe.changelog", partition: 0, key: "s/buyer-a", value: state)]
        // 7 MB of later states of another key push buyer-a's only record out of the broker's window.
        let filler = String(repeating: "x", count: 10_000)
        records += (0..<700).map { _ in ProducerRecord(topic: "probe.changelog", partition: 0, key: "s/buyer-b", value: filler) }
        records.append(ProducerRecord(topic: "probe.changelog", partition: 0, key: "s/buyer-b", value: state))
        records.append(ProducerRecord(topic: "probe.changelog", partition: 0, key: "o/0", value: #"{"keys":2,"offsets":{"probe.input":0}}"#))
        for chunk in stride(from: 0, to: records.count, by: 100) {
            try await fixture.produceRaw(Array(records[chunk..<min(chunk + 100, records.count)]))
        }
        let consumer = try fixture.test.consumer(group: nil)
        let marks = try await consumer.watermarks(TopicPartition("probe.changelog", 0))
        await consumer.close()
        try #require(marks.low > 0, "the broker dropped the oldest records (low watermark \(marks.low))")

        let stage = try await fixture.startStage("truncated")
        let status = await stage.process.exitStatus(timeout: .seconds(120))
        #expect(status != nil && status != 0, "the stage stops instead of running on part of its state")
        #expect(stage.process.standardError.contains("probe.changelog[0] is truncated"), "\(stage.process.standardError.suffix(2_000))")
        await fixture.shutdown()
    }
}
