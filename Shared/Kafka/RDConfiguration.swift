import CRdKafka

/// Builds an `rd_kafka_conf_t` from ordered properties; the first unknown or invalid one stops the start, named.
enum RDConfiguration {
    /// Returns a new configuration object the caller owns (until `rd_kafka_new` takes it).
    static func make(_ entries: [(String, String)]) throws(KafkaError) -> OpaquePointer {
        guard let conf = rd_kafka_conf_new() else {
            throw KafkaError.state("rd_kafka_conf_new failed")
        }
        var errorText = [CChar](repeating: 0, count: 512)
        for (name, value) in entries {
            let result = rd_kafka_conf_set(conf, name, value, &errorText, errorText.count)
            guard result == RD_KAFKA_CONF_OK else {
                rd_kafka_conf_destroy(conf)
                let reason = String(errorBuffer: errorText)
                let shownValue = KafkaConfiguration.isSecret(name) ? "***" : value
                throw KafkaError.configuration(
                    property: name,
                    value: shownValue,
                    reason: result == RD_KAFKA_CONF_UNKNOWN
                        ? "unknown to librdkafka \(RDVersion.string) (\(reason))"
                        : "invalid value '\(shownValue)' (\(reason))"
                )
            }
        }
        return conf
    }
}

/// The version of the librdkafka this process linked.
public enum RDVersion {
    public static var string: String { String(cString: rd_kafka_version_str()) }
}

extension String {
    /// Reads a C error buffer that librdkafka filled with a NUL-terminated message.
    init(errorBuffer buffer: [CChar]) {
        self.init(decoding: buffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }
}
