import Domain
import Kafka
import TestSupport
import Testing

/// The stages check every input against `KeyPartitioner`; the producers of the CLI and the stages partition with
/// librdkafka's `murmur2_random` (the `ProducerConfiguration` default). Both must put every key in the same place.
@Suite("The contract's partitioner and librdkafka's murmur2_random agree")
struct PartitionerAgreementTests {
    @Test(arguments: [12, 7])
    func everyKeyLandsWhereKeyPartitionerSays(partitions: Int) async throws {
        let test = try TestCluster(topics: ["partitioned": partitions])
        let producer = try test.producer()
        let keys = (0..<300).map { "B-\($0)" } + ["21", "foobar", "ACME GmbH", "Ünïcødé-buyer", "x"]
        let reports = try await producer.send(keys.map { ProducerRecord(topic: "partitioned", key: Array($0.utf8), value: Array("v".utf8)) })
        await producer.close()
        for (key, report) in zip(keys, reports) {
            #expect(report.partition == KeyPartitioner.partition(of: key.utf8, partitions: partitions), "\(key)")
        }
        #expect(Set(reports.map(\.partition)).count == partitions, "the keys spread over every partition")
        await test.shutdown()
    }
}
