import Domain

/// A buyer's group (seed articles: group exposure, cross-default): its parent company and the buyers that name
/// that parent, wherever their partitions are. The group's figures come from the positions every instance reads
/// whole as a global table — each buyer's latest exposure, limit and parent — never from a side channel.
public struct GroupExposure: Sendable, Hashable {
    /// The parent company: the buyer's `parentId`, or the buyer itself when others name it as their parent.
    public var parentId: BuyerId
    /// The parent's exposure plus its members', this buyer's own from its state.
    public var exposure: Money
    /// The group limit: the parent's credit limit; nil while the parent has none.
    public var creditLimit: Money?
    /// How many buyers the group has, the parent included.
    public var buyers: Int

    /// The group of `buyer`, or nil when it belongs to none (no parent, and no buyer names it as parent).
    ///
    /// Cost: one pass over the table (a few dozen bytes a buyer), taken only when an order is decided.
    public static func of(buyer: BuyerId, parentId: BuyerId?, ownExposure: Money, ownLimit: Money?,
                          positions: [String: PositionSummary], fx: FXTable) -> GroupExposure? {
        let parent = parentId ?? buyer
        var total = Int128((try? fx.convert(ownExposure))?.amountMinor ?? 0)
        var limit: Money? = parentId == nil ? ownLimit.flatMap { try? fx.convert($0) } : nil
        var buyers = 1
        for (key, summary) in positions where key != buyer.rawValue {
            let isParent = key == parent.rawValue
            guard isParent || summary.parentId == parent else { continue }
            buyers += 1
            total += Int128((try? fx.convert(summary.exposure))?.amountMinor ?? 0)
            if isParent { limit = summary.creditLimit.flatMap { try? fx.convert($0) } }
        }
        guard parentId != nil || buyers > 1 else { return nil }
        return GroupExposure(parentId: parent, exposure: Money(amountMinor: Int64(clamping: total), currency: fx.reportingCurrency),
                             creditLimit: limit, buyers: buyers)
    }
}
