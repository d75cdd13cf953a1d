import Kafka
import Logging
import Synchronization

/// An embedded cluster started by a test, with clients configured for it.
public struct TestCluster: Sendable {
    public let cluster: EmbeddedCluster
    public var logger: Logger

    public init(brokers: Int = 1, topics: [String: Int] = [:], replicationFactor: Int = 1) throws {
        var logger = Logger(label: "test")
        logger.logLevel = .error
        self.logger = logger
        cluster = try EmbeddedCluster(brokers: brokers, logger: logger)
        for (name, partitions) in topics {
            try cluster.createTopic(name, partitions: partitions, replicationFactor: replicationFactor)
        }
    }

    public var common: KafkaConfiguration { KafkaConfiguration(bootstrapServers: cluster.bootstrapServers, clientId: "test") }

    public func producer(_ adjust: (inout ProducerConfiguration) -> Void = { _ in }) throws -> KafkaProducer {
        var configuration = ProducerConfiguration(common)
        adjust(&configuration)
        return try KafkaProducer(configuration: configuration, logger: logger)
    }

    public func consumer(group: String?, listener: (any RebalanceListener)? = nil, clientId: String = "test") throws -> KafkaConsumer {
        var common = self.common
        common.clientId = clientId
        var configuration = ConsumerConfiguration(common, groupId: group)
        configuration.sessionTimeout = .seconds(6)
        return try KafkaConsumer(configuration: configuration, rebalanceListener: listener, logger: logger)
    }

    /// Reads a whole topic from the beginning without a group, until `count` records arrived or `timeout` passed.
    public func readAll(_ topic: String, partitions: Int, count: Int, timeout: Duration = .seconds(30)) async throws -> [ConsumerRecord] {
        let consumer = try consumer(group: nil)
        try consumer.assign((0..<Int32(partitions)).map { TopicPartitionOffset(topic: topic, partition: $0, offset: KafkaOffset.beginning) })
        var records: [ConsumerRecord] = []
        let deadline = ContinuousClock.now + timeout
        while records.count < count, ContinuousClock.now < deadline {
            records += try await consumer.poll(maxRecords: 5_000, timeout: .milliseconds(200))
        }
        // A short extra poll shows whether more than expected arrived (duplicates).
        records += try await consumer.poll(maxRecords: 5_000, timeout: .milliseconds(300))
        await consumer.close()
        return records
    }

    public func shutdown() async { await cluster.shutdown() }
}

/// Polls until `condition` holds or `timeout` passes; returns whether it held.
public func eventually(timeout: Duration = .seconds(30), _ condition: () async throws -> Bool) async rethrows -> Bool {
    let deadline = ContinuousClock.now + timeout
    while ContinuousClock.now < deadline {
        if try await condition() { return true }
        try? await Task.sleep(for: .milliseconds(50))
    }
    return try await condition()
}

/// A thread-safe list that hooks and tasks append to.
public final class EventLog<Element: Sendable>: Sendable {
    private let storage = Mutex<[Element]>([])
    public init() {}
    public func append(_ element: Element) { storage.withLock { $0.append(element) } }
    public var all: [Element] { storage.withLock { $0 } }
}
