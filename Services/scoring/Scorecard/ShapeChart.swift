import Domain
import Foundation

/// Draws the boosted scorecard's shape functions as one SVG of small multiples, for the model card: per ratio,
/// its contribution to the log-odds of default by bin (bins of equal width, their boundaries under the axis) and,
/// in grey at the right, the missing bin's. Each panel has its own vertical scale, written beside its name.
enum ShapeChart {
    static let columns = 8
    static let panelWidth = 180.0, panelHeight = 120.0

    /// The SVG document of `model`'s shapes.
    static func svg(_ model: BoostedScorecardModel) -> String {
        let rows = (model.shapes.count + columns - 1) / columns
        var parts = [
            "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"\(Int(panelWidth) * columns)\" height=\"\(Int(panelHeight) * rows + 30)\""
                + " font-family=\"sans-serif\" font-size=\"9\">",
            "<text x=\"6\" y=\"16\" font-size=\"12\">\(escape(model.version)): contribution to the log-odds of default"
                + " by bin (each panel's full scale ± in brackets; grey = missing value)</text>",
        ]
        for (index, shape) in model.shapes.enumerated() {
            let x0 = Double(index % columns) * panelWidth, y0 = 30 + Double(index / columns) * panelHeight
            parts.append(panel(shape, x: x0, y: y0))
        }
        parts.append("</svg>")
        return parts.joined(separator: "\n") + "\n"
    }

    private static func panel(_ shape: RatioShape, x: Double, y: Double) -> String {
        let extreme = max(0.05, (shape.contributions + [shape.missingContribution]).map(abs).max() ?? 0)
        let left = x + 8, width = panelWidth - 40, top = y + 18, height = panelHeight - 40
        let zero = top + height / 2
        func vertical(_ value: Double) -> Double { zero - value / extreme * height / 2 }
        let step = width / Double(shape.contributions.count)
        var path = ""
        for (bin, value) in shape.contributions.enumerated() {
            let from = left + Double(bin) * step
            path += (bin == 0 ? "M" : "L") + "\(format(from)),\(format(vertical(value))) L\(format(from + step)),\(format(vertical(value))) "
        }
        var lines = [
            "<g>",
            "<text x=\"\(format(x + 6))\" y=\"\(format(y + 12))\"><tspan font-weight=\"bold\">\(shape.ratio)</tspan> "
                + "\(escape(String(UCIRatioLabels.label(shape.ratio).prefix(24)))) [±\(format(extreme))]</text>",
            "<rect x=\"\(format(left))\" y=\"\(format(top))\" width=\"\(format(width + 24))\" height=\"\(format(height))\" fill=\"none\" stroke=\"#ddd\"/>",
            "<line x1=\"\(format(left))\" y1=\"\(format(zero))\" x2=\"\(format(left + width + 24))\" y2=\"\(format(zero))\" stroke=\"#999\"/>",
            "<path d=\"\(path)\" fill=\"none\" stroke=\"#c0392b\" stroke-width=\"1.5\"/>",
            "<rect x=\"\(format(left + width + 8))\" y=\"\(format(min(zero, vertical(shape.missingContribution))))\" width=\"12\""
                + " height=\"\(format(abs(vertical(shape.missingContribution) - zero)))\" fill=\"#999\"/>",
        ]
        if let first = shape.thresholds.first, let last = shape.thresholds.last {
            lines.append("<text x=\"\(format(left))\" y=\"\(format(top + height + 11))\">\(format(first))</text>")
            lines.append("<text x=\"\(format(left + width))\" y=\"\(format(top + height + 11))\" text-anchor=\"end\">\(format(last))</text>")
        }
        lines.append("</g>")
        return lines.joined(separator: "\n")
    }

    private static func format(_ value: Double) -> String {
        let text = String(format: abs(value) >= 100 ? "%.0f" : "%.3g", value)
        return text == "-0" ? "0" : text
    }

    private static func escape(_ text: String) -> String {
        text.replacingOccurrences(of: "&", with: "&amp;").replacingOccurrences(of: "<", with: "&lt;").replacingOccurrences(of: ">", with: "&gt;")
    }
}
