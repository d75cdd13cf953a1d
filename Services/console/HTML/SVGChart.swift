import Foundation

/// Charts drawn by the server as inline SVG: no script, nothing fetched. Every label is escaped; every number is
/// formatted here, so a chart is a pure function of its figures and is tested by reading its markup.
public enum SVGChart {
    /// The bucket colours, from current (green) to 90+ (dark red).
    public static let palette = ["#3b8a4a", "#c9b037", "#e08a2b", "#c9532d", "#7d1f1f", "#4a6fa5", "#777777"]

    /// One horizontal bar split into `parts` (name, value ≥ 0), with a legend: the aging of the receivables.
    public static func stackedBar(_ parts: [(name: String, value: Double)], width: Int = 720, title: String) -> HTMLText {
        let total = parts.map { max(0, $0.value) }.reduce(0, +)
        var svg = HTMLText(trusted: "<svg class=\"chart\" role=\"img\" viewBox=\"0 0 \(width) 90\" width=\"\(width)\" height=\"90\" xmlns=\"http://www.w3.org/2000/svg\">")
        svg.append("<title>\(title)</title>")
        var x = 0.0
        for (index, part) in parts.enumerated() {
            let share = total > 0 ? max(0, part.value) / total : 0
            let barWidth = share * Double(width)
            let color = palette[index % palette.count]
            svg.append("<rect x=\"\(fixed(x))\" y=\"0\" width=\"\(fixed(barWidth))\" height=\"40\" fill=\"\(color)\"><title>\(part.name): \(percent(share))</title></rect>")
            x += barWidth
            let legendX = index * (width / max(1, parts.count))
            svg.append("<rect x=\"\(legendX)\" y=\"56\" width=\"12\" height=\"12\" fill=\"\(color)\"/>")
            svg.append("<text x=\"\(legendX + 16)\" y=\"67\" font-size=\"12\">\(part.name) \(percent(share))</text>")
        }
        svg.append("</svg>")
        return svg
    }

