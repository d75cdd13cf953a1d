import ArgumentParser
import Domain
import Foundation
import Kafka
import Logging
import Pipeline
import Runtime

/// `credence broker`: the embedded Kafka cluster with every Credence topic, until interrupted.
struct BrokerCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "broker",
        abstract: "Run the embedded Kafka cluster (librdkafka's mock cluster) with every Credence topic.",
        discussion: """
            Prints the bootstrap address on the first line, writes it to the bootstrap file that stages and \
            commands read by default, and runs until SIGINT or SIGTERM.
            """
    )

    @Option(help: "Number of brokers.")
    var brokers: Int = 3

    @Option(help: "Partitions of every topic.")
    var partitions: Int = TopicCatalog.defaultPartitions

    @Option(help: "Replication factor of every topic (at most the broker count).")
    var replicationFactor: Int = 1

    @Option(name: .setting(.bootstrapFile), help: "Where to write the bootstrap address (default: $CREDENCE_BOOTSTRAP_FILE or .credence/bootstrap).")
    var bootstrapFile: String = BootstrapFile.defaultPath

    func validate() throws {
        guard (1...32).contains(brokers) else { throw ValidationError("--brokers must be between 1 and 32, got \(brokers)") }
        guard (1...1024).contains(partitions) else { throw ValidationError("--partitions must be between 1 and 1024, got \(partitions)") }
        guard (1...brokers).contains(replicationFactor) else {
            throw ValidationError("--replication-factor must be between 1 and --brokers (\(brokers)), got \(replicationFactor)")
        }
    }

    func run() async throws {
        let logger = Logger(label: "credence.broker")
        let cluster = try EmbeddedCluster(brokers: brokers, logger: logger)
        let catalog = TopicCatalog(partitions: partitions)
        let admin = try KafkaAdmin(embedded: cluster)
        try await admin.createTopics(catalog.topics.map {
            NewTopic(name: $0.name, partitions: $0.partitions, replicationFactor: replicationFactor, configs: ["cleanup.policy": $0.cleanupPolicy.rawValue])
        })
        await admin.close()
        try BootstrapFile.write(cluster.bootstrapServers, to: bootstrapFile)
        Console.line(cluster.bootstrapServers)
        Console.line("embedded cluster: \(brokers) broker(s), \(catalog.topics.count) topics × \(partitions) partitions; bootstrap written to \(bootstrapFile)")
        let received = await ShutdownSignal.wait()
        Console.line("signal \(received): stopping the embedded cluster")
        BootstrapFile.remove(cluster.bootstrapServers, at: bootstrapFile)
        await cluster.shutdown()
    }
}
