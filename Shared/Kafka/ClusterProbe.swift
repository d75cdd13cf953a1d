import CRdKafka
import Logging

extension KafkaConfiguration {
    /// The `fetch.wait.max.ms` consumers use on the embedded broker. librdkafka 2.0.2's mock cluster answers a fetch
    /// that finds nothing new only when this wait expires, not when a record arrives: at librdkafka's default (500)
    /// a hop from produce to poll took 256 ms at p50 on this machine, at 10 ms it took 5.6 ms. A real Kafka answers
    /// as soon as `fetch.min.bytes` is there, so there the default stays (deploy/README.md). With 2 ms (and
    /// `embeddedLingerMilliseconds`) dispute → alert through monitoring at 100/s went from p50 23.3 / p99 32.8 ms to
    /// 5.4 / 11.2 ms, at the same stage throughput (BENCHMARKS.md, "Embedded broker tuning").
    public static let embeddedFetchWaitMilliseconds = 2

    /// The `linger.ms` producers use on the embedded broker: 0, a record is sent at once. Batching saves little
    /// there (the broker is in memory, in the same host) and librdkafka's 5 ms default is paid on every hop.
    public static let embeddedLingerMilliseconds = 0

    /// The properties clients use on the embedded broker, scoped so each reaches only its kind of client.
    public static let embeddedTuning: [String: String] = [
        "consumer:fetch.wait.max.ms": String(embeddedFetchWaitMilliseconds),
        "producer:linger.ms": String(embeddedLingerMilliseconds),
    ]

    /// This configuration with ``embeddedTuning`` under its own properties: what is set (scoped or not) wins.
    public func tunedForEmbeddedBroker() -> KafkaConfiguration {
        var tuned = self
        for (scopedName, value) in Self.embeddedTuning {
            let name = String(scopedName.split(separator: ":", maxSplits: 1).last ?? Substring(scopedName))
            guard tuned.properties[name] == nil, tuned.properties[scopedName] == nil else { continue }
            tuned.properties[scopedName] = value
        }
        return tuned
    }

    /// The bytes of each partition's log librdkafka 2.0.2's mock cluster keeps (`max_size` of its partition log);
    /// it drops the oldest batches beyond that and never compacts.
    public static let embeddedLogWindowBytes = 5 * 1024 * 1024

    /// Whether the cluster is librdkafka's mock cluster — the embedded broker — whose cluster id starts with
    /// `mockCluster`. False when the cluster cannot be asked within `timeout`. Runs off the cooperative pool.
    public func isEmbeddedCluster(timeout: Duration = .seconds(5)) async -> Bool {
        let entries = self.entries + propertyEntries(for: .producer)
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

    /// This configuration tuned for the embedded broker (``tunedForEmbeddedBroker()``: a short fetch wait, no
    /// linger) when the cluster is the embedded broker; otherwise unchanged.
    public func tunedForCluster(timeout: Duration = .seconds(5)) async -> KafkaConfiguration {
        guard await isEmbeddedCluster(timeout: timeout) else { return self }
        return tunedForEmbeddedBroker()
    }
}
