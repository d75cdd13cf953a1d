import Domain
import Foundation
import Kafka
import Runtime
import TestSupport
import Testing

@Suite("Global tables")
struct GlobalTableTests {
    @Test func everyInstanceSeesTheLatestValueOfEveryKeyAcrossAllPartitions() async throws {
        let test = try TestCluster(topics: ["portfolio.totals": 3])
        let table = try GlobalTable(topic: "portfolio.totals", kafka: test.common, logger: test.logger)
        let other = try GlobalTable(topic: "portfolio.totals", kafka: test.common, logger: test.logger)
        let producer = try test.producer()
        _ = try await producer.send([
            ProducerRecord(topic: "portfolio.totals", partition: 0, key: "p0", value: "100"),
            ProducerRecord(topic: "portfolio.totals", partition: 1, key: "p1", value: "200"),
            ProducerRecord(topic: "portfolio.totals", partition: 2, key: "p2", value: "300"),
            ProducerRecord(topic: "portfolio.totals", partition: 1, key: "p1", value: "250"),
            ProducerRecord(topic: "portfolio.totals", partition: 2, key: "p2", value: nil),
        ])
        await producer.close()
        let expected: [String: [UInt8]] = ["p0": Array("100".utf8), "p1": Array("250".utf8)]
        #expect(await eventually(timeout: .seconds(20)) { table.snapshot == expected })
        #expect(await eventually(timeout: .seconds(20)) { other.snapshot == expected }, "a second instance reads the same whole table")
        await table.close()
        await other.close()
        await test.shutdown()
    }

    /// A table made after its topic was written is loaded only once it holds every record written before: what a
    /// restarted stage waits for before it decides anything from the table.
    @Test func aTableIsLoadedOnlyOnceItHoldsWhatItsTopicHeldAtTheStart() async throws {
        let test = try TestCluster(topics: ["portfolio.totals": 3, "empty.totals": 2])
        let producer = try test.producer()
        var records: [ProducerRecord] = []
        for index in 0..<3_000 {
            records.append(ProducerRecord(topic: "portfolio.totals", partition: Int32(index % 3), key: "k\(index % 300)", value: "\(index)"))
        }
        _ = try await producer.send(records)
        await producer.close()

        let table = try GlobalTable(topic: "portfolio.totals", kafka: test.common, logger: test.logger)
        try await table.waitUntilLoaded()
        #expect(table.isLoaded)
        let snapshot = table.snapshot
        #expect(snapshot.count == 300, "every key, at once after loading")
        #expect(snapshot["k7"] == Array("2707".utf8), "the latest value of each key")
        #expect(table.failure == nil)

        let empty = try GlobalTable(topic: "empty.totals", kafka: test.common, logger: test.logger)
        try await empty.waitUntilLoaded()
        #expect(empty.snapshot.isEmpty, "an empty topic is loaded as soon as its watermarks are known")
        await table.close()
        await empty.close()
        await test.shutdown()
    }

    /// A table keeps one amount of each record, compact, and reads it back; what is not such a value reads as none.
    @Test func aKeptAmountReadsBackAndAnythingElseReadsAsNone() throws {
        struct Position: Codable { var exposure: Money; var note: String }
        let record = try JSONEncoder().encode(Position(exposure: Money(amountMinor: -1_234_567, currency: .eur), note: String(repeating: "x", count: 200)))
        let kept = TableValue.keepingAmount(Position.self, \.exposure, of: Array(record))
        #expect(String(decoding: kept, as: UTF8.self) == "-1234567 EUR")
        #expect(TableValue.amount(kept) == Money(amountMinor: -1_234_567, currency: .eur))
        #expect(TableValue.keepingAmount(Position.self, \.exposure, of: Array("not json".utf8)) == Array("not json".utf8))
        for other in ["not json", "12 EURO", "12EUR", "x USD", ""] {
            #expect(TableValue.amount(Array(other.utf8)) == nil, "\(other)")
        }
    }
}
