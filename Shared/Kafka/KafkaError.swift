import CRdKafka

/// The one error type of the Kafka layer: librdkafka's code, what kind of failure it is, and where it happened.
public struct KafkaError: Error, Sendable, Hashable, CustomStringConvertible {
    /// How a caller should react to a failure.
    public enum Classification: String, Sendable, Hashable {
        /// Transient: the same call may succeed later (broker down, timeout, queue full).
        case retriable
        /// The client instance is unusable and must be recreated (fenced or failed idempotent producer).
        case fatal
        /// The input itself is wrong (a bad configuration property, an oversized or invalid message).
        case badInput
        /// Not transient, not fatal to the client: the broker refused this request for good.
        case permanent
    }

    /// librdkafka's `rd_kafka_resp_err_t` value (negative: client-side, positive: broker error code).
    public var code: Int32
    /// librdkafka's symbolic name of `code` without the `RD_KAFKA_RESP_ERR_` prefix, e.g. `_MSG_TIMED_OUT`.
    public var name: String
    public var classification: Classification
    /// A human explanation: librdkafka's text, completed with what was being done.
    public var message: String
    /// Where it happened: topic, partition, offset, property, operation — whichever apply.
    public var context: [String: String]
    /// A transaction call failed so that the transaction must be aborted before anything else is sent.
    public var requiresAbort = false

    /// An error with every field given.
    public init(code: Int32, name: String, classification: Classification, message: String, context: [String: String] = [:]) {
        self.code = code
        self.name = name
        self.classification = classification
        self.message = message
        self.context = context
    }

    public var isRetriable: Bool { classification == .retriable }
    public var isFatal: Bool { classification == .fatal }
    /// Whether sending the same record again may succeed: not after a fatal client error, nor for a record
    /// refused as such (too large, invalid) — a caller stops at once instead of after every backoff.
    public var mayHealOnResend: Bool { !isFatal && classification != .badInput }

    public var description: String {
        let where_ = context.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }.joined(separator: " ")
        return "KafkaError(\(name), \(classification.rawValue)): \(message)\(where_.isEmpty ? "" : " [\(where_)]")"
    }

    /// Returns a copy with more context.
    public func with(_ extra: [String: String]) -> KafkaError {
        var copy = self
        copy.context.merge(extra) { _, new in new }
        return copy
    }
}

extension KafkaError {
    /// Wraps a librdkafka response code, classifying it.
    init(_ err: rd_kafka_resp_err_t, _ message: String? = nil, context: [String: String] = [:], fatal: Bool = false) {
        let name = String(cString: rd_kafka_err2name(err))
        let text = String(cString: rd_kafka_err2str(err))
        self.init(
            code: err.rawValue,
            name: name,
            classification: fatal ? .fatal : Self.classify(err),
            message: message.map { "\($0): \(text)" } ?? text,
            context: context
        )
    }

    /// Wraps (and destroys) an `rd_kafka_error_t`, which carries its own retriable/fatal flags.
    static func consuming(_ error: OpaquePointer, context: [String: String] = [:]) -> KafkaError {
        defer { rd_kafka_error_destroy(error) }
        let err = rd_kafka_error_code(error)
        var result = KafkaError(err, context: context)
        result.message = String(cString: rd_kafka_error_string(error))
        if rd_kafka_error_is_fatal(error) != 0 {
            result.classification = .fatal
        } else if rd_kafka_error_is_retriable(error) != 0 {
            result.classification = .retriable
        }
        result.requiresAbort = rd_kafka_error_txn_requires_abort(error) != 0
        return result
    }

    /// A configuration property that librdkafka does not know or does not accept.
    static func configuration(property: String, value: String?, reason: String) -> KafkaError {
        var context = ["property": property]
        if let value { context["value"] = value }
        return KafkaError(
            code: RD_KAFKA_RESP_ERR__INVALID_ARG.rawValue,
            name: "_INVALID_ARG",
            classification: .badInput,
            message: "configuration property '\(property)': \(reason)",
            context: context
        )
    }

    /// A misuse of the Swift API (closed client, empty topic list…).
    public static func state(_ message: String, context: [String: String] = [:]) -> KafkaError {
        KafkaError(code: RD_KAFKA_RESP_ERR__STATE.rawValue, name: "_STATE", classification: .permanent, message: message, context: context)
    }

