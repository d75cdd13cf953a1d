import Kafka

/// One header of a record a processor reads or emits; as in Kafka, a header may carry no value.
public struct RecordHeader: Sendable, Hashable {
    public var key: String
    /// The header's bytes; nil for a header without a value.
    public var value: [UInt8]?

    /// A header with raw bytes (nil for no value).
    public init(key: String, value: [UInt8]?) {
        self.key = key
        self.value = value
    }

    /// A header with a UTF-8 text value.
    public init(key: String, string: String) {
        self.init(key: key, value: Array(string.utf8))
    }

    /// The value read as UTF-8, if it is present and valid.
    public var stringValue: String? { value.flatMap { String(validating: $0, as: UTF8.self) } }
}

/// A record as a processor sees it: where it was read (topic, partition, offset) and what it holds. The runner
/// turns each Kafka record into one at its edge, so processors — and the stage libraries — never see Kafka.
public struct InputRecord: Sendable, Hashable {
    public var topic: String
    public var partition: Int32
    public var offset: Int64
    public var key: [UInt8]?
    public var value: [UInt8]?
    public var headers: [RecordHeader]
    /// Milliseconds since the epoch, when the broker or producer stamped one.
    public var timestamp: Int64?

    /// A record read from `topic`'s partition `partition` at `offset`.
    public init(topic: String, partition: Int32, offset: Int64, key: [UInt8]?, value: [UInt8]?,
                headers: [RecordHeader] = [], timestamp: Int64? = nil) {
        self.topic = topic
        self.partition = partition
        self.offset = offset
        self.key = key
        self.value = value
        self.headers = headers
        self.timestamp = timestamp
    }

    /// The last header named `key`, if any.
    public func header(_ key: String) -> RecordHeader? { headers.last { $0.key == key } }
    /// The key read as UTF-8, if it is present and valid.
    public var keyString: String? { key.flatMap { String(validating: $0, as: UTF8.self) } }
    /// The value read as UTF-8, if it is present and valid.
    public var valueString: String? { value.flatMap { String(validating: $0, as: UTF8.self) } }
}

// The edge between Kafka's record types and the runtime's: the only place they are converted.

extension InputRecord {
    /// The runtime's view of a record a consumer read.
    public init(_ record: ConsumerRecord) {
        self.init(topic: record.topic, partition: record.partition, offset: record.offset, key: record.key, value: record.value,
                  headers: record.headers.map(RecordHeader.init), timestamp: record.timestamp)
    }
}

extension RecordHeader {
    /// The runtime's view of a Kafka header.
    public init(_ header: KafkaHeader) {
        self.init(key: header.key, value: header.value)
    }
}

extension KafkaHeader {
    /// The Kafka header a runtime header is produced as.
    public init(_ header: RecordHeader) {
        self.init(key: header.key, value: header.value)
    }
}
