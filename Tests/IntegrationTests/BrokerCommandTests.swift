import Domain
import Foundation
import Kafka
import TestSupport
import Logging
import Testing

@Suite("credence broker as a separate process")
struct BrokerCommandTests {
    @Test func theBrokerProcessServesEveryCatalogTopicToThisProcessAndStopsCleanly() async throws {
        let bootstrapFile = FileManager.default.temporaryDirectory
            .appendingPathComponent("credence-broker-test-\(UUID().uuidString)/bootstrap").path
        let broker = try ChildProcess("credence", ["broker", "--brokers", "2", "--partitions", "4", "--bootstrap-file", bootstrapFile])
        let address = try #require(await broker.firstLine(), "broker printed nothing: \(broker.standardError)")
        #expect(address.hasPrefix("127.0.0.1:") || address.hasPrefix("localhost:"))
        #expect(BootstrapFileContents.read(bootstrapFile) == address)

        var logger = Logger(label: "test")
        logger.logLevel = .error
        let common = KafkaConfiguration(bootstrapServers: address, clientId: "broker-test")
        let admin = try KafkaAdmin(configuration: common, logger: logger)
        let metadata = try await admin.metadata()
        await admin.close()
        #expect(metadata.brokers.count == 2)
        for topic in TopicCatalog(partitions: 4).topics {
            #expect(metadata.topics[topic.name] == 4, "\(topic.name) exists with 4 partitions")
        }

        let producer = try KafkaProducer(configuration: ProducerConfiguration(common), logger: logger)
        let report = try await producer.send(ProducerRecord(topic: TopicCatalog.erpInvoices, key: "buyer-1", value: "{}"))
        await producer.close()
        let consumer = try KafkaConsumer(configuration: ConsumerConfiguration(common, groupId: nil), logger: logger)
        try consumer.assign([TopicPartitionOffset(topic: TopicCatalog.erpInvoices, partition: report.partition, offset: KafkaOffset.beginning)])
        var records: [ConsumerRecord] = []
        let deadline = ContinuousClock.now + .seconds(20)
        while records.isEmpty, ContinuousClock.now < deadline {
            records += try await consumer.poll(timeout: .milliseconds(200))
        }
        await consumer.close()
        #expect(records.map(\.keyString) == ["buyer-1"])

        broker.signal(SIGINT)
        #expect(await broker.exitStatus() == 0)
        #expect(BootstrapFileContents.read(bootstrapFile) == nil, "the bootstrap file is removed on exit")
    }

    @Test func invalidOptionsStopTheBrokerWithAMessage() async throws {
        let broker = try ChildProcess("credence", ["broker", "--brokers", "2", "--replication-factor", "3"])
        let status = await broker.exitStatus()
        #expect(status != 0 && status != nil)
        #expect(broker.standardError.contains("--replication-factor"))
    }
}

/// Reads the bootstrap file the way a stage does, without depending on the Runtime module here.
enum BootstrapFileContents {
    static func read(_ path: String) -> String? {
        guard let data = FileManager.default.contents(atPath: path) else { return nil }
        let text = String(decoding: data, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
        return text.isEmpty ? nil : text
    }
}
