/// What happened to a buyer outside the ledger, as a data provider reports it.
public enum ExternalEventKind: String, DomainEnumeration {
    /// Forces grade 10, class C and limit 0 at once, and triggers an insolvency claim.
    case insolvencyFiling
    /// Costs points and forces a review.
    case litigation
    /// Costs points and forces a review.
    case ownershipChange
    /// An agency changed the buyer's rating.
    case ratingChange
}

/// An external event about a buyer: insolvency filing, litigation, ownership change or rating change.
public struct BuyerExternalEvent: DomainEventPayload {
    public static let kind = EventKind.buyerExternalEvent
    public var buyerId: BuyerId
    /// The provider's id of the event, so that repeated reports are recognisable.
    public var eventId: String
    public var eventKind: ExternalEventKind
    public var date: CalendarDate
    public var details: String?
    /// The new rating, for a rating change.
    public var rating: String?
    /// The rating before the change, for a rating change.
    public var previousRating: String?
    /// Who reported the event.
    public var provider: String?

    public init(buyerId: BuyerId, eventId: String, eventKind: ExternalEventKind, date: CalendarDate,
                details: String? = nil, rating: String? = nil, previousRating: String? = nil,
                provider: String? = nil) {
        self.buyerId = buyerId
        self.eventId = eventId
        self.eventKind = eventKind
        self.date = date
        self.details = details
        self.rating = rating
        self.previousRating = previousRating
        self.provider = provider
    }

    public var domainEvent: DomainEvent { .buyerExternalEvent(self) }

    /// Refuses a rating change without its new rating.
    public func validate() throws(EventRejection) {
        if eventKind == .ratingChange, rating == nil { throw .missingField("rating") }
    }
}
