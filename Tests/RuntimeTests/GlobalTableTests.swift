import Domain
import Foundation
import Kafka
import Runtime
import TestSupport
import Testing

@Suite("Global tables")
struct GlobalTableTests {
    /// A table that keeps each value's bytes as they are.
    static func bytes(_ topic: String) -> GlobalTableDeclaration<[UInt8]> {
        GlobalTableDeclaration(topic: topic) { $0 }
    }

    @Test func everyInstanceSeesTheLatestValueOfEveryKeyAcrossAllPartitions() async throws {
        let test = try TestCluster(topics: ["portfolio.totals": 3])
        let table = try GlobalTable(Self.bytes("portfolio.totals"), kafka: test.common, logger: test.logger)
        let other = try GlobalTable(Self.bytes("portfolio.totals"), kafka: test.common, logger: test.logger)
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

        let table = try GlobalTable(Self.bytes("portfolio.totals"), kafka: test.common, logger: test.logger)
        try await table.waitUntilLoaded()
        #expect(table.isLoaded)
        let snapshot = table.snapshot
        #expect(snapshot.count == 300, "every key, at once after loading")
        #expect(snapshot["k7"] == Array("2707".utf8), "the latest value of each key")
        #expect(table.failure == nil)

        let empty = try GlobalTable(Self.bytes("empty.totals"), kafka: test.common, logger: test.logger)
        try await empty.waitUntilLoaded()
        #expect(empty.snapshot.isEmpty, "an empty topic is loaded as soon as its watermarks are known")
        await table.close()
        await empty.close()
        await test.shutdown()
    }

    /// A table holds what its declaration decodes of each value: a value it decodes to nothing leaves the key out,
    /// and removes a key whose newer value is not one it keeps, as a tombstone does.
    @Test func aTableKeepsTheDecodedValueAndLeavesOutWhatDecodesToNothing() async throws {
        let test = try TestCluster(topics: ["limits": 2])
        let producer = try test.producer()
        _ = try await producer.send([
            ProducerRecord(topic: "limits", partition: 0, key: "a", value: "100"),
            ProducerRecord(topic: "limits", partition: 1, key: "b", value: "not a number"),
            ProducerRecord(topic: "limits", partition: 0, key: "c", value: "300"),
            ProducerRecord(topic: "limits", partition: 0, key: "c", value: "gone"),
            ProducerRecord(topic: "limits", partition: 1, key: "d", value: "-7"),
        ])
        await producer.close()
        let declaration = GlobalTableDeclaration<Int64>(topic: "limits") { Int64(String(decoding: $0, as: UTF8.self)) }
        let table = try GlobalTable(declaration, kafka: test.common, logger: test.logger)
        try await table.waitUntilLoaded()
        #expect(table.snapshot == ["a": 100, "d": -7])
        await table.close()
        await test.shutdown()
    }

    /// What a processing step sees: each table read by its own declaration, with its own value type.
    @Test func tablesAreReadByTheirDeclarationWithTheirOwnValueType() {
        let amounts = GlobalTableDeclaration<Money>(topic: "amounts") { _ in nil }
        let names = GlobalTableDeclaration<String>(topic: "names") { String(decoding: $0, as: UTF8.self) }
        var tables = GlobalTableValues()
        #expect(tables[amounts] == nil, "a table the runtime does not offer reads as none")
        tables[amounts] = ["b-1": Money(amountMinor: 1_250, currency: .eur)]
        tables[names] = ["b-1": "ACME"]
        #expect(tables[amounts]?["b-1"] == Money(amountMinor: 1_250, currency: .eur))
        #expect(tables[names] == ["b-1": "ACME"])
        #expect(names.decode(Array("x".utf8)) == "x")
    }

    /// The JSON form keeps what it takes of the fields it reads, and leaves out what is not such a record.
    @Test func aJSONTableKeepsWhatItTakesOfTheFieldsItReads() throws {
        struct Position: Codable { var exposure: Money; var note: String }
        struct Exposure: Decodable { var exposure: Money }
        let declaration = GlobalTableDeclaration<Money>.json(topic: "positions", reading: Exposure.self) {
            $0.exposure.isZero ? nil : $0.exposure
        }
        let record = try JSONEncoder().encode(Position(exposure: Money(amountMinor: -1_234_567, currency: .eur), note: String(repeating: "x", count: 200)))
        #expect(declaration.decode(Array(record)) == Money(amountMinor: -1_234_567, currency: .eur))
        let zero = try JSONEncoder().encode(Position(exposure: .zero(.eur), note: ""))
        #expect(declaration.decode(Array(zero)) == nil, "what the declaration takes nothing of")
        for other in ["not json", "{}", "12 EUR", ""] {
            #expect(declaration.decode(Array(other.utf8)) == nil, "\(other)")
        }
    }
}
