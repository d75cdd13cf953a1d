import Domain
import Kafka

// The one bridge between Kafka records and domain events (CloudEvents binary mode through the one
// `EventCodec`), for stages, the CLI and tests alike.

extension ConsumerRecord {
    /// The domain event this record carries, or the typed rejection saying why it carries none.
    public func envelope() throws(EventRejection) -> EventEnvelope {
        try EventCodec.decode(headers: headers.map { EventHeader(key: $0.key, value: $0.value ?? []) }, value: value ?? [])
    }
}

extension InputRecord {
    /// The domain event this record carries if it keeps the contract on the topic, key and partition it was
    /// read from (`RecordContract.decode`), or the typed rejection saying which rule it breaks.
    public func contractEnvelope() throws(EventRejection) -> EventEnvelope {
        try RecordContract.decode(topic: topic, key: key, headers: headers.map { EventHeader(key: $0.key, value: $0.value ?? []) },
                                  value: value ?? [])
    }
}

extension OutputRecord {
    /// The domain event a processor emitted in this record.
    public func envelope() throws(EventRejection) -> EventEnvelope {
        try EventCodec.decode(headers: headers.map { EventHeader(key: $0.key, value: $0.value ?? []) }, value: value)
    }
}

extension ProducerRecord {
    /// An event as a record of its topic, keyed by its buyer, with its CloudEvents headers.
    /// - Parameter partition: pins the record to a partition (clock ticks go to every one); by key otherwise.
    public init(_ envelope: EventEnvelope, partition: Int32? = nil) throws(EventRejection) {
        let encoded = try EventCodec.encode(envelope)
        self.init(topic: envelope.topic, partition: partition, key: encoded.key, value: encoded.value,
                  headers: encoded.headers.map { KafkaHeader(key: $0.key, value: $0.value) })
    }
}