    /// Pairs of bars per row: a value against its limit (exposure against credit limit), longest first.
    public static func barsAgainstLimit(_ rows: [(label: String, value: Double, limit: Double?)], width: Int = 720,
                                        title: String) -> HTMLText {
        let rowHeight = 22, labelWidth = 130
        let height = max(1, rows.count) * rowHeight + 30
        let scale = rows.map { max($0.value, $0.limit ?? 0) }.max() ?? 0
        let plotWidth = Double(width - labelWidth - 10)
        var svg = HTMLText(trusted: "<svg class=\"chart\" role=\"img\" viewBox=\"0 0 \(width) \(height)\" width=\"\(width)\" height=\"\(height)\" xmlns=\"http://www.w3.org/2000/svg\">")
        svg.append("<title>\(title)</title>")
        for (index, row) in rows.enumerated() {
            let y = index * rowHeight
            let valueWidth = scale > 0 ? row.value / scale * plotWidth : 0
            let over = row.limit.map { row.value > $0 } ?? false
            svg.append("<text x=\"0\" y=\"\(y + 14)\" font-size=\"11\">\(String(row.label.prefix(18)))</text>")
            svg.append("<rect x=\"\(labelWidth)\" y=\"\(y + 3)\" width=\"\(fixed(valueWidth))\" height=\"14\" fill=\"\(over ? "#c9532d" : "#4a6fa5")\"><title>\(row.label): exposure \(grouped(row.value))\(row.limit.map { " of limit \(grouped($0))" } ?? ", no limit")</title></rect>")
            if let limit = row.limit, scale > 0 {
                let limitX = Double(labelWidth) + limit / scale * plotWidth
                svg.append("<line x1=\"\(fixed(limitX))\" x2=\"\(fixed(limitX))\" y1=\"\(y + 1)\" y2=\"\(y + 19)\" stroke=\"#111\" stroke-width=\"2\"/>")
            }
        }
        let legendY = rows.count * rowHeight + 18
        svg.append("<rect x=\"\(labelWidth)\" y=\"\(legendY - 10)\" width=\"12\" height=\"12\" fill=\"#4a6fa5\"/><text x=\"\(labelWidth + 16)\" y=\"\(legendY)\" font-size=\"11\">exposure</text>")
        svg.append("<line x1=\"\(labelWidth + 100)\" x2=\"\(labelWidth + 100)\" y1=\"\(legendY - 11)\" y2=\"\(legendY + 2)\" stroke=\"#111\" stroke-width=\"2\"/><text x=\"\(labelWidth + 106)\" y=\"\(legendY)\" font-size=\"11\">credit limit</text>")
        svg.append("<rect x=\"\(labelWidth + 190)\" y=\"\(legendY - 10)\" width=\"12\" height=\"12\" fill=\"#c9532d\"/><text x=\"\(labelWidth + 206)\" y=\"\(legendY)\" font-size=\"11\">over the limit</text>")
        svg.append("</svg>")
        return svg
    }

    /// Lines over labelled points (months): DSO, best possible DSO and CEI. A missing value breaks its line.
    public static func lines(labels: [String], series: [(name: String, values: [Double?])], width: Int = 720,
                             height: Int = 240, title: String) -> HTMLText {
        let left = 40.0, bottom = Double(height) - 40, top = 10.0, right = Double(width) - 10
        let all = series.flatMap { $0.values.compactMap { $0 } }
        let maximum = max(1, (all.max() ?? 1) * 1.1)
        let step = labels.count > 1 ? (right - left) / Double(labels.count - 1) : 0
        func x(_ index: Int) -> Double { labels.count > 1 ? left + Double(index) * step : (left + right) / 2 }
        func y(_ value: Double) -> Double { bottom - value / maximum * (bottom - top) }
        var svg = HTMLText(trusted: "<svg class=\"chart\" role=\"img\" viewBox=\"0 0 \(width) \(height)\" width=\"\(width)\" height=\"\(height)\" xmlns=\"http://www.w3.org/2000/svg\">")
        svg.append("<title>\(title)</title>")
        svg.append("<line x1=\"\(fixed(left))\" y1=\"\(fixed(bottom))\" x2=\"\(fixed(right))\" y2=\"\(fixed(bottom))\" stroke=\"#999\"/>")
        for tick in 0...4 {
            let value = maximum * Double(tick) / 4
            svg.append("<text x=\"2\" y=\"\(fixed(y(value) + 4))\" font-size=\"10\">\(Int(value.rounded()))</text>")
        }
        for (index, label) in labels.enumerated() where labels.count <= 12 || index % max(1, labels.count / 12) == 0 {
            svg.append("<text x=\"\(fixed(x(index) - 18))\" y=\"\(fixed(bottom + 16))\" font-size=\"10\">\(label)</text>")
        }
        for (seriesIndex, line) in series.enumerated() {
            let color = palette[(seriesIndex * 2 + 1) % palette.count]
            var segments: [[(Double, Double)]] = [[]]
            for (index, value) in line.values.enumerated() {
                if let value { segments[segments.count - 1].append((x(index), y(value))) } else if !(segments.last?.isEmpty ?? true) { segments.append([]) }
            }
            for segment in segments where !segment.isEmpty {
                let points = segment.map { "\(fixed($0.0)),\(fixed($0.1))" }.joined(separator: " ")
                svg.append("<polyline points=\"\(points)\" fill=\"none\" stroke=\"\(color)\" stroke-width=\"2\"/>")
                for point in segment { svg.append("<circle cx=\"\(fixed(point.0))\" cy=\"\(fixed(point.1))\" r=\"3\" fill=\"\(color)\"/>") }
            }
            let legendX = 50 + seriesIndex * 170
            svg.append("<rect x=\"\(legendX)\" y=\"\(height - 14)\" width=\"12\" height=\"4\" fill=\"\(color)\"/><text x=\"\(legendX + 16)\" y=\"\(height - 8)\" font-size=\"11\">\(line.name)</text>")
        }
        svg.append("</svg>")
        return svg
    }

    static func fixed(_ value: Double) -> String { String(format: "%.1f", value) }
    static func percent(_ share: Double) -> String { String(format: "%.1f %%", share * 100) }

    /// `1234567.5` as `1,234,567.50`.
    public static func grouped(_ value: Double) -> String {
        let negative = value < 0
        let cents = Int64((abs(value) * 100).rounded())
        var whole = String(cents / 100)
        var index = whole.count - 3
        while index > 0 {
            whole.insert(",", at: whole.index(whole.startIndex, offsetBy: index))
            index -= 3
        }
        return (negative ? "-" : "") + whole + "." + String(format: "%02d", Int(cents % 100))
    }
}
