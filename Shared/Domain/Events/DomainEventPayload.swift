/// What every domain event has in common: its kind (hence `ce_type` and topic), the buyer it is
/// about (the record key), and the rules a decoded value must satisfy beyond its JSON shape.
public protocol DomainEventPayload: Codable, Sendable, Hashable {
    /// The kind of event, which fixes its `ce_type`, version and topic.
    static var kind: EventKind { get }
    /// The buyer the event is about; the record key and partitioning key.
    var buyerId: BuyerId { get }
    /// The event wrapped in the ``DomainEvent`` sum type.
    var domainEvent: DomainEvent { get }
    /// Checks the rules JSON decoding cannot (non-negative amounts, date order, ranges).
    func validate() throws(EventRejection)
}

extension DomainEventPayload {
    /// Events without cross-field rules accept every well-formed value.
    public func validate() throws(EventRejection) {}
}
