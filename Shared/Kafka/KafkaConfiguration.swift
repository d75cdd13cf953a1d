/// What every Kafka client needs: where the cluster is, who it is, and any librdkafka property passed through.
public struct KafkaConfiguration: Sendable, Hashable {
    /// Comma-separated `host:port` list (`bootstrap.servers`).
    public var bootstrapServers: String
    /// `client.id`, shown in broker logs and in metrics labels.
    public var clientId: String
    /// How often librdkafka reports its statistics to swift-metrics; nil switches them off.
    public var statisticsInterval: Duration?
    /// Any librdkafka property (CONFIGURATION.md of the installed version), applied after the typed ones so it wins.
    /// TLS and SASL settings go here (`security.protocol`, `sasl.mechanism`, `ssl.ca.location`, …).
    ///
    /// A name prefixed `consumer:` or `producer:` (`consumer:fetch.wait.max.ms`, `producer:linger.ms`) reaches only
    /// consumers or only producers (the admin client counts as a producer), so a property of one kind of client is
    /// not handed to the other (where librdkafka would ignore it with a warning). Unprefixed, the same property wins
    /// over its prefixed form.
    public var properties: [String: String]

    /// Points a client at a cluster.
    public init(bootstrapServers: String, clientId: String = "credence", statisticsInterval: Duration? = nil, properties: [String: String] = [:]) {
        self.bootstrapServers = bootstrapServers
        self.clientId = clientId
        self.statisticsInterval = statisticsInterval
        self.properties = properties
    }

    var entries: [(String, String)] {
        var result = [("bootstrap.servers", bootstrapServers), ("client.id", clientId)]
        if let statisticsInterval {
            result.append(("statistics.interval.ms", String(statisticsInterval.milliseconds)))
        }
        return result
    }

    /// The kinds of client a scoped property (`consumer:…`, `producer:…`) is meant for.
    enum ClientRole: String {
        case consumer, producer
    }

    /// The passed-through properties a client of `role` gets, in a stable order: the ones scoped to its role
    /// (prefix removed) unless the same property is also given unscoped, which wins; the other role's are left out.
    func propertyEntries(for role: ClientRole) -> [(String, String)] {
        var scoped: [(String, String)] = []
        var unscoped: [(String, String)] = []
        for (name, value) in properties.sorted(by: { $0.key < $1.key }) {
            // Any other prefix is no scope: the name goes through whole, and librdkafka refuses it as unknown.
            guard let colon = name.firstIndex(of: ":"), let scope = ClientRole(rawValue: String(name[..<colon])) else {
                unscoped.append((name, value))
                continue
            }
            let property = String(name[name.index(after: colon)...])
            if scope == role, properties[property] == nil { scoped.append((property, value)) }
        }
        return scoped + unscoped
    }

    /// Property names whose values never reach a log line.
    static func isSecret(_ property: String) -> Bool {
        let lowered = property.lowercased()
        return lowered.contains("password") || lowered.contains("secret") || lowered.hasSuffix(".key.pem")
            || lowered.contains("sasl.oauthbearer.config") || lowered.hasSuffix("token")
    }
}

/// A producer's settings; idempotence is on by default so retries never duplicate or reorder.
public struct ProducerConfiguration: Sendable, Hashable {
    public var common: KafkaConfiguration
    public var enableIdempotence: Bool = true
    /// `acks`; idempotence requires `all`.
    public var acks: String = "all"
    /// How long to wait to batch records (`linger.ms`).
    public var linger: Duration = .milliseconds(5)
    /// How long a record may wait for delivery, retries included, before its delivery fails (`message.timeout.ms`).
    public var messageTimeout: Duration = .seconds(30)
    /// `compression.type`: none, gzip, snappy, lz4, zstd.
    public var compression: String = "none"
    /// `partitioner`: murmur2 like the Java client, so a key lands on the same partition whoever produced it.
    public var partitioner: String = "murmur2_random"
    /// `transactional.id`: set, the producer writes in transactions (`KafkaProducer.initTransactions` first).
    public var transactionalId: String?

    /// The producer defaults (idempotent, acks=all, murmur2 partitioner) over `common`.
    public init(_ common: KafkaConfiguration) {
        self.common = common
    }

    var entries: [(String, String)] {
        common.entries + [
            ("enable.idempotence", String(enableIdempotence)),
            ("acks", acks),
            ("linger.ms", String(linger.milliseconds)),
            ("message.timeout.ms", String(messageTimeout.milliseconds)),
            ("compression.type", compression),
            ("partitioner", partitioner),
        ] + (transactionalId.map { [("transactional.id", $0)] } ?? []) + common.propertyEntries(for: .producer)
    }
}

/// A consumer's settings: `range` assignment so co-partitioned topics stay together, offsets stored and committed by hand.
public struct ConsumerConfiguration: Sendable, Hashable {
    /// Where a consumer without a committed offset starts.
    public enum OffsetReset: String, Sendable, Hashable {
        case earliest, latest, error
    }

    public var common: KafkaConfiguration
    /// The consumer group; nil for a consumer that only assigns partitions by hand.
    public var groupId: String?
    /// `partition.assignment.strategy`; `range` keeps partition N of every subscribed topic on one member.
    public var assignmentStrategy: String = "range"
    public var autoOffsetReset: OffsetReset = .earliest
    public var sessionTimeout: Duration = .seconds(10)
    public var heartbeatInterval: Duration = .seconds(1)
    public var maxPollInterval: Duration = .seconds(300)
    /// Off by default: the caller commits.
    public var enableAutoCommit: Bool = false
    /// Off by default: the caller stores the offsets of records it has processed.
    public var enableAutoOffsetStore: Bool = false
    /// `read_committed` hides aborted transactions on a real Kafka (the embedded cluster does not simulate it).
    public var isolationLevel: String = "read_committed"

    /// The consumer defaults (range assignment, manual offsets, earliest) over `common`; nil group for assign-only use.
    public init(_ common: KafkaConfiguration, groupId: String?) {
        self.common = common
        self.groupId = groupId
    }

    var entries: [(String, String)] {
        var result = common.entries
        // librdkafka's consumer needs a group even to assign by hand; one that never joins nor commits is used then.
        result.append(("group.id", groupId ?? "credence-assign-only-\(UInt64.random(in: 0...UInt64.max))"))
        result += [
            ("partition.assignment.strategy", assignmentStrategy),
            ("auto.offset.reset", autoOffsetReset.rawValue),
            ("session.timeout.ms", String(sessionTimeout.milliseconds)),
            ("heartbeat.interval.ms", String(heartbeatInterval.milliseconds)),
            ("max.poll.interval.ms", String(maxPollInterval.milliseconds)),
            ("enable.auto.commit", String(enableAutoCommit)),
            ("enable.auto.offset.store", String(enableAutoOffsetStore)),
            ("isolation.level", isolationLevel),
        ]
        return result + common.propertyEntries(for: .consumer)
    }
}

extension Duration {
    /// Whole milliseconds, rounded down; what librdkafka's `*.ms` properties and timeouts take.
    public var milliseconds: Int64 {
        let (seconds, attoseconds) = components
        return seconds * 1000 + attoseconds / 1_000_000_000_000_000
    }

    var timeoutMilliseconds: Int32 { Int32(clamping: milliseconds) }
}
