import ArgumentParser
import Foundation
import Kafka
import Runtime

/// How a command finds the Kafka cluster: the cluster part of the settings table (`Setting.cluster`), read as the
/// stages read it — flag, then environment (`CREDENCE_BOOTSTRAP_SERVERS`, `KAFKA_…`), then the bootstrap file.
struct ClusterOptions: ParsableArguments {
    @Option(name: .setting(.bootstrapServers), help: .setting(.bootstrapServers))
    var bootstrapServers: String?

    @Option(name: .setting(.bootstrapFile), help: .setting(.bootstrapFile))
    var bootstrapFile: String?

    @Option(name: .setting(.kafka), parsing: .unconditionalSingleValue, help: .setting(.kafka))
    var kafkaProperties: [String] = []

    /// The values given, by the flag of their setting.
    var given: [String: [String]] {
        var values = [Setting.kafka.flag: kafkaProperties]
        if let bootstrapServers { values[Setting.bootstrapServers.flag] = [bootstrapServers] }
        if let bootstrapFile { values[Setting.bootstrapFile.flag] = [bootstrapFile] }
        return values
    }

    /// The client configuration, or a message saying how to point the command at a cluster.
    func configuration(clientId: String) throws -> KafkaConfiguration {
        do throws(RuntimeError) {
            let sources = try SettingSources(flags: given, environment: ProcessInfo.processInfo.environment, settings: Setting.cluster)
            return try ClusterSettings(sources).kafka(clientId: clientId)
        } catch {
            throw ValidationError(error.message)
        }
    }
}
