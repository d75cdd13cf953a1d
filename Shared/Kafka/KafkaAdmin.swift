import CRdKafka
import Logging

/// A topic to create: partitions, replication and topic configs such as `cleanup.policy=compact`.
public struct NewTopic: Sendable, Hashable {
    public var name: String
    public var partitions: Int
    public var replicationFactor: Int
    public var configs: [String: String]

    /// Describes a topic to create.
    public init(name: String, partitions: Int, replicationFactor: Int = 1, configs: [String: String] = [:]) {
        self.name = name
        self.partitions = partitions
        self.replicationFactor = replicationFactor
        self.configs = configs
    }
}

/// What the cluster says about itself.
public struct ClusterMetadata: Sendable, Hashable {
    public struct Broker: Sendable, Hashable {
        public var id: Int32
        public var host: String
        public var port: Int32
    }

    public var brokers: [Broker]
    /// Partition count per topic name.
    public var topics: [String: Int]
}

/// Creates topics and reads metadata. On a real Kafka it uses the admin API; on the embedded cluster,
/// whose CreateTopics is not implemented, the same `createTopics` call goes through the mock cluster's own API.
public final class KafkaAdmin: Sendable {
    private let client: RDClient
    private let embedded: EmbeddedCluster?

    /// An admin client for a real Kafka cluster.
    public init(configuration: KafkaConfiguration, logger: Logger = Logger(label: "credence.kafka.admin")) throws(KafkaError) {
        let context = RDClientContext(clientId: configuration.clientId, logger: logger)
        client = try RDClient(kind: .producer, entries: configuration.entries + configuration.propertyEntries(for: .producer), context: context)
        embedded = nil
    }

    /// An admin client for an embedded cluster in this process.
    public init(embedded cluster: EmbeddedCluster, logger: Logger = Logger(label: "credence.kafka.admin")) throws(KafkaError) {
        let configuration = KafkaConfiguration(bootstrapServers: cluster.bootstrapServers, clientId: "credence-admin")
        let context = RDClientContext(clientId: configuration.clientId, logger: logger)
        client = try RDClient(kind: .producer, entries: configuration.entries, context: context)
        embedded = cluster
    }

    /// Creates `topics`; a topic that already exists counts as created. Throws the first other failure.
    public func createTopics(_ topics: [NewTopic], timeout: Duration = .seconds(30)) async throws(KafkaError) {
        if let embedded {
            for topic in topics {
                try embedded.createTopic(topic.name, partitions: topic.partitions, replicationFactor: topic.replicationFactor)
            }
            return
        }
        let client = self.client
        try await BlockingExecutor.shared.run { () throws(KafkaError) in
            try RDAdminCreateTopics.run(client.pointer, topics, timeout: timeout)
        }
    }

    /// Reads the brokers and every topic's partition count.
    public func metadata(timeout: Duration = .seconds(10)) async throws(KafkaError) -> ClusterMetadata {
        let client = self.client
        return try await BlockingExecutor.shared.run { () throws(KafkaError) in
            var metadata: UnsafePointer<rd_kafka_metadata>?
            let err = rd_kafka_metadata(client.pointer, 1, nil, &metadata, timeout.timeoutMilliseconds)
            guard err == RD_KAFKA_RESP_ERR_NO_ERROR, let metadata else { throw KafkaError(err, "metadata") }
            defer { rd_kafka_metadata_destroy(metadata) }
            let m = metadata.pointee
            let brokers = (0..<Int(m.broker_cnt)).map { index in
                let broker = m.brokers[index]
                return ClusterMetadata.Broker(id: broker.id, host: String(cString: broker.host), port: broker.port)
            }
            var topics: [String: Int] = [:]
            for index in 0..<Int(m.topic_cnt) where m.topics[index].err == RD_KAFKA_RESP_ERR_NO_ERROR {
                topics[String(cString: m.topics[index].topic)] = Int(m.topics[index].partition_cnt)
            }
            return ClusterMetadata(brokers: brokers, topics: topics)
        }
    }

    /// Frees the client.
    public func close() async {
        let client = self.client
        await BlockingExecutor.shared.runDetached { client.destroy() }
    }
}

/// The CreateTopics admin request, run synchronously on a blocking thread.
enum RDAdminCreateTopics {
    static func run(_ rk: OpaquePointer, _ topics: [NewTopic], timeout: Duration) throws(KafkaError) {
        var errorText = [CChar](repeating: 0, count: 512)
        var newTopics: [OpaquePointer?] = []
        defer { newTopics.forEach { rd_kafka_NewTopic_destroy($0) } }
        for topic in topics {
            guard let newTopic = rd_kafka_NewTopic_new(topic.name, Int32(topic.partitions), Int32(topic.replicationFactor), &errorText, errorText.count) else {
                throw KafkaError(RD_KAFKA_RESP_ERR__INVALID_ARG, String(errorBuffer: errorText), context: ["topic": topic.name])
            }
            newTopics.append(newTopic)
            for (name, value) in topic.configs.sorted(by: { $0.key < $1.key }) {
                let err = rd_kafka_NewTopic_set_config(newTopic, name, value)
                guard err == RD_KAFKA_RESP_ERR_NO_ERROR else { throw KafkaError(err, "topic config \(name)", context: ["topic": topic.name]) }
            }
        }
        let options = rd_kafka_AdminOptions_new(rk, RD_KAFKA_ADMIN_OP_CREATETOPICS)
        defer { rd_kafka_AdminOptions_destroy(options) }
        _ = rd_kafka_AdminOptions_set_operation_timeout(options, timeout.timeoutMilliseconds, &errorText, errorText.count)
        _ = rd_kafka_AdminOptions_set_request_timeout(options, timeout.timeoutMilliseconds, &errorText, errorText.count)
        let queue = rd_kafka_queue_new(rk)
        defer { rd_kafka_queue_destroy(queue) }
        newTopics.withUnsafeMutableBufferPointer { buffer in
            rd_kafka_CreateTopics(rk, buffer.baseAddress, buffer.count, options, queue)
        }
        guard let event = rd_kafka_queue_poll(queue, timeout.timeoutMilliseconds + 5000) else {
            throw KafkaError(RD_KAFKA_RESP_ERR__TIMED_OUT, "create topics: no answer")
        }
        defer { rd_kafka_event_destroy(event) }
        let eventError = rd_kafka_event_error(event)
        guard eventError == RD_KAFKA_RESP_ERR_NO_ERROR else {
            throw KafkaError(eventError, "create topics: \(String(cString: rd_kafka_event_error_string(event)))")
        }
        guard let result = rd_kafka_event_CreateTopics_result(event) else { return }
        var count = 0
        guard let results = rd_kafka_CreateTopics_result_topics(result, &count) else { return }
        for index in 0..<count {
            let topicResult = results[index]
            let err = rd_kafka_topic_result_error(topicResult)
            guard err != RD_KAFKA_RESP_ERR_NO_ERROR, err != RD_KAFKA_RESP_ERR_TOPIC_ALREADY_EXISTS else { continue }
            let name = String(cString: rd_kafka_topic_result_name(topicResult))
            let text = rd_kafka_topic_result_error_string(topicResult).map { String(cString: $0) } ?? ""
            throw KafkaError(err, "create topic: \(text)", context: ["topic": name])
        }
    }
}
