import Domain

/// The Portfolio page: receivables by aging bucket (stacked bar), exposure against limit of the 20 largest
/// buyers, DSO / best possible DSO / CEI per month (lines) and concentration.
public enum PortfolioPage {
    /// The page's content from the views.
    public static func body(_ summary: PortfolioSummary) -> HTMLText {
        var html = HTMLText()
        let kpis = summary.kpis
        html.append("""
            <div class="cards">
            <div class="card">Receivables<b id="receivables">\(Layout.money(summary.receivables))</b></div>
            <div class="card">Exposure<b id="exposure">\(Layout.money(summary.exposure))</b></div>
            <div class="card">Buyers<b id="buyer-count">\(summary.buyerCount)</b></div>
            <div class="card">DSO<b>\(Layout.figure(kpis?.dso))</b></div>
            <div class="card">Best possible DSO<b>\(Layout.figure(kpis?.bestPossibleDSO))</b></div>
            <div class="card">CEI<b>\(Layout.figure(kpis?.cei, suffix: " %"))</b></div>
            </div>
            <h2>Receivables by aging bucket</h2>
            """)
        html.append(SVGChart.stackedBar(summary.aging.map { ($0.name, Layout.major($0.amount)) }, title: "Receivables by aging bucket"))
        html.append("<table id=\"aging\"><tr>")
        for bucket in summary.aging { html.append("<th class=\"num\">\(bucket.name)</th>") }
        html.append("</tr><tr>")
        for bucket in summary.aging { html.append("<td class=\"num\">\(Layout.money(bucket.amount))</td>") }
        html.append("</tr></table><h2>Exposure against limit: the 20 largest buyers</h2>")
        html.append(SVGChart.barsAgainstLimit(summary.largest.map { ($0.buyerId.rawValue, Layout.major($0.exposure), $0.limit.map(Layout.major)) },
                                              title: "Exposure against credit limit, 20 largest buyers"))
        html.append("<h2>DSO, best possible DSO and CEI per month</h2>")
        html.append(SVGChart.lines(labels: summary.months.map { "\($0.month.year)-\($0.month.month < 10 ? "0" : "")\($0.month.month)" },
                                   series: [("DSO (days)", summary.months.map(\.dso)),
                                            ("best possible DSO (days)", summary.months.map(\.bestPossibleDSO)),
                                            ("CEI (%)", summary.months.map(\.cei))],
                                   title: "DSO, best possible DSO and CEI per month"))
        html.append("<h2>Concentration</h2><table id=\"concentration\"><tr><th>buyers</th><th class=\"num\">share of exposure</th></tr>")
        for row in summary.concentration {
            html.append("<tr><td>\(row.label)</td><td class=\"num\">\(Layout.figure(row.share * 100, suffix: " %"))</td></tr>")
        }
        html.append("<tr><td>Herfindahl–Hirschman index</td><td class=\"num\">\(Layout.figure(summary.herfindahl))</td></tr></table>")
        html.append(SVGChart.stackedBar(concentrationParts(summary), title: "Share of exposure by the largest buyers"))
        return html
    }

    /// The exposure split as largest 1, next 4, next 5, next 10 and the rest.
    static func concentrationParts(_ summary: PortfolioSummary) -> [(name: String, value: Double)] {
        let shares = summary.concentration.map(\.share)
        guard shares.count == 4 else { return [] }
        return [("largest 1", shares[0]), ("2–5", shares[1] - shares[0]), ("6–10", shares[2] - shares[1]),
                ("11–20", shares[3] - shares[2]), ("the rest", 1 - shares[3])]
    }
}
