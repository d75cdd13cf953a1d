import Kafka
import TestSupport
import Logging
import Testing

@Suite("Client configuration")
struct ConfigurationTests {
    /// These clients point at a closed port on purpose; their connection errors are not news.
    let quiet: Logger = {
        var logger = Logger(label: "test")
        logger.logLevel = .critical
        return logger
    }()

    @Test func anUnknownPropertyStopsTheStartNamingIt() throws {
        var common = KafkaConfiguration(bootstrapServers: "127.0.0.1:9")
        common.properties["fetch.queue.backoff.ms"] = "10"  // newer than librdkafka 2.0.2
        #expect {
            _ = try KafkaProducer(configuration: ProducerConfiguration(common), logger: quiet)
        } throws: { error in
            guard let error = error as? KafkaError else { return false }
            return error.classification == .badInput && error.context["property"] == "fetch.queue.backoff.ms"
                && error.message.contains("unknown")
        }
    }

    @Test func anInvalidValueStopsTheStartNamingThePropertyAndValue() throws {
        var common = KafkaConfiguration(bootstrapServers: "127.0.0.1:9")
        common.properties["session.timeout.ms"] = "soon"
        #expect {
            _ = try KafkaConsumer(configuration: ConsumerConfiguration(common, groupId: "g"), logger: quiet)
        } throws: { error in
            guard let error = error as? KafkaError else { return false }
            return error.context["property"] == "session.timeout.ms" && error.message.contains("soon")
        }
    }

    @Test func secretsNeverAppearInTheError() throws {
        var common = KafkaConfiguration(bootstrapServers: "127.0.0.1:9")
        common.properties["sasl.password.nonexistent"] = "hunter2"
        #expect {
            _ = try KafkaProducer(configuration: ProducerConfiguration(common), logger: quiet)
        } throws: { error in
            guard let error = error as? KafkaError else { return false }
            return !error.description.contains("hunter2") && error.context["property"] == "sasl.password.nonexistent"
        }
    }

    @Test func passThroughPropertiesOverrideTypedOnes() throws {
        var common = KafkaConfiguration(bootstrapServers: "127.0.0.1:9")
        common.properties["enable.idempotence"] = "false"
        common.properties["acks"] = "1"
        // Accepted: acks=1 would be refused by librdkafka if idempotence were still on.
        let producer = try KafkaProducer(configuration: ProducerConfiguration(common), logger: quiet)
        _ = producer
    }
}

@Suite("Admin on the embedded cluster")
struct AdminTests {
    @Test func createTopicsGoesThroughTheEmbeddedClusterAndShowsInMetadata() async throws {
        let test = try TestCluster(brokers: 2)
        let admin = try KafkaAdmin(embedded: test.cluster)
        try await admin.createTopics([NewTopic(name: "ledger", partitions: 5, configs: ["cleanup.policy": "compact"]),
                                      NewTopic(name: "alerts", partitions: 3)])
        try await admin.createTopics([NewTopic(name: "alerts", partitions: 3)])  // again: harmless
        let metadata = try await admin.metadata()
        #expect(metadata.brokers.count == 2)
        #expect(metadata.topics["ledger"] == 5)
        #expect(metadata.topics["alerts"] == 3)
        await admin.close()
        await test.shutdown()
    }
}
