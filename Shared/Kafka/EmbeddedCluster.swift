import CRdKafka
import Logging
import Synchronization

/// librdkafka's mock cluster: N brokers on loopback speaking the Kafka protocol, shared by every
/// process that connects to `bootstrapServers`, with fault injection for tests.
///
/// Limits at librdkafka 2.0.2 (see LIBRDKAFKA.md): memory only, each partition keeps its last
/// 100,000 records or 5 MiB, no compaction, no CreateTopics (use `createTopic`), the first group join waits 3 s.
public final class EmbeddedCluster: Sendable {
    private let host: RDClient
    /// The mock cluster, freed once by `shutdownBlocking`.
    private let cluster: MockClusterPointer
    /// Comma-separated `host:port` of every broker.
    public let bootstrapServers: String
    public let brokerCount: Int

    /// Starts `brokers` brokers (ids 1…N) on ephemeral loopback ports.
    public init(brokers: Int = 3, logger: Logger = Logger(label: "credence.kafka.embedded")) throws(KafkaError) {
        guard brokers >= 1 else { throw KafkaError.configuration(property: "brokers", value: String(brokers), reason: "needs at least one broker") }
        // The mock cluster lives inside a client handle; a producer without bootstrap servers is enough.
        let context = RDClientContext(clientId: "credence-embedded-cluster", logger: logger)
        host = try RDClient(kind: .producer, entries: [("client.id", "credence-embedded-cluster"), ("log_level", "3")], context: context)
        guard let pointer = rd_kafka_mock_cluster_new(host.pointer, Int32(brokers)) else {
            host.destroy()
            throw KafkaError.state("rd_kafka_mock_cluster_new failed")
        }
        cluster = MockClusterPointer(pointer: pointer)
        bootstrapServers = String(cString: rd_kafka_mock_cluster_bootstraps(pointer))
        brokerCount = brokers
    }

    /// Creates a topic; creating one that exists again is harmless.
    public func createTopic(_ name: String, partitions: Int, replicationFactor: Int = 1) throws(KafkaError) {
        let err = rd_kafka_mock_topic_create(try cluster.get(), name, Int32(partitions), Int32(min(replicationFactor, brokerCount)))
        guard err == RD_KAFKA_RESP_ERR_NO_ERROR || err == RD_KAFKA_RESP_ERR_TOPIC_ALREADY_EXISTS else {
            throw KafkaError(err, "create topic", context: ["topic": name])
        }
    }

    /// Takes broker `id` (1…N) down: its connections drop and it refuses new ones.
    public func setBrokerDown(_ id: Int32) throws(KafkaError) {
        try check(rd_kafka_mock_broker_set_down(try cluster.get(), id), "broker down", id)
    }

    /// Brings broker `id` back up.
    public func setBrokerUp(_ id: Int32) throws(KafkaError) {
        try check(rd_kafka_mock_broker_set_up(try cluster.get(), id), "broker up", id)
    }

    /// Adds `latency` to every response of broker `id` (zero removes it).
    public func setLatency(broker id: Int32, _ latency: Duration) throws(KafkaError) {
        try check(rd_kafka_mock_broker_set_rtt(try cluster.get(), id, Int32(clamping: latency.milliseconds)), "set latency", id)
    }

    /// Makes the next `errors.count` requests of kind `api`, to any broker, fail with these codes in order.
    public func injectRequestErrors(_ api: KafkaAPI, errors: [Int32]) throws(KafkaError) {
        let codes = errors.map { rd_kafka_resp_err_t(rawValue: $0) }
        rd_kafka_mock_push_request_errors_array(try cluster.get(), api.rawValue, codes.count, codes)
    }

    /// Drops errors injected for `api` that have not fired yet.
    public func clearRequestErrors(_ api: KafkaAPI) throws(KafkaError) {
        rd_kafka_mock_clear_request_errors(try cluster.get(), api.rawValue)
    }

    /// Moves the leadership of one partition to broker `id`.
    public func setPartitionLeader(_ partition: TopicPartition, broker id: Int32) throws(KafkaError) {
        try check(rd_kafka_mock_partition_set_leader(try cluster.get(), partition.topic, partition.partition, id), "set leader", id)
    }

    /// Makes broker `id` the coordinator of a consumer group.
    public func setGroupCoordinator(group: String, broker id: Int32) throws(KafkaError) {
        try check(rd_kafka_mock_coordinator_set(try cluster.get(), "group", group, id), "set coordinator", id)
    }

    /// Stops every broker and frees the cluster; blocking, so run off the cooperative pool. Idempotent.
    public func shutdownBlocking() {
        guard let pointer = cluster.take() else { return }
        rd_kafka_mock_cluster_destroy(pointer)
        host.destroy()
    }

    deinit {
        // The mock cluster must go before its host handle, or librdkafka aborts the process.
        let cluster = self.cluster
        let host = self.host
        BlockingExecutor.shared.detach {
            if let pointer = cluster.take() { rd_kafka_mock_cluster_destroy(pointer) }
            host.destroy()
        }
    }

    /// Stops every broker and frees the cluster.
    public func shutdown() async {
        await BlockingExecutor.shared.runDetached { self.shutdownBlocking() }
    }

    private func check(_ err: rd_kafka_resp_err_t, _ operation: String, _ broker: Int32) throws(KafkaError) {
        guard err == RD_KAFKA_RESP_ERR_NO_ERROR else { throw KafkaError(err, operation, context: ["broker": String(broker)]) }
    }
}

/// Kafka protocol request kinds, for fault injection.
public enum KafkaAPI: Int16, Sendable, CaseIterable {
    case produce = 0, fetch = 1, listOffsets = 2, metadata = 3, offsetCommit = 8, offsetFetch = 9
    case findCoordinator = 10, joinGroup = 11, heartbeat = 12, leaveGroup = 13, syncGroup = 14
    case apiVersions = 18, initProducerId = 22
}

/// The mock cluster's pointer, handed out until `take()` retires it.
private final class MockClusterPointer: Sendable {
    private let state: Mutex<UnsafePointerBox?>

    struct UnsafePointerBox: @unchecked Sendable {
        // The mock cluster is driven by its own thread; its public API is thread-safe.
        let pointer: OpaquePointer
    }

    init(pointer: OpaquePointer) { state = Mutex(UnsafePointerBox(pointer: pointer)) }

    func get() throws(KafkaError) -> OpaquePointer {
        guard let box = state.withLock({ $0 }) else { throw KafkaError.state("embedded cluster is shut down") }
        return box.pointer
    }

    func take() -> OpaquePointer? { state.withLock { $0.take() }?.pointer }
}
