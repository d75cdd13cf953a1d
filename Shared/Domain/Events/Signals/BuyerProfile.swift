/// Who a buyer is, as a data provider describes it; country and industry feed the risk tables.
public struct BuyerProfile: DomainEventPayload {
    public static let kind = EventKind.buyerProfile
    public var buyerId: BuyerId
    public var name: String
    /// ISO 3166-1 alpha-2 country code, e.g. `DE`.
    public var country: String
    /// The industry code the policy's industry risk table is keyed by (e.g. a NACE section).
    public var industryCode: String
    public var foundedYear: Int?
    public var registrationNumber: String?
    /// The buyer's parent company, when it belongs to a group: the group's exposure is the parent's own plus its
    /// members', and an order is decided against the parent's limit too.
    public var parentId: BuyerId?

    public init(buyerId: BuyerId, name: String, country: String, industryCode: String,
                foundedYear: Int? = nil, registrationNumber: String? = nil, parentId: BuyerId? = nil) {
        self.buyerId = buyerId
        self.name = name
        self.country = country
        self.industryCode = industryCode
        self.foundedYear = foundedYear
        self.registrationNumber = registrationNumber
        self.parentId = parentId
    }

    public var domainEvent: DomainEvent { .buyerProfile(self) }

    /// Refuses a country that is not two capital letters, an implausible founding year and a buyer its own parent.
    public func validate() throws(EventRejection) {
        if let parentId {
            try EventRejection.require(!parentId.rawValue.isEmpty && parentId != buyerId, at: "parentId",
                                       "a parent must be another buyer, found \"\(parentId)\"")
        }
        try EventRejection.require(BuyerProfile.isCountryCode(country), at: "country",
                                   "expected an ISO 3166-1 alpha-2 code, found \"\(country)\"")
        if let foundedYear {
            try EventRejection.require((1000...9999).contains(foundedYear), at: "foundedYear",
                                       "expected a four-digit year, found \(foundedYear)")
        }
    }

    /// Whether `text` has the shape of an ISO 3166-1 alpha-2 code.
    public static func isCountryCode(_ text: String) -> Bool {
        let bytes = Array(text.utf8)
        return bytes.count == 2 && bytes.allSatisfy { (UInt8(ascii: "A")...UInt8(ascii: "Z")).contains($0) }
    }
}
