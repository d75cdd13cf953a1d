import Domain

/// The Buyers page: every buyer in one sortable, filterable, paged table — grade, class, limit, exposure,
/// utilisation, overdue, PAYDEX and the next dunning step.
public enum BuyersPage {
    static let columns: [(sort: BuyerSort?, label: String, numeric: Bool)] = [
        (.buyer, "Buyer", false), (.grade, "Grade", true), (.creditClass, "Class", false), (.limit, "Limit", true),
        (.exposure, "Exposure", true), (.utilisation, "Utilisation", true), (.overdue, "Overdue", true),
        (.paydex, "PAYDEX", true), (nil, "Next dunning step", false),
    ]

    /// The page's content for one page of the query's result.
    public static func body(query: BuyerQuery, rows: [BuyerView], total: Int, policy: Policy) -> HTMLText {
        var html = HTMLText()
        html.append("""
            <form class="filters" method="get" action="/buyers">
            <input type="search" name="q" placeholder="buyer id" value="\(query.search)">
            <select name="grade"><option value="">any grade</option>
            """)
        for grade in 1...10 {
            html.append("<option value=\"\(grade)\"\(HTMLText(trusted: query.grade == grade ? " selected" : ""))>grade \(grade)</option>")
        }
        html.append("</select><select name=\"class\"><option value=\"\">any class</option>")
        for creditClass in CreditClass.allCases {
            html.append("<option value=\"\(creditClass.rawValue)\"\(HTMLText(trusted: query.creditClass == creditClass ? " selected" : ""))>class \(creditClass.rawValue)</option>")
        }
        html.append("""
            </select>
            <label><input type="checkbox" name="overdue" value="1"\(HTMLText(trusted: query.overdueOnly ? " checked" : ""))> overdue</label>
            <label><input type="checkbox" name="overlimit" value="1"\(HTMLText(trusted: query.overLimitOnly ? " checked" : ""))> over limit</label>
            <input type="hidden" name="sort" value="\(query.sort.rawValue)"><input type="hidden" name="dir" value="\(query.descending ? "desc" : "asc")">
            <button type="submit">Filter</button></form>
            <p class="muted"><span id="total">\(total)</span> buyers · page \(query.page + 1) of \(max(1, (total + BuyerQuery.pageSize - 1) / BuyerQuery.pageSize))</p>
            <table id="buyers"><thead><tr>
            """)
        for column in columns {
            let numeric = HTMLText(trusted: column.numeric ? " class=\"num\"" : "")
            guard let sort = column.sort else {
                html.append("<th\(numeric)>\(column.label)</th>")
                continue
            }
            let active = query.sort == sort
            let link = query.queryString { $0.sort = sort; $0.descending = active ? !query.descending : sort != .buyer; $0.page = 0 }
            html.append("<th\(numeric)><a href=\"/buyers\(link)\">\(column.label)\(active ? (query.descending ? " ▼" : " ▲") : "")</a></th>")
        }
        html.append("</tr></thead><tbody>")
        for buyer in rows {
            let utilisation = buyer.utilisation
            let next = buyer.openInvoices.compactMap { NextDunningStep.of($0, tier: buyer.tier, policy: policy.dunning) }
                .min { $0.dueOn < $1.dueOn }
            html.append("""
                <tr data-buyer="\(buyer.buyerId.rawValue)"><td>\(Layout.buyerLink(buyer.buyerId))</td>
                <td class="num">\(buyer.assessment.map { "\($0.grade)" } ?? "—")</td>
                <td>\(buyer.assessment?.creditClass.rawValue ?? "—")</td>
                <td class="num">\(Layout.money(buyer.creditLimit))</td>
                <td class="num exposure">\(Layout.money(buyer.position?.exposure))</td>
                <td class="num\(HTMLText(trusted: (utilisation ?? 0) > 100 ? " over" : ""))">\(Layout.figure(utilisation, suffix: " %"))</td>
                <td class="num">\(Layout.money(buyer.position?.overdueAmount))</td>
                <td class="num">\(buyer.assessment?.paydex.map { "\($0)" } ?? "—")</td>
                <td>\(next?.summary ?? "—")</td></tr>
                """)
        }
        html.append("</tbody></table><p class=\"pager\">")
        if query.page > 0 {
            html.append("<a rel=\"prev\" href=\"/buyers\(query.queryString { $0.page -= 1 })\">← previous</a> ")
        }
        if (query.page + 1) * BuyerQuery.pageSize < total {
            html.append("<a rel=\"next\" href=\"/buyers\(query.queryString { $0.page += 1 })\">next →</a>")
        }
        html.append("</p>")
        return html
    }
}
