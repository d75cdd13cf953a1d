import Domain
import Foundation
import Kafka
import Logging
import TestSupport
import Testing

@Suite("credence topics and tail against credence broker")
struct CLICommandTests {
    @Test func topicsListShowsTheCatalogAndTailPrintsAlertsReadably() async throws {
        let bootstrapFile = FileManager.default.temporaryDirectory.appendingPathComponent("credence-cli-\(UUID().uuidString)/bootstrap").path
        let broker = try ChildProcess("credence", ["broker", "--brokers", "1", "--partitions", "3", "--bootstrap-file", bootstrapFile])
        let address = try #require(await broker.firstLine(), "broker printed nothing: \(broker.standardError)")

        let list = try ChildProcess("credence", ["topics", "list", "--bootstrap-file", bootstrapFile])
        #expect(await list.exitStatus() == 0)
        for topic in TopicCatalog(partitions: 3).topics {
            #expect(list.outputLines.contains("\(topic.name)\t3"), "\(topic.name) listed")
        }

        var logger = Logger(label: "test")
        logger.logLevel = .error
        let producer = try KafkaProducer(configuration: ProducerConfiguration(KafkaConfiguration(bootstrapServers: address)), logger: logger)
        for index in 0..<3 {
            let alert = Alert(buyerId: BuyerId("buyer-\(index)"), alertId: "a-\(index)", alertType: .invoiceOverdue, severity: .warning,
                              raisedAt: Timestamp(millisecondsSinceEpoch: 1_704_067_200_000), figures: ["daysPastDue": 15])
            let encoded = try EventCodec.encode(EventEnvelope(id: "a-\(index)", source: "credence/monitoring",
                                                              time: Timestamp(millisecondsSinceEpoch: 1_704_067_200_000), event: .alert(alert)))
            _ = try await producer.send(ProducerRecord(topic: TopicCatalog.alerts, key: encoded.key, value: encoded.value,
                                                       headers: encoded.headers.map { KafkaHeader(key: $0.key, value: $0.value) }))
        }
        await producer.close()

        let tail = try ChildProcess("credence", ["tail", TopicCatalog.alerts, "--limit", "3", "--bootstrap-file", bootstrapFile])
        #expect(await tail.exitStatus() == 0, "\(tail.standardError)")
        #expect(tail.outputLines.count == 3)
        #expect(tail.outputLines.allSatisfy { $0.contains("credence.alert.v1") && $0.contains("invoice.overdue") && $0.contains("daysPastDue=15") })
        let raw = try ChildProcess("credence", ["tail", TopicCatalog.alerts, "--limit", "1", "--json", "--bootstrap-file", bootstrapFile])
        #expect(await raw.exitStatus() == 0)
        #expect(raw.outputLines.first?.hasPrefix("{") == true)

        broker.signal(SIGINT)
        #expect(await broker.exitStatus() == 0)
    }
}
