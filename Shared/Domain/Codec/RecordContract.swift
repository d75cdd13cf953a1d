/// What the contract (`contracts/asyncapi.json`) asks of a record beyond its value's schema, checked by every
/// stage on every input: the `ce_type` belongs on the topic it arrived on, the key is the value's `buyerId`,
/// and the record sits on the partition that key hashes to (``KeyPartitioner``). Stream-clock ticks, which
/// go to every partition, are exempt from the key and partition rules.
public enum RecordContract {
    /// Decodes a record read from `topic` with `key` and checks it against the contract, or says which rule it breaks.
    public static func decode(topic: String, key: [UInt8]?, headers: [EventHeader], value: [UInt8]) throws(EventRejection) -> EventEnvelope {
        let attributes = try EventCodec.decodeAttributes(headers: headers)
        guard attributes.kind.topic == topic else {
            throw EventRejection(code: .wrongTopic, field: EventCodec.HeaderKey.type,
                                 message: "\(attributes.kind.ceType) belongs on \(attributes.kind.topic), not on \(topic)")
        }
        let event = try EventCodec.decodeValue(value, as: attributes.kind)
        let envelope = EventEnvelope(id: attributes.id, source: attributes.source, time: attributes.time, event: event)
        if attributes.kind == .clockTick { return envelope }
        guard let key, !key.isEmpty else {
            throw EventRejection(code: .missingKey, field: "key", message: "the record has no key; every record is keyed by its buyerId")
        }
        guard key.elementsEqual(envelope.buyerId.rawValue.utf8) else {
            throw EventRejection(code: .keyMismatch, field: "key",
                                 message: "key \"\(String(decoding: key, as: UTF8.self))\" is not the buyerId \"\(envelope.buyerId)\" of the value")
        }
        return envelope
    }

    /// Refuses a record keyed by `key` found on `partition` of a topic of `partitions` partitions unless murmur2 puts it there.
    /// A partition count that is not positive (metadata not known) checks nothing.
    public static func requirePartition(key: some Collection<UInt8>, partition: Int32, partitions: Int) throws(EventRejection) {
        guard partitions > 0 else { return }
        let expected = KeyPartitioner.partition(of: key, partitions: partitions)
        guard expected == partition else {
            throw EventRejection(code: .wrongPartition, field: "partition",
                                 message: "key \"\(String(decoding: Array(key), as: UTF8.self))\" belongs on partition \(expected) of \(partitions) (murmur2), not on \(partition)")
        }
    }
}