    private static let retriableCodes: Set<rd_kafka_resp_err_t> = [
        RD_KAFKA_RESP_ERR__TRANSPORT, RD_KAFKA_RESP_ERR__TIMED_OUT, RD_KAFKA_RESP_ERR__MSG_TIMED_OUT,
        RD_KAFKA_RESP_ERR__QUEUE_FULL, RD_KAFKA_RESP_ERR__ALL_BROKERS_DOWN, RD_KAFKA_RESP_ERR__RESOLVE,
        RD_KAFKA_RESP_ERR__WAIT_COORD, RD_KAFKA_RESP_ERR__TIMED_OUT_QUEUE, RD_KAFKA_RESP_ERR__PARTIAL,
        RD_KAFKA_RESP_ERR__UNKNOWN_PARTITION, RD_KAFKA_RESP_ERR__IN_PROGRESS, RD_KAFKA_RESP_ERR__PREV_IN_PROGRESS,
        RD_KAFKA_RESP_ERR_REQUEST_TIMED_OUT, RD_KAFKA_RESP_ERR_NOT_LEADER_FOR_PARTITION,
        RD_KAFKA_RESP_ERR_LEADER_NOT_AVAILABLE, RD_KAFKA_RESP_ERR_BROKER_NOT_AVAILABLE,
        RD_KAFKA_RESP_ERR_REPLICA_NOT_AVAILABLE, RD_KAFKA_RESP_ERR_NETWORK_EXCEPTION,
        RD_KAFKA_RESP_ERR_NOT_ENOUGH_REPLICAS, RD_KAFKA_RESP_ERR_NOT_ENOUGH_REPLICAS_AFTER_APPEND,
        RD_KAFKA_RESP_ERR_COORDINATOR_LOAD_IN_PROGRESS, RD_KAFKA_RESP_ERR_COORDINATOR_NOT_AVAILABLE,
        RD_KAFKA_RESP_ERR_NOT_COORDINATOR, RD_KAFKA_RESP_ERR_UNKNOWN_TOPIC_OR_PART,
        RD_KAFKA_RESP_ERR_REBALANCE_IN_PROGRESS, RD_KAFKA_RESP_ERR_KAFKA_STORAGE_ERROR,
        RD_KAFKA_RESP_ERR_OFFSET_NOT_AVAILABLE, RD_KAFKA_RESP_ERR_THROTTLING_QUOTA_EXCEEDED,
    ]
    private static let badInputCodes: Set<rd_kafka_resp_err_t> = [
        RD_KAFKA_RESP_ERR__INVALID_ARG, RD_KAFKA_RESP_ERR__BAD_MSG,
        RD_KAFKA_RESP_ERR_MSG_SIZE_TOO_LARGE, RD_KAFKA_RESP_ERR_INVALID_MSG, RD_KAFKA_RESP_ERR_INVALID_RECORD,
        RD_KAFKA_RESP_ERR_INVALID_MSG_SIZE, RD_KAFKA_RESP_ERR_RECORD_LIST_TOO_LARGE,
        RD_KAFKA_RESP_ERR_TOPIC_EXCEPTION, RD_KAFKA_RESP_ERR_INVALID_CONFIG,
        RD_KAFKA_RESP_ERR_INVALID_PARTITIONS, RD_KAFKA_RESP_ERR_INVALID_REPLICATION_FACTOR,
        RD_KAFKA_RESP_ERR__UNKNOWN_TOPIC, RD_KAFKA_RESP_ERR__INVALID_TYPE,
    ]
    private static let fatalCodes: Set<rd_kafka_resp_err_t> = [
        RD_KAFKA_RESP_ERR__FATAL, RD_KAFKA_RESP_ERR__FENCED, RD_KAFKA_RESP_ERR_INVALID_PRODUCER_EPOCH,
        RD_KAFKA_RESP_ERR_PRODUCER_FENCED, RD_KAFKA_RESP_ERR_TRANSACTIONAL_ID_AUTHORIZATION_FAILED,
        RD_KAFKA_RESP_ERR_CLUSTER_AUTHORIZATION_FAILED, RD_KAFKA_RESP_ERR_OUT_OF_ORDER_SEQUENCE_NUMBER,
        RD_KAFKA_RESP_ERR_UNSUPPORTED_FOR_MESSAGE_FORMAT,
    ]

    static func classify(_ err: rd_kafka_resp_err_t) -> Classification {
        if fatalCodes.contains(err) { return .fatal }
        if retriableCodes.contains(err) { return .retriable }
        if badInputCodes.contains(err) { return .badInput }
        return .permanent
    }
}

extension KafkaError {
    /// The code's value for one of librdkafka's named errors, by its name without prefix (e.g. `TOPIC_AUTHORIZATION_FAILED`).
    public static func code(named name: String) -> Int32? {
        KafkaErrorTable.all[name]
    }
}

/// librdkafka's table of error names, read once.
enum KafkaErrorTable {
    static let all: [String: Int32] = {
        var descs: UnsafePointer<rd_kafka_err_desc>?
        var count = 0
        rd_kafka_get_err_descs(&descs, &count)
        var table: [String: Int32] = [:]
        guard let descs else { return table }
        for index in 0..<count {
            let desc = descs[index]
            guard let name = desc.name else { continue }
            table[String(cString: name)] = desc.code.rawValue
        }
        return table
    }()
}
