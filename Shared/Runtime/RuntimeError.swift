/// Why the stage runtime cannot start or cannot go on: one error for the whole runtime, with a stable code for
/// logs and alerts, the message an operator reads, and where it happened (topic, partition, offset) when that is
/// known. `description` is the message alone, so what a log line or an exit message says is the same text whatever
/// the code.
public struct RuntimeError: Error, Sendable, Hashable, CustomStringConvertible {
    /// A stable name for what went wrong; its `rawValue` is what logs and alerts match on.
    public struct Code: RawRepresentable, Sendable, Hashable, CustomStringConvertible {
        public let rawValue: String

        /// A code named `rawValue`.
        public init(rawValue: String) { self.rawValue = rawValue }

        public var description: String { rawValue }

        /// A setting (flag, environment variable, file field, policy file) the process cannot start with: bad input,
        /// fixed by the operator, never by a restart.
        public static let configuration = Code(rawValue: "configuration")
        /// The ops listener (`/healthz`, `/readyz`, `/metrics`) cannot listen.
        public static let opsListenerUnavailable = Code(rawValue: "ops_listener_unavailable")
        /// A changelog partition could not be read back; the partition is not restored.
        public static let restoreFailed = Code(rawValue: "restore_failed")
        /// A changelog partition lost records (a broker's window dropped them): restoring it would give partial state.
        public static let changelogTruncated = Code(rawValue: "changelog_truncated")
        /// A topic stopped before the end a reader had to reach (its high watermark when reading began).
        public static let readStalled = Code(rawValue: "read_stalled")
        /// A global table's topic cannot be read: the stage stops rather than decide from stale figures.
        public static let globalTableFailed = Code(rawValue: "global_table_failed")
        /// Outputs or changelog records could not be delivered, after retries or because no retry can mend it.
        public static let deliveryFailed = Code(rawValue: "delivery_failed")
        /// Transactions cannot start, or a transaction was aborted: the stage restarts from its committed state.
        public static let transactionFailed = Code(rawValue: "transaction_failed")
    }

    public var code: Code
    /// What happened and, where it helps, what to do about it.
    public var message: String
    /// The topic concerned, when one is.
    public var topic: String?
    /// The partition concerned, when one is.
    public var partition: Int32?
    /// The offset concerned, when one is.
    public var offset: Int64?

    /// An error of `code` with the message an operator reads and where it happened.
    public init(_ code: Code, _ message: String, topic: String? = nil, partition: Int32? = nil, offset: Int64? = nil) {
        self.code = code
        self.message = message
        self.topic = topic
        self.partition = partition
        self.offset = offset
    }

    public var description: String { message }

    /// Whether the operator must change the configuration: a restart alone never helps (exit code 78, EX_CONFIG).
    public var isConfiguration: Bool { code == .configuration || code == .opsListenerUnavailable }
}

extension RuntimeError {
    /// A configuration the process cannot start with; the message names what to fix.
    public static func configuration(_ message: String) -> RuntimeError { RuntimeError(.configuration, message) }

    /// The global table of `topic` cannot be read, for `reason`.
    static func globalTable(_ topic: String, _ reason: String) -> RuntimeError {
        RuntimeError(.globalTableFailed, "global table \(topic): \(reason)", topic: topic)
    }
}
