import ArgumentParser
import Domain
import Kafka
import Logging
import Pipeline

/// `credence topics`: provisions the catalog's topics on a real Kafka.
struct TopicsCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "topics",
        abstract: "Manage the Credence topics on a Kafka cluster.",
        subcommands: [Create.self, List.self]
    )

    /// `credence topics create`: every topic of the catalog through the admin API (existing ones are left as they are).
    struct Create: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Create every Credence topic (changelogs compacted) through the admin API.")

        @OptionGroup var cluster: ClusterOptions

        @Option(help: "Partitions of every topic (all topics share one count so that a buyer lands on the same partition everywhere).")
        var partitions: Int = TopicCatalog.defaultPartitions

        @Option(help: "Replication factor of every topic.")
        var replicationFactor: Int = 3

        func validate() throws {
            guard partitions >= 1 else { throw ValidationError("--partitions must be at least 1") }
            guard replicationFactor >= 1 else { throw ValidationError("--replication-factor must be at least 1") }
        }

        func run() async throws {
            let admin = try KafkaAdmin(configuration: try cluster.configuration(clientId: "credence-topics"), logger: Logger(label: "credence.topics"))
            let topics = TopicCatalog(partitions: partitions).topics.map {
                NewTopic(name: $0.name, partitions: $0.partitions, replicationFactor: replicationFactor,
                         configs: ["cleanup.policy": $0.cleanupPolicy.rawValue])
            }
            try await admin.createTopics(topics)
            let metadata = try await admin.metadata()
            await admin.close()
            for topic in topics {
                Console.line("\(topic.name)\t\(metadata.topics[topic.name].map { "\($0) partitions" } ?? "missing")\t\(topic.configs["cleanup.policy"] ?? "")")
            }
        }
    }

    /// `credence topics list`: what the cluster has, with partition counts.
    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "List the cluster's topics and their partition counts.")

        @OptionGroup var cluster: ClusterOptions

        func run() async throws {
            let admin = try KafkaAdmin(configuration: try cluster.configuration(clientId: "credence-topics"), logger: Logger(label: "credence.topics"))
            let metadata = try await admin.metadata()
            await admin.close()
            for (name, partitions) in metadata.topics.sorted(by: { $0.key < $1.key }) {
                Console.line("\(name)\t\(partitions)")
            }
        }
    }
}
