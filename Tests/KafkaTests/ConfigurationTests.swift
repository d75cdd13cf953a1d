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

    @Test func aScopedPropertyReachesOnlyItsKindOfClient() throws {
        var common = KafkaConfiguration(bootstrapServers: "127.0.0.1:9")
        // A consumer's property no producer knows: scoped, the producer never sees it...
        common.properties["consumer:session.timeout.ms"] = "soon"
        _ = try KafkaProducer(configuration: ProducerConfiguration(common), logger: quiet)
        // ...and the consumer gets it under its own name, so a bad value is still refused, naming it.
        #expect {
            _ = try KafkaConsumer(configuration: ConsumerConfiguration(common, groupId: "g"), logger: quiet)
        } throws: { error in
            (error as? KafkaError)?.context["property"] == "session.timeout.ms"
        }

        var producerOnly = KafkaConfiguration(bootstrapServers: "127.0.0.1:9")
        producerOnly.properties["producer:linger.ms"] = "later"
        _ = try KafkaConsumer(configuration: ConsumerConfiguration(producerOnly, groupId: "g"), logger: quiet)
        #expect {
            _ = try KafkaProducer(configuration: ProducerConfiguration(producerOnly), logger: quiet)
        } throws: { error in
            (error as? KafkaError)?.context["property"] == "linger.ms"
        }
    }

    @Test func anUnscopedPropertyWinsOverItsScopedFormAndAnyOtherPrefixIsRefused() throws {
        var common = KafkaConfiguration(bootstrapServers: "127.0.0.1:9")
        common.properties["producer:linger.ms"] = "later"
        common.properties["linger.ms"] = "1"
        // The scoped form is not passed at all: its invalid value never reaches librdkafka.
        _ = try KafkaProducer(configuration: ProducerConfiguration(common), logger: quiet)

        var unknownScope = KafkaConfiguration(bootstrapServers: "127.0.0.1:9")
        unknownScope.properties["broker:linger.ms"] = "1"
        #expect {
            _ = try KafkaProducer(configuration: ProducerConfiguration(unknownScope), logger: quiet)
        } throws: { error in
            (error as? KafkaError)?.context["property"] == "broker:linger.ms"
        }
    }

    @Test func onlyTheEmbeddedBrokerIsTunedFor() async throws {
        let test = try TestCluster()
        let embedded = await test.common.tunedForCluster()
        #expect(embedded.properties == KafkaConfiguration.embeddedTuning, "librdkafka's mock cluster is recognised")
        await test.shutdown()
        // A cluster that cannot be asked (or any real Kafka) keeps librdkafka's defaults.
        let elsewhere = KafkaConfiguration(bootstrapServers: "127.0.0.1:9", properties: ["acks": "all"])
        #expect(await elsewhere.tunedForCluster(timeout: .seconds(1)) == elsewhere)
    }

    @Test func theEmbeddedBrokerTuningIsScopedAndNeverOverridesWhatIsSet() throws {
        let tuned = KafkaConfiguration(bootstrapServers: "127.0.0.1:9").tunedForEmbeddedBroker()
        #expect(tuned.properties["consumer:fetch.wait.max.ms"] == String(KafkaConfiguration.embeddedFetchWaitMilliseconds))
        #expect(tuned.properties["producer:linger.ms"] == String(KafkaConfiguration.embeddedLingerMilliseconds))
        // Both kinds of client accept what they get (neither is handed the other's property).
        _ = try KafkaProducer(configuration: ProducerConfiguration(tuned), logger: quiet)
        _ = try KafkaConsumer(configuration: ConsumerConfiguration(tuned, groupId: "g"), logger: quiet)

        let explicit = KafkaConfiguration(bootstrapServers: "127.0.0.1:9",
                                          properties: ["fetch.wait.max.ms": "50", "producer:linger.ms": "20"]).tunedForEmbeddedBroker()
        #expect(explicit.properties == ["fetch.wait.max.ms": "50", "producer:linger.ms": "20"])
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
