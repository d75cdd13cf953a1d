import Domain
import Foundation
import Kafka
import Logging
import Runtime
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
            _ = try await producer.send(ProducerRecord(EventEnvelope(id: "a-\(index)", source: "credence/monitoring",
                                                                     time: Timestamp(millisecondsSinceEpoch: 1_704_067_200_000), event: .alert(alert))))
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

    /// An import is an operator's act: a bad mapping or a bad row stops it before anything is sent, saying
    /// what to fix and where (no broker is needed to find out).
    @Test func ingestRefusesABadMappingAndABadRowNamingWhatToFix() async throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("credence-ingest-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        func write(_ name: String, _ text: String) throws -> String {
            let url = folder.appendingPathComponent(name)
            try text.write(to: url, atomically: true, encoding: .utf8)
            return url.path
        }
        let mapping = """
            {"source": "test", "format": "csv", "currency": "%@", "dateFormat": "M/d/yyyy",
             "columns": {"buyerId": "customer", "invoiceId": "invoice", "issueDate": "issued", "dueDate": "due",
                         "amount": "amount", "settledDate": "settled"}}
            """
        let export = try write("export.csv", """
            customer,invoice,issued,due,amount,settled
            B-1,I-1,1/2/2013,2/1/2013,100.00,1/20/2013
            B-1,I-2,13/45/2013,2/1/2013,50.00,
            """)

        let badCurrency = try ChildProcess("credence", ["ingest", "--input", export, "--mapping",
                                                        try write("bad-currency.json", mapping.replacingOccurrences(of: "%@", with: "XYZ"))])
        #expect(await badCurrency.exitStatus() != 0)
        #expect(badCurrency.standardError.contains("mapping: currency \"XYZ\""), "\(badCurrency.standardError)")

        let badRow = try ChildProcess("credence", ["ingest", "--input", export, "--mapping",
                                                   try write("good.json", mapping.replacingOccurrences(of: "%@", with: "USD"))])
        #expect(await badRow.exitStatus() != 0)
        #expect(badRow.standardError.contains("line 3: column issued: \"13/45/2013\" is not a date"), "\(badRow.standardError)")
    }
}
