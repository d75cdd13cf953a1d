/// A domain event with the CloudEvents attributes it travels with.
///
/// `source` + `id` identify an event uniquely; an output's id is derived from its cause
/// (``init(source:causedBy:discriminator:time:event:)``) so that a replay reproduces it.
public struct EventEnvelope: Sendable, Hashable {
    /// `ce_id`: unique per `source`.
    public var id: String
    /// `ce_source`: who produced the event, e.g. `credence/monitoring` or `erp/sap-eu`.
    public var source: String
    /// `ce_time`: when the event happened (event time, which drives the stream clock).
    public var time: Timestamp
    public var event: DomainEvent

    public init(id: String, source: String, time: Timestamp, event: DomainEvent) {
        self.id = id
        self.source = source
        self.time = time
        self.event = event
    }

    /// An output event whose id is derived from the input that caused it.
    ///
    /// - Parameter discriminator: tells apart several outputs of one cause, e.g. `overdue:15`.
    public init(source: String, causedBy cause: EventEnvelope, discriminator: String, time: Timestamp,
                event: DomainEvent) {
        self.init(id: EventIdentity.derive(source: source, causeSource: cause.source, causeId: cause.id,
                                           discriminator: discriminator),
                  source: source, time: time, event: event)
    }

    /// `ce_type`, e.g. `credence.invoice.issued.v1`.
    public var type: String { event.kind.ceType }

    /// The buyer the event is about: the record key.
    public var buyerId: BuyerId { event.buyerId }

    /// The topic the event belongs on.
    public var topic: String { event.kind.topic }
}

/// The CloudEvents attributes of a record, read from its headers without touching its value,
/// e.g. to skip a duplicate before parsing it.
public struct EventAttributes: Sendable, Hashable {
    public var id: String
    public var source: String
    public var kind: EventKind
    public var time: Timestamp
}

/// A record ready for a producer: the key (`buyerId`), the CloudEvents headers and the JSON value.
public struct EncodedEvent: Sendable, Hashable {
    public var key: [UInt8]
    public var headers: [EventHeader]
    public var value: [UInt8]
}
