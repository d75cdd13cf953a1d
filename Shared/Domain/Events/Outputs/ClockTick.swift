/// A tick of the stream clock: time advances to `time` for the partition the record lands on.
/// An importer or scheduler broadcasts one per partition, each keyed by a `buyerId` that maps to it.
public struct ClockTick: DomainEventPayload {
    public static let kind = EventKind.clockTick
    /// The routing key that places the tick on its partition; no buyer is implied.
    public var buyerId: BuyerId
    public var time: Timestamp
    /// The partition the broadcaster aimed at, to check routing.
    public var partition: Int?

    public init(buyerId: BuyerId, time: Timestamp, partition: Int? = nil) {
        self.buyerId = buyerId
        self.time = time
        self.partition = partition
    }

    public var domainEvent: DomainEvent { .clockTick(self) }

    /// The UTC calendar date the tick falls on, the "today" of day-based rules.
    public var date: CalendarDate { time.calendarDate }
}
