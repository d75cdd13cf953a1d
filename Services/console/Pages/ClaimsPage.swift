import Domain
import Foundation

/// The Claims page: each claim with its NOA and filing deadlines, waiting period, indemnity and state; the claims
/// with a deadline in the next 30 days first, soonest first.
public enum ClaimsPage {
    /// How far ahead a deadline puts its claim at the top.
    public static let horizonDays = 30

    /// One claim with its deadlines.
    public struct Row: Sendable {
        public var claim: ClaimView
        public var deadlines: [ClaimDeadline]
        /// The first deadline from today within the horizon, if any.
        public var upcoming: ClaimDeadline?
    }

    /// The claims of `state`, ordered for the page.
    public static func rows(_ state: ConsoleState) -> [Row] {
        let today = state.today
        var rows: [Row] = []
        for claim in state.claims.values {
            let buyer = state.buyers[claim.latest.buyerId]
            let dueDates = claim.latest.invoiceIds.compactMap { buyer?.invoices[$0]?.dueDate }
            let deadlines = claim.deadlines(policy: state.policy.claims, dueDates: dueDates)
            let upcoming = today.flatMap { today in
                deadlines.first { $0.date >= today && today.days(until: $0.date) <= horizonDays }
            }
            rows.append(Row(claim: claim, deadlines: deadlines, upcoming: upcoming))
        }
        return rows.sorted { lhs, rhs in
            switch (lhs.upcoming, rhs.upcoming) {
            case let (left?, right?): return (left.date, lhs.claim.latest.claimId.rawValue) < (right.date, rhs.claim.latest.claimId.rawValue)
            case (.some, nil): return true
            case (nil, .some): return false
            case (nil, nil): return (lhs.claim.latest.date, lhs.claim.latest.claimId.rawValue) > (rhs.claim.latest.date, rhs.claim.latest.claimId.rawValue)
            }
        }
    }

    /// The page's content.
    public static func body(_ rows: [Row]) -> HTMLText {
        guard !rows.isEmpty else { return "<p id=\"claims\">No claims.</p>" }
        var html: HTMLText = """
            <table id="claims"><tr><th>Claim</th><th>Buyer</th><th>State</th><th>Trigger</th><th>Invoices</th>\
            <th>Deadlines</th><th>Waiting period ends</th><th class="num">Loss</th><th class="num">Indemnity</th><th>Last event</th></tr>
            """
        for row in rows {
            let claim = row.claim.latest
            let deadlines = row.deadlines.map { "\($0.what): \($0.date)" }.joined(separator: "; ")
            html.append("""
                <tr data-claim="\(claim.claimId.rawValue)"\(HTMLText(trusted: row.upcoming == nil ? "" : " class=\"upcoming\""))>
                <td>\(claim.claimId.rawValue)</td><td>\(Layout.buyerLink(claim.buyerId))</td><td>\(claim.state.rawValue)</td>
                <td>\(claim.trigger?.rawValue ?? "—")</td><td>\(claim.invoiceIds.map(\.rawValue).joined(separator: ", "))</td>
                <td\(HTMLText(trusted: row.upcoming == nil ? "" : " class=\"over\""))>\(deadlines.isEmpty ? "—" : deadlines)</td>
                <td>\(claim.waitingPeriodEnds.map { "\($0)" } ?? "—")</td>
                <td class="num">\(Layout.money(claim.loss))</td><td class="num">\(Layout.money(claim.indemnity))</td>
                <td>\(claim.date)\(claim.reason.map { ": \($0)" } ?? "")</td></tr>
                """)
        }
        html.append("</table>")
        return html
    }
}
