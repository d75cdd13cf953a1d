import Foundation
import ArgumentParser
import Kafka
import Runtime

/// How a command finds the Kafka cluster: explicit servers, or the file `credence broker` wrote.
struct ClusterOptions: ParsableArguments {
    @Option(help: "Kafka bootstrap servers (default: $CREDENCE_BOOTSTRAP_SERVERS, else the bootstrap file).")
    var bootstrapServers: String?

    @Option(help: "Where `credence broker` wrote its address (default: $CREDENCE_BOOTSTRAP_FILE or .credence/bootstrap).")
    var bootstrapFile: String = BootstrapFile.defaultPath

    @Option(name: .customLong("kafka"), help: "Any librdkafka property as KEY=VALUE (repeatable), e.g. security.protocol=SASL_SSL.")
    var kafkaProperties: [String] = []

    /// The client configuration, or a message saying how to point the command at a cluster.
    func configuration(clientId: String) throws -> KafkaConfiguration {
        let environment = ProcessInfo.processInfo.environment
        guard let servers = bootstrapServers ?? environment["CREDENCE_BOOTSTRAP_SERVERS"] ?? BootstrapFile.read(from: bootstrapFile) else {
            throw ValidationError("no Kafka bootstrap servers: pass --bootstrap-servers host:port, or start `credence broker` so that \(bootstrapFile) exists")
        }
        var properties: [String: String] = [:]
        for pair in kafkaProperties {
            guard let equals = pair.firstIndex(of: "="), equals != pair.startIndex else {
                throw ValidationError("--kafka takes KEY=VALUE, got '\(pair)'")
            }
            properties[String(pair[..<equals])] = String(pair[pair.index(after: equals)...])
        }
        return KafkaConfiguration(bootstrapServers: servers, clientId: clientId, properties: properties)
    }
}
