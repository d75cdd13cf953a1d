import Logging

/// The settings table: every setting of the stage executables (and the console), and the part of it the operator
/// CLI's cluster options are. Each is declared here once; nothing else names a flag, variable or file key.
extension Setting {
    /// Every setting a stage understands, in the order the usage text lists them.
    public static let stage: [Setting] = [
        bootstrapServers, bootstrapFile, kafka, config, groupID, instanceID, httpHost, httpPort,
        clock, clockOrigin, clockSpeed, punctuationSeconds, maxBatch, maxIdleMilliseconds, changelogMilliseconds,
        rememberedIDs, maxRecordBytes, gracePeriod, policy, logLevel, options, transactions, commitMilliseconds,
    ]

    /// How any process finds the cluster: what `credence`'s commands take, read the same way as the stages read it.
    public static let cluster: [Setting] = [bootstrapServers, bootstrapFile, kafka]

    // MARK: The cluster

    public static let bootstrapServers = Setting(
        "bootstrap-servers", "H:P", environment: .variable("CREDENCE_BOOTSTRAP_SERVERS"), fileKey: "bootstrapServers",
        help: "Kafka bootstrap servers (default: the address in the bootstrap file)")
    public static let bootstrapFile = Setting(
        "bootstrap-file", "PATH", .path, environment: .variable("CREDENCE_BOOTSTRAP_FILE"), fileKey: "bootstrapFile",
        defaultValue: ".credence/bootstrap", help: "where `credence broker` wrote its address, read when no servers are given")
    public static let kafka = Setting(
        "kafka", "KEY=VALUE", .pairs, environment: .prefix("KAFKA_"), fileKey: "kafka",
        help: "any librdkafka property, repeatable (KAFKA_SECURITY_PROTOCOL=SASL_SSL sets security.protocol); consumer:KEY or producer:KEY reaches only that kind of client")

    // MARK: The process

    public static let config = Setting(
        "config", "PATH", .path, environment: .variable("CREDENCE_CONFIG"),
        help: "a JSON file with any of these settings under its file key")
    public static let groupID = Setting(
        "group-id", "ID", environment: .variable("CREDENCE_GROUP_ID"), fileKey: "groupId",
        defaultValue: "credence-<stage>", help: "the consumer group")
    public static let instanceID = Setting(
        "instance-id", "ID", environment: .variable("CREDENCE_INSTANCE_ID"), fileKey: "instanceId",
        defaultValue: "<host>-<pid>", help: "this instance's name in client ids")
    public static let httpHost = Setting(
        "http-host", "HOST", environment: .variable("CREDENCE_HTTP_HOST"), fileKey: "httpHost",
        defaultValue: "0.0.0.0", help: "ops listener address")
    public static let httpPort = Setting(
        "http-port", "PORT", .integer(0...65_535), environment: .variable("CREDENCE_HTTP_PORT"), fileKey: "httpPort",
        help: "ops listener port for /healthz, /readyz, /metrics (0: any free port; default: the stage's own, 9101–9105)")
    public static let logLevel = Setting(
        "log-level", "LEVEL", .choice(Logger.Level.allCases.map(\.rawValue)), environment: .variable("CREDENCE_LOG_LEVEL"),
        fileKey: "logLevel", defaultValue: "info", help: "the lowest level logged")
    public static let gracePeriod = Setting(
        "grace-period", "SECONDS", .integer(1...3_600), environment: .variable("CREDENCE_GRACE_PERIOD"), fileKey: "gracePeriodSeconds",
        defaultValue: "20", help: "drain time allowed after SIGTERM")
    public static let policy = Setting(
        "policy", "PATH", .path, environment: .variable("CREDENCE_POLICY"), fileKey: "policy",
        help: "the policy file (default: the defaults of DOMAIN.md)")
    public static let options = Setting(
        "set", "KEY=VALUE", .pairs, fileKey: "options", help: "a stage-specific option, repeatable")

    // MARK: The clock

    public static let clock = Setting(
        "clock", "wall|stream|accelerated", .choice(["wall", "stream", "accelerated"]), environment: .variable("CREDENCE_CLOCK"),
        fileKey: "clock", defaultValue: "wall", help: "the stage clock")
    public static let clockOrigin = Setting(
        "clock-origin", "RFC3339", .time, environment: .variable("CREDENCE_CLOCK_ORIGIN"), fileKey: "clockOrigin",
        help: "accelerated clock: the simulated start time (default: now)")
    public static let clockSpeed = Setting(
        "clock-speed", "N", .number, environment: .variable("CREDENCE_CLOCK_SPEED"), fileKey: "clockSpeed",
        defaultValue: "3600", help: "accelerated clock: simulated seconds per real second")
    public static let punctuationSeconds = Setting(
        "punctuation-seconds", "N", .integer(1...31_536_000), environment: .variable("CREDENCE_PUNCTUATION_SECONDS"),
        fileKey: "punctuationSeconds", defaultValue: "86400", help: "how often time-driven rules run, in stage-clock seconds")

    // MARK: The loop

    public static let maxBatch = Setting(
        "max-batch", "N", .integer(1...100_000), environment: .variable("CREDENCE_MAX_BATCH"), fileKey: "maxBatch",
        defaultValue: "500", help: "records processed per batch")
    public static let maxIdleMilliseconds = Setting(
        "max-idle-ms", "N", .integer(0...60_000), environment: .variable("CREDENCE_MAX_IDLE_MS"), fileKey: "maxIdleMilliseconds",
        defaultValue: "100",
        help: "how long a task waits for an input partition that has lag before going on without it, so its inputs are merged in event-time order (0: don't wait)")
    public static let changelogMilliseconds = Setting(
        "changelog-ms", "N", .integer(0...60_000), environment: .variable("CREDENCE_CHANGELOG_MS"), fileKey: "changelogMilliseconds",
        defaultValue: "1000", help: "write the changelog every N ms, each changed key once (0: every batch)")
    public static let rememberedIDs = Setting(
        "remembered-ids", "N", .integer(1...100_000), environment: .variable("CREDENCE_REMEMBERED_IDS"), fileKey: "rememberedIds",
        defaultValue: "64", help: "recent input ids kept per key to skip duplicate deliveries")
    public static let maxRecordBytes = Setting(
        "max-record-bytes", "N", .integer(1_024...100_000_000), environment: .variable("CREDENCE_MAX_RECORD_BYTES"),
        fileKey: "maxRecordBytes", defaultValue: "262144", help: "larger input values are dead-lettered unread as record_too_large")
    public static let transactions = Setting(
        "transactions", "on|off", .choice(["on", "off"], synonyms: ["true": "on", "false": "off"]),
        environment: .variable("CREDENCE_TRANSACTIONS"), fileKey: "transactions", defaultValue: "off",
        help: "write outputs, changelog and offsets in Kafka transactions, one per commit interval (transactional.id <group>-<instance> unless a transactional.id property names one)")
    public static let commitMilliseconds = Setting(
        "commit-ms", "N", .integer(0...60_000), environment: .variable("CREDENCE_COMMIT_MS"), fileKey: "commitMilliseconds",
        defaultValue: "100", help: "with transactions, how long one transaction collects batches")
}
