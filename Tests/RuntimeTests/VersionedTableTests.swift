import Domain
import Foundation
import Kafka
@testable import Runtime
import TestSupport
import Testing

/// On the stream clock a global table is read as of a time: every value before it, once the stage writing the topic
/// has promised (on `credence.progress`) everything before it on every partition, and the table has read that far.
@Suite("Global tables as of the stream clock")
struct VersionedTableTests {
    static let positions = TopicCatalog.receivablesPositions
    static let progress = TopicCatalog.progress

    static func at(_ day: Int) -> String { "2024-04-0\(day)T00:00:00.000Z" }
    static func millis(_ day: Int) -> Int64 { (try? Timestamp(rfc3339: at(day)).millisecondsSinceEpoch) ?? 0 }

    static func position(_ buyer: String, partition: Int32, day: Int, _ value: String?) -> ProducerRecord {
        ProducerRecord(topic: positions, partition: partition, key: Array(buyer.utf8), value: value.map { Array($0.utf8) },
                       headers: [KafkaHeader(key: "ce_time", string: at(day))])
    }

    @Test func aTableIsReadAsOfATimeOnceItsStageHasPromisedEverythingBeforeIt() async throws {
        let test = try TestCluster(topics: [Self.positions: 2, Self.progress: 2])
        let table = try GlobalTable(GlobalTableDeclaration<[UInt8]>(topic: Self.positions) { $0 }, kafka: test.common,
                                    logger: test.logger, versioned: true)
        try table.followProgress(on: Self.progress, of: "monitoring", graceUntil: monotonicMilliseconds() + 3_600_000, kafka: test.common)
        let producer = try test.producer()
        // Written out of event-time order on partition 0 (a restarted writer sends its older outputs again).
        _ = try await producer.send([
            Self.position("b1", partition: 0, day: 3, "3"),
            Self.position("b1", partition: 0, day: 1, "1"),
            Self.position("b2", partition: 1, day: 2, "2"),
            Self.position("b2", partition: 1, day: 4, nil),
        ])
        try await table.waitUntilLoaded()
        #expect(await eventually(timeout: .seconds(20)) { table.snapshot(before: Self.millis(9)).isEmpty == false })
        func values(before day: Int) -> [String: String] {
            table.snapshot(before: Self.millis(day)).mapValues { String(decoding: $0, as: UTF8.self) }
        }
        #expect(values(before: 1).isEmpty)
        #expect(values(before: 2) == ["b1": "1"])
        #expect(values(before: 3) == ["b1": "1", "b2": "2"])
        #expect(values(before: 5) == ["b1": "3"], "b2 removed on day 4")
        #expect(table.snapshot == ["b1": Array("3".utf8)], "the latest values")

        // Monitoring has not announced itself yet, and is still expected: nothing is complete.
        #expect(table.completeThrough(now: monotonicMilliseconds()) == Int64.min)
        _ = try await producer.send([
            StageProgress(stage: "monitoring", partition: 0, watermark: Self.millis(3), offsets: [Self.positions: 2]).record(topic: Self.progress),
            StageProgress(stage: "monitoring", partition: 1, watermark: Self.millis(5), offsets: [Self.positions: 2]).record(topic: Self.progress),
            StageProgress(stage: "claims", partition: 0, watermark: Self.millis(9)).record(topic: Self.progress),
        ])
        #expect(await eventually(timeout: .seconds(20)) { table.completeThrough(now: monotonicMilliseconds()) == Self.millis(3) },
                "the earliest promise across the partitions, each read up to its offsets")
        _ = try await producer.send([
            StageProgress(stage: "monitoring", partition: 0, watermark: Self.millis(7), offsets: [Self.positions: 3]).record(topic: Self.progress),
        ])
        try await Task.sleep(for: .milliseconds(500))
        #expect(table.completeThrough(now: monotonicMilliseconds()) == Self.millis(3), "a promise covering a record not read yet does not count")
        _ = try await producer.send([Self.position("b3", partition: 0, day: 6, "6")])
        #expect(await eventually(timeout: .seconds(20)) { table.completeThrough(now: monotonicMilliseconds()) == Self.millis(5) })

        table.prune(before: Self.millis(5))
        #expect(values(before: 5) == ["b1": "3"], "what a reader as of day 5 sees stays")
        #expect(values(before: 7) == ["b1": "3", "b3": "6"])
        await producer.close()
        await table.close()
        await test.shutdown()
    }
}
