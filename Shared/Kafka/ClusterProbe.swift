import CRdKafka
import Logging

extension KafkaConfiguration {
    /// The `fetch.wait.max.ms` clients use on the embedded broker. librdkafka 2.0.2's mock cluster answers a fetch
    /// that finds nothing new only when this wait expires, not when a record arrives: at librdkafka's default (500)
    /// a hop from produce to poll took 256 ms at p50 on this machine, at 10 ms it took 5.6 ms. A real Kafka answers
    /// as soon as `fetch.min.bytes` is there, so there the default stays (deploy/README.md).
    public static let embeddedFetchWaitMilliseconds = 10

    /// The bytes of each partition's log librdkafka 2.0.2's mock cluster keeps (`max_size` of its partition log);
    /// it drops the oldest batches beyond that and never compacts.
    public static let embeddedLogWindowBytes = 5 * 1024 * 1024

    /// Whether the cluster is librdkafka's mock cluster — the embedded broker — whose cluster id starts with
    /// `mockCluster`. False when the cluster cannot be asked within `timeout`. Runs off the cooperative pool.
    public func isEmbeddedCluster(timeout: Duration = .seconds(5)) async -> Bool {
        let entries = self.entries + properties.sorted { $0.key < $1.key }.map { ($0.key, $0.value) }
        let clientId = self.clientId + "-probe"
        let result = try? await BlockingExecutor.shared.run { () throws(KafkaError) -> Bool in
            let client = try RDClient(kind: .producer, entries: entries, context: RDClientContext(clientId: clientId, logger: Logger(label: "credence.kafka.probe")))
            defer { client.destroy() }
            guard let id = rd_kafka_clusterid(client.pointer, timeout.timeoutMilliseconds) else { return false }
            defer { rd_kafka_mem_free(client.pointer, id) }
            return String(cString: id).hasPrefix("mockCluster")
        }
        return result ?? false
    }

    /// This configuration with the embedded broker's short fetch wait (`embeddedFetchWaitMilliseconds`) when the
    /// cluster is the embedded broker and no `fetch.wait.max.ms` is set; otherwise unchanged.
    public func tunedForCluster(timeout: Duration = .seconds(5)) async -> KafkaConfiguration {
        guard properties["fetch.wait.max.ms"] == nil, await isEmbeddedCluster(timeout: timeout) else { return self }
        var tuned = self
        tuned.properties["fetch.wait.max.ms"] = String(Self.embeddedFetchWaitMilliseconds)
        return tuned
    }
}
