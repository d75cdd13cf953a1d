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
}
