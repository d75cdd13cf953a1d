import Foundation
import Kafka
import Logging

/// Everything a stage process is told at start, from flags, then environment, then a JSON file, then defaults.
public struct StageConfiguration: Sendable {
    public var stage: String
    public var bootstrapServers: String
    /// librdkafka properties passed through to every client (`--kafka key=value`, `KAFKA_KEY_NAME=value`).
    public var kafkaProperties: [String: String] = [:]
    public var groupID: String
    public var instanceID: String
    public var httpHost: String = "0.0.0.0"
    public var httpPort: Int
    public var clock: StageClock = .wall
    /// How often time-driven rules run, in stage-clock time.
    public var punctuationInterval: TimeInterval = 86_400
    public var maxBatch: Int = 500
    /// How long a task holds its buffered records back for an input partition that has nothing buffered but has
    /// lag, so that inputs are merged in event-time order (`--max-idle-ms`; 0: never wait).
    public var maxIdleMilliseconds: Int = 100
    /// How often the changelog is written (with the positions it makes committable): a key changed by several
    /// batches in that time is written once. Zero writes it with every batch. Outputs never wait for it.
    public var changelogInterval: Duration = .milliseconds(1000)
    /// The bytes of a changelog partition the broker keeps when it keeps only a window of each partition and never
    /// compacts (the embedded broker: set at start when the cluster is the embedded one); nil on a real Kafka. Each
    /// live key's state is written again before its last record leaves the window.
    public var changelogWindowBytes: Int?
    /// With transactions, how long one transaction collects batches before it commits them with their changelog
    /// and positions (`--commit-ms`, as Kafka Streams' `commit.interval.ms` under exactly-once).
    public var commitInterval: Duration = .milliseconds(100)
    /// How long SIGTERM may take to drain, commit and leave the group.
    public var gracePeriod: Duration = .seconds(20)
    /// How many recent input ids each key remembers to skip duplicate deliveries.
    public var rememberedIDs: Int = 64
    /// The largest input value a stage reads: a larger one is dead-lettered unread as `record_too_large`
    /// (every Credence event is a few KiB; a record near the broker's limit is a producer's mistake).
    public var maximumRecordBytes: Int = 256 * 1024
    /// Where the stage's policy file is, when the stage has one.
    public var policyPath: String?
    public var logLevel: Logger.Level = .info
    /// Stage-specific options (`--set key=value`, or the file's `options`), read by the stage's own code.
    public var options: [String: String] = [:]
    /// The producer's `transactional.id` when the stage writes in Kafka transactions (`--transactions on`, or a
    /// `transactional.id` passed through); nil without transactions.
    public var transactionalID: String?

    public var changelogTopic: String { "\(stage).changelog" }
    public var deadLetterTopic: String { "\(stage).dlq" }

    public var kafka: KafkaConfiguration {
        KafkaConfiguration(bootstrapServers: bootstrapServers, clientId: "credence-\(stage)-\(instanceID)", properties: kafkaProperties)
    }
}

extension StageConfiguration {
    /// The usage text of the settings every stage understands, from the settings table.
    public static var usage: String { Setting.usage(Setting.stage) }

    /// Reads the configuration from the command line, then the environment, then the configuration file, then the
    /// defaults of `Setting.stage`; throws a `RuntimeError` (code `configuration`) naming the flag, variable or field to fix.
    public static func load(
        stage: String,
        defaultHTTPPort: Int,
        arguments: [String],
        environment: [String: String]
    ) throws(RuntimeError) -> StageConfiguration {
        let commandLine = try StageCommandLine.parse(stageArguments: arguments)
        let settings = try SettingSources(flags: commandLine.given, environment: environment, settings: Setting.stage)
        let cluster = try ClusterSettings(settings)
        let host = ProcessInfo.processInfo.hostName.split(separator: ".").first.map(String.init) ?? "host"
        var configuration = StageConfiguration(
            stage: stage,
            bootstrapServers: cluster.bootstrapServers,
            groupID: settings.text(.groupID) ?? "credence-\(stage)",
            instanceID: settings.text(.instanceID) ?? "\(host)-\(ProcessInfo.processInfo.processIdentifier)",
            httpPort: try settings.integer(.httpPort) ?? defaultHTTPPort
        )
        configuration.kafkaProperties = cluster.kafkaProperties
        configuration.options = try settings.pairs(.options)
        configuration.httpHost = settings.textOrDefault(.httpHost) ?? configuration.httpHost
        configuration.maxBatch = try settings.integerOrDefault(.maxBatch)
        configuration.maxIdleMilliseconds = try settings.integerOrDefault(.maxIdleMilliseconds)
        configuration.changelogInterval = .milliseconds(try settings.integerOrDefault(.changelogMilliseconds))
        configuration.commitInterval = .milliseconds(try settings.integerOrDefault(.commitMilliseconds))
        configuration.gracePeriod = .seconds(try settings.integerOrDefault(.gracePeriod))
        configuration.punctuationInterval = TimeInterval(try settings.integerOrDefault(.punctuationSeconds))
        configuration.rememberedIDs = try settings.integerOrDefault(.rememberedIDs)
        configuration.maximumRecordBytes = try settings.integerOrDefault(.maxRecordBytes)
        configuration.policyPath = settings.text(.policy)
        if let level = try settings.choice(.logLevel).flatMap(Logger.Level.init(rawValue:)) { configuration.logLevel = level }
        configuration.clock = try clock(settings)
        configuration.transactionalID = try transactionalID(settings, configuration: &configuration)
        return configuration
    }

    /// `--transactions on|off`; a `transactional.id` among the librdkafka properties switches them on with that id
    /// (it is the producer's alone, so it leaves the properties every client gets).
    private static func transactionalID(_ settings: SettingSources,
                                        configuration: inout StageConfiguration) throws(RuntimeError) -> String? {
        let named = configuration.kafkaProperties.removeValue(forKey: "transactional.id")
        guard settings.text(.transactions) != nil else { return named }
        switch try settings.choice(.transactions) {
        case "on": return named ?? "\(configuration.groupID)-\(configuration.instanceID)"
        default:
            guard named == nil else {
                throw RuntimeError.configuration("--transactions off contradicts transactional.id=\(named ?? ""); drop one of them")
            }
            return nil
        }
    }

    private static func clock(_ settings: SettingSources) throws(RuntimeError) -> StageClock {
        switch try settings.choice(.clock) {
        case "stream": return .stream
        case "accelerated":
            let speed = try settings.number(.clockSpeed) ?? 3600
            guard speed > 0 else { throw RuntimeError.configuration("--clock-speed must be positive, got \(speed)") }
            let now = Date()
            return .accelerated(origin: try settings.time(.clockOrigin) ?? now, speed: speed, startedAt: now)
        default: return .wall
        }
    }
}
