import Domain
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
    /// The usage text of the flags every stage understands.
    public static let usage = """
        --bootstrap-servers H:P   Kafka bootstrap servers (env CREDENCE_BOOTSTRAP_SERVERS; default: the file written by `credence broker`)
        --bootstrap-file PATH     where `credence broker` wrote its address (env CREDENCE_BOOTSTRAP_FILE; default .credence/bootstrap)
        --kafka KEY=VALUE         any librdkafka property, repeatable (env KAFKA_KEY_NAME=VALUE, e.g. KAFKA_SECURITY_PROTOCOL)
        --config PATH             a JSON file with any of these settings (env CREDENCE_CONFIG)
        --group-id ID             consumer group (default credence-<stage>)
        --instance-id ID          this instance's name in client ids (default host-pid)
        --http-host HOST          ops listener address (default 0.0.0.0)
        --http-port PORT          ops listener port for /healthz, /readyz, /metrics (env CREDENCE_HTTP_PORT; 0 = any free port)
        --clock wall|stream|accelerated   the stage clock (env CREDENCE_CLOCK; default wall)
        --clock-origin RFC3339    accelerated clock: the simulated start time (default now)
        --clock-speed N           accelerated clock: simulated seconds per real second (default 3600)
        --punctuation-seconds N   how often time-driven rules run, in stage-clock seconds (default 86400)
        --max-batch N             records processed per batch (default 500)
        --max-idle-ms N           how long a task waits for an input partition that has lag before going on without it,
                                  so its inputs are merged in event-time order (default 100; 0: don't wait)
        --changelog-ms N          write the changelog every N ms, each changed key once (default 1000; 0: every batch)
        --remembered-ids N        recent input ids kept per key to skip duplicate deliveries (default 64)
        --max-record-bytes N      larger input values are dead-lettered unread as record_too_large (default 262144)
        --grace-period SECONDS    drain time allowed after SIGTERM (default 20)
        --policy PATH             the policy file (env CREDENCE_POLICY)
        --log-level LEVEL         trace, debug, info, notice, warning, error, critical (env CREDENCE_LOG_LEVEL)
        --set KEY=VALUE           a stage-specific option, repeatable
        --transactions on|off     write outputs, changelog and offsets in Kafka transactions, one per commit interval
                                  (env CREDENCE_TRANSACTIONS; default off; transactional.id <group>-<instance>
                                  unless --kafka transactional.id=… names one)
        --commit-ms N             with transactions, how long one transaction collects batches (default 100)
        """

    /// Reads the configuration; throws a `RuntimeError` (code `configuration`) naming the flag, variable or field to fix.
    public static func load(
        stage: String,
        defaultHTTPPort: Int,
        arguments: [String],
        environment: [String: String]
    ) throws(RuntimeError) -> StageConfiguration {
        var flags = try FlagParser.parse(arguments)
        let filePath = flags.single("config") ?? environment["CREDENCE_CONFIG"]
        let file = try filePath.map { path throws(RuntimeError) in try ConfigurationFile.read(path) } ?? ConfigurationFile()
        var settings = SettingSources(flags: flags, environment: environment, file: file)

        let bootstrapFile = settings.string("bootstrap-file", env: "CREDENCE_BOOTSTRAP_FILE", file: "bootstrapFile") ?? ".credence/bootstrap"
        guard let servers = settings.string("bootstrap-servers", env: "CREDENCE_BOOTSTRAP_SERVERS", file: "bootstrapServers")
            ?? BootstrapFile.read(from: bootstrapFile) else {
            throw RuntimeError.configuration(
                "no Kafka bootstrap servers: pass --bootstrap-servers host:port, set CREDENCE_BOOTSTRAP_SERVERS, or start `credence broker` so that \(bootstrapFile) exists"
            )
        }
        let host = ProcessInfo.processInfo.hostName.split(separator: ".").first.map(String.init) ?? "host"
        var configuration = StageConfiguration(
            stage: stage,
            bootstrapServers: servers,
            groupID: settings.string("group-id", env: "CREDENCE_GROUP_ID", file: "groupId") ?? "credence-\(stage)",
            instanceID: settings.string("instance-id", env: "CREDENCE_INSTANCE_ID", file: "instanceId") ?? "\(host)-\(ProcessInfo.processInfo.processIdentifier)",
            httpPort: try settings.integer("http-port", env: "CREDENCE_HTTP_PORT", file: "httpPort", range: 0...65535) ?? defaultHTTPPort
        )
        configuration.kafkaProperties = file.kafka
        for (name, value) in environment where name.hasPrefix("KAFKA_") && name.count > 6 {
            configuration.kafkaProperties[name.dropFirst(6).lowercased().replacingOccurrences(of: "_", with: ".")] = value
        }
        for pair in flags.all("kafka") {
            let (key, value) = try FlagParser.keyValue(pair, flag: "kafka")
            configuration.kafkaProperties[key] = value
        }
        configuration.options = file.options
        for pair in flags.all("set") {
            let (key, value) = try FlagParser.keyValue(pair, flag: "set")
            configuration.options[key] = value
        }
        configuration.httpHost = settings.string("http-host", env: "CREDENCE_HTTP_HOST", file: "httpHost") ?? "0.0.0.0"
        configuration.maxBatch = try settings.integer("max-batch", env: "CREDENCE_MAX_BATCH", file: "maxBatch", range: 1...100_000) ?? 500
        configuration.maxIdleMilliseconds = try settings.integer("max-idle-ms", env: "CREDENCE_MAX_IDLE_MS", file: "maxIdleMilliseconds", range: 0...60_000) ?? 100
        configuration.changelogInterval = .milliseconds(try settings.integer("changelog-ms", env: "CREDENCE_CHANGELOG_MS", file: "changelogMilliseconds", range: 0...60_000) ?? 1000)
        configuration.commitInterval = .milliseconds(try settings.integer("commit-ms", env: "CREDENCE_COMMIT_MS", file: "commitMilliseconds", range: 0...60_000) ?? 100)
        configuration.gracePeriod = .seconds(try settings.integer("grace-period", env: "CREDENCE_GRACE_PERIOD", file: "gracePeriodSeconds", range: 1...3600) ?? 20)
        configuration.punctuationInterval = TimeInterval(try settings.integer("punctuation-seconds", env: "CREDENCE_PUNCTUATION_SECONDS", file: "punctuationSeconds", range: 1...31_536_000) ?? 86_400)
        configuration.rememberedIDs = try settings.integer("remembered-ids", env: "CREDENCE_REMEMBERED_IDS", file: "rememberedIds", range: 1...100_000) ?? 64
        configuration.maximumRecordBytes = try settings.integer("max-record-bytes", env: "CREDENCE_MAX_RECORD_BYTES", file: "maxRecordBytes",
                                                                range: 1_024...100_000_000) ?? 256 * 1024
        configuration.policyPath = settings.string("policy", env: "CREDENCE_POLICY", file: "policy")
        if let level = settings.string("log-level", env: "CREDENCE_LOG_LEVEL", file: "logLevel") {
            guard let parsed = Logger.Level(rawValue: level) else {
                throw RuntimeError.configuration("--log-level must be one of \(Logger.Level.allCases.map(\.rawValue).joined(separator: ", ")), got '\(level)'")
            }
            configuration.logLevel = parsed
        }
        configuration.clock = try clock(&settings)
        configuration.transactionalID = try transactionalID(&settings, configuration: &configuration)
        flags.removeKnown()
        if let unknown = flags.unknown.first {
            throw RuntimeError.configuration("unknown option --\(unknown); the options are:\n\(usage)")
        }
        return configuration
    }

    /// `--transactions on|off`; a `transactional.id` among the librdkafka properties switches them on with that id
    /// (it is the producer's alone, so it leaves the properties every client gets).
    private static func transactionalID(_ settings: inout SettingSources,
                                        configuration: inout StageConfiguration) throws(RuntimeError) -> String? {
        let named = configuration.kafkaProperties.removeValue(forKey: "transactional.id")
        switch settings.string("transactions", env: "CREDENCE_TRANSACTIONS", file: "transactions") {
        case nil: return named
        case "on", "true": return named ?? "\(configuration.groupID)-\(configuration.instanceID)"
        case "off", "false":
            guard named == nil else {
                throw RuntimeError.configuration("--transactions off contradicts transactional.id=\(named ?? ""); drop one of them")
            }
            return nil
        case let other?:
            throw RuntimeError.configuration("--transactions must be on or off, got '\(other)'")
        }
    }

    private static func clock(_ settings: inout SettingSources) throws(RuntimeError) -> StageClock {
        let mode = settings.string("clock", env: "CREDENCE_CLOCK", file: "clock") ?? "wall"
        switch mode {
        case "wall": return .wall
        case "stream": return .stream
        case "accelerated":
            let speed = try settings.double("clock-speed", env: "CREDENCE_CLOCK_SPEED", file: "clockSpeed") ?? 3600
            guard speed > 0 else { throw RuntimeError.configuration("--clock-speed must be positive, got \(speed)") }
            let now = Date()
            var origin = now
            if let text = settings.string("clock-origin", env: "CREDENCE_CLOCK_ORIGIN", file: "clockOrigin") {
                do {
                    origin = try Timestamp(rfc3339: text).date
                } catch {
                    throw RuntimeError.configuration("--clock-origin must be an RFC 3339 time such as 2024-01-01T00:00:00Z, got '\(text)'")
                }
            }
            return .accelerated(origin: origin, speed: speed, startedAt: now)
        default:
            throw RuntimeError.configuration("--clock must be wall, stream or accelerated, got '\(mode)'")
        }
    }
}
