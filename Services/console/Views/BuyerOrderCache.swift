import Domain
import Foundation

/// The buyers sorted by each column, kept between requests: sorting 100,000 buyers costs tens of milliseconds,
/// so an order is reused until the views changed and it is older than `maximumAge` (a page may lag the topics
/// by that much in its order, never in its figures, which are read fresh).
struct BuyerOrderCache {
    static let maximumAge: Duration = .seconds(2)

    private struct Entry {
        var version: Int
        var count: Int
        var madeAt: ContinuousClock.Instant
        var ids: [BuyerId]
    }

    private var entries: [String: Entry] = [:]
    /// The buyers passing each recent filter, in the filter's order (a user pages through one filter at a time).
    private var filtered: [String: Entry] = [:]
    static let filteredCapacity = 32

    /// The ids of the buyers passing `query`'s filter, in its order; the page is cut by the caller.
    mutating func matching(_ query: BuyerQuery, state: ConsoleState) -> [BuyerId] {
        let ordered = order(query.sort, descending: query.descending, state: state)
        guard query.isFiltering else { return ordered }
        let key = query.queryString { $0.page = 0 }
        let now = ContinuousClock.now
        if let entry = filtered[key], entry.version == state.version || now - entry.madeAt < Self.maximumAge {
            return entry.ids
        }
        let ids = ordered.filter { id in state.buyers[id].map(query.matches) ?? false }
        if filtered.count >= Self.filteredCapacity, let oldest = filtered.min(by: { $0.value.madeAt < $1.value.madeAt })?.key {
            filtered[oldest] = nil
        }
        filtered[key] = Entry(version: state.version, count: state.buyers.count, madeAt: now, ids: ids)
        return ids
    }

    /// The ids of every buyer in the order of `sort`; ties by buyer id.
    mutating func order(_ sort: BuyerSort, descending: Bool, state: ConsoleState) -> [BuyerId] {
        let key = "\(sort.rawValue)-\(descending)"
        let now = ContinuousClock.now
        if let entry = entries[key],
           entry.version == state.version || (entry.count == state.buyers.count && now - entry.madeAt < Self.maximumAge) {
            return entry.ids
        }
        let ids = Self.sorted(state.buyers, by: sort, descending: descending)
        entries[key] = Entry(version: state.version, count: state.buyers.count, madeAt: now, ids: ids)
        return ids
    }

    private static func sorted(_ buyers: [BuyerId: BuyerView], by sort: BuyerSort, descending: Bool) -> [BuyerId] {
        if sort == .buyer {
            let ids = buyers.keys.sorted { $0.rawValue < $1.rawValue }
            return descending ? ids.reversed() : ids
        }
        // Missing figures sort last either way.
        var keyed: [(key: Double, id: BuyerId)] = []
        keyed.reserveCapacity(buyers.count)
        for (id, buyer) in buyers {
            let value: Double? = switch sort {
            case .buyer: nil
            case .grade: buyer.assessment.map { Double($0.grade) }
            case .creditClass: buyer.assessment.map { Double(CreditClass.allCases.firstIndex(of: $0.creditClass) ?? 0) }
            case .limit: buyer.creditLimit.map { Double($0.amountMinor) }
            case .exposure: buyer.position.map { Double($0.exposure.amountMinor) }
            case .utilisation: buyer.utilisation
            case .overdue: buyer.position.map { Double($0.overdueAmount.amountMinor) }
            case .paydex: buyer.assessment?.paydex.map(Double.init)
            }
            keyed.append((value.map { descending ? -$0 : $0 } ?? .infinity, id))
        }
        keyed.sort { ($0.key, $0.id.rawValue) < ($1.key, $1.id.rawValue) }
        return keyed.map(\.id)
    }
}
