import Kafka

/// How a process finds its Kafka cluster — the bootstrap servers, else the address `credence broker` wrote into the
/// bootstrap file — and the librdkafka properties its clients get. Stages and the operator CLI read it alike.
public struct ClusterSettings: Sendable {
    public var bootstrapServers: String
    public var bootstrapFile: String
    /// librdkafka properties passed through to every client (`--kafka key=value`, `KAFKA_KEY_NAME=value`, the file's `kafka`).
    public var kafkaProperties: [String: String]

    /// Reads `Setting.cluster` from `sources`; without servers and without a bootstrap file, says how to give them.
    public init(_ sources: SettingSources) throws(RuntimeError) {
        bootstrapFile = sources.textOrDefault(.bootstrapFile) ?? ".credence/bootstrap"
        guard let servers = sources.text(.bootstrapServers) ?? BootstrapFile.read(from: bootstrapFile) else {
            throw RuntimeError.configuration(
                "no Kafka bootstrap servers: pass --bootstrap-servers host:port, set CREDENCE_BOOTSTRAP_SERVERS, or start `credence broker` so that \(bootstrapFile) exists"
            )
        }
        bootstrapServers = servers
        kafkaProperties = try sources.pairs(.kafka)
    }

    /// A client configuration with these servers and properties.
    public func kafka(clientId: String) -> KafkaConfiguration {
        KafkaConfiguration(bootstrapServers: bootstrapServers, clientId: clientId, properties: kafkaProperties)
    }
}
