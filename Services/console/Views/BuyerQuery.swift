import Domain
import Foundation

/// The columns the Buyers page sorts by.
public enum BuyerSort: String, Sendable, CaseIterable {
    case buyer, grade, creditClass = "class", limit, exposure, utilisation, overdue, paydex
}

/// What the Buyers page asks of the views: a filter, an order and a page. Built from the query string, every
/// part validated (an unknown sort or a negative page falls back to the default).
public struct BuyerQuery: Sendable, Hashable {
    public static let pageSize = 50

    public var sort: BuyerSort = .exposure
    public var descending = true
    /// Part of the buyer id, case-insensitive.
    public var search = ""
    public var grade: Int?
    public var creditClass: CreditClass?
    public var overdueOnly = false
    public var overLimitOnly = false
    /// Zero-based.
    public var page = 0

    /// The default query: every buyer, largest exposure first.
    public init() {}

    /// A query from URL query parameters (`sort`, `dir`, `q`, `grade`, `class`, `overdue`, `overlimit`, `page`).
    public init(parameters: [String: String]) {
        sort = parameters["sort"].flatMap(BuyerSort.init(rawValue:)) ?? .exposure
        descending = parameters["dir"].map { $0 != "asc" } ?? (sort != .buyer)
        search = String((parameters["q"] ?? "").prefix(64))
        grade = parameters["grade"].flatMap { Int($0) }.flatMap { (1...10).contains($0) ? $0 : nil }
        creditClass = parameters["class"].flatMap { CreditClass(rawValue: $0) }
        overdueOnly = parameters["overdue"] == "1"
        overLimitOnly = parameters["overlimit"] == "1"
        page = max(0, min(parameters["page"].flatMap { Int($0) } ?? 0, 1_000_000))
    }

    /// Whether `buyer` passes the filter.
    public func matches(_ buyer: BuyerView) -> Bool {
        if !search.isEmpty, !buyer.buyerId.rawValue.lowercased().contains(search.lowercased()) { return false }
        if let grade, buyer.assessment?.grade != grade { return false }
        if let creditClass, buyer.assessment?.creditClass != creditClass { return false }
        if overdueOnly, (buyer.position?.overdueAmount.amountMinor ?? 0) <= 0 { return false }
        if overLimitOnly, (buyer.utilisation ?? 0) <= 100 { return false }
        return true
    }

    /// Whether the query filters at all (search, grade, class, overdue, over limit).
    public var isFiltering: Bool { !search.isEmpty || grade != nil || creditClass != nil || overdueOnly || overLimitOnly }

    /// The page of `matching` buyers (already filtered and ordered), and how many there are.
    func page(of matching: [BuyerId], in state: ConsoleState) -> (rows: [BuyerView], total: Int) {
        let first = min(page * Self.pageSize, matching.count)
        let rows = matching[first..<min(first + Self.pageSize, matching.count)].compactMap { state.buyers[$0] }
        return (rows, matching.count)
    }

    /// The query string of this query with `changes` applied (for links that keep the filter).
    public func queryString(_ changes: (inout BuyerQuery) -> Void = { _ in }) -> String {
        var query = self
        changes(&query)
        var items = ["sort=\(query.sort.rawValue)", "dir=\(query.descending ? "desc" : "asc")"]
        if !query.search.isEmpty { items.append("q=\(query.search.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? "")") }
        if let grade = query.grade { items.append("grade=\(grade)") }
        if let creditClass = query.creditClass { items.append("class=\(creditClass.rawValue)") }
        if query.overdueOnly { items.append("overdue=1") }
        if query.overLimitOnly { items.append("overlimit=1") }
        if query.page > 0 { items.append("page=\(query.page)") }
        return "?" + items.joined(separator: "&")
    }
}
