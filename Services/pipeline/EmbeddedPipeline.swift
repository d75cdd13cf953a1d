import Claims
import Domain
import Dunning
import Foundation
import Kafka
import Logging
import Monitoring
import Scoring

/// The whole pipeline on one machine: an embedded cluster with every catalog topic, and the four stage
/// executables as separate processes against it. The demo and the backtest run on it.
package final class EmbeddedPipeline: Sendable {
    package let cluster: EmbeddedCluster
    package let partitions: Int
    package let stages: StageProcesses
    package let logger: Logger

    package var kafka: KafkaConfiguration {
        KafkaConfiguration(bootstrapServers: cluster.bootstrapServers, clientId: "credence-cli").tunedForEmbeddedBroker()
    }

    /// Starts the cluster and the stages.
    /// - Parameters:
    ///   - stageArguments: what every stage gets besides the bootstrap servers (clock, policy…).
    ///   - logFolder: where each stage's log goes (`<stage>.log`).
    package init(partitions: Int, stageArguments: [String], logFolder: URL, logger: Logger) async throws {
        cluster = try EmbeddedCluster(brokers: 1, logger: logger)
        self.partitions = partitions
        self.logger = logger
        let admin = try KafkaAdmin(embedded: cluster)
        try await admin.createTopics(TopicCatalog(partitions: partitions).topics.map {
            NewTopic(name: $0.name, partitions: $0.partitions, replicationFactor: 1, configs: ["cleanup.policy": $0.cleanupPolicy.rawValue])
        })
        await admin.close()
        stages = try StageProcesses(arguments: ["--bootstrap-servers", cluster.bootstrapServers, "--log-level", "warning"] + stageArguments,
                                    logFolder: logFolder)
        do {
            try stages.start()
        } catch {
            stages.stop()
            await cluster.shutdown()
            throw error
        }
    }

    /// Each stage's consumer group and input topics, from the processors themselves.
    package static func members(policy: Policy) -> [PipelineDrain.Member] {
        [
            .init(group: "credence-" + ScoringStage.name, topics: ScoringProcessor(policy: policy).inputTopics),
            .init(group: "credence-" + MonitoringStage.name, topics: MonitoringProcessor(policy: policy).inputTopics),
            .init(group: "credence-" + DunningStage.name, topics: DunningProcessor(policy: policy).inputTopics),
            .init(group: "credence-" + ClaimsStage.name, topics: ClaimsProcessor(policy: policy).inputTopics),
        ]
    }

    /// Fails when a stage exited on its own, with the end of its log.
    package func requireStagesRunning() throws {
        if let dead = stages.exited.first {
            throw IngestError("credence-\(dead.stage.rawValue) exited with status \(dead.status):\n\(stages.logTail(dead.stage))")
        }
    }

    /// Stops the stages (SIGTERM: drain, commit, leave) and the cluster; names any stage that did not exit cleanly.
    package func shutdown() async -> [(stage: Stage, status: Int32)] {
        let failed = stages.stop()
        await cluster.shutdown()
        return failed
    }
}
