import Domain
import Foundation

/// Writes a fitted scorecard into a policy file, replacing only the `scoring.scorecard` member so that the
/// rest of the file keeps its layout; the result is read back and must hold exactly the fitted numbers.
enum PolicyFileScorecard {
    /// The policy text with `model` as its scorecard.
    static func replacing(in text: String, with model: ScorecardModel) throws -> String {
        let bytes = Array(text.utf8)
        let object = Array(render(model).utf8)
        let result: [UInt8]
        if let key = find(Array("\"scorecard\"".utf8), in: bytes),
           let open = bytes[(key + 11)...].firstIndex(of: UInt8(ascii: "{")),
           let close = matchingBrace(bytes, open) {
            result = Array(bytes[..<open]) + object + Array(bytes[(close + 1)...])
        } else if let scoring = find(Array("\"scoring\"".utf8), in: bytes),
                  let open = bytes[scoring...].firstIndex(of: UInt8(ascii: "{")) {
            result = Array(bytes[...open]) + Array("\n    \"scorecard\": ".utf8) + object + [UInt8(ascii: ",")] + Array(bytes[(open + 1)...])
        } else {
            throw PolicyError(path: "scoring", message: "the policy file has no scoring section")
        }
        let updated = String(decoding: result, as: UTF8.self)
        let reread = try Policy.decode(Data(updated.utf8))
        guard reread.scoring.scorecard == model else {
            throw PolicyError(path: "scoring.scorecard", message: "the written scorecard does not read back identically")
        }
        return updated
    }

    /// The scorecard as JSON, indented for its place in `scoring`; numbers in Swift's shortest round-trip form.
    static func render(_ model: ScorecardModel) -> String {
        var lines = ["{"]
        lines.append("      \"anchorPoints\": \(number(model.anchorPoints)), \"anchorProbability\": \(number(model.anchorProbability)),"
            + " \"intercept\": \(number(model.intercept)), \"pointsToDoubleOdds\": \(number(model.pointsToDoubleOdds)),")
        lines.append("      \"version\": \"\(model.version)\",")
        lines.append("      \"features\": [")
        for (index, f) in model.features.enumerated() {
            let comma = index == model.features.count - 1 ? "" : ","
            lines.append("        {\"coefficient\": \(number(f.coefficient)), \"lower\": \(number(f.lower)), \"mean\": \(number(f.mean)),"
                + " \"median\": \(number(f.median)), \"ratio\": \"\(f.ratio)\", \"standardDeviation\": \(number(f.standardDeviation)),"
                + " \"upper\": \(number(f.upper))}\(comma)")
        }
        var members: [String] = []
        if let constraints = model.monotoneConstraints {
            let entries = constraints.sorted { ratioOrder($0.key, $1.key) }.map { "\"\($0.key)\": \($0.value)" }
            members.append("      \"monotoneConstraints\": {\(entries.joined(separator: ", "))}")
        }
        if let boosted = model.boosted { members.append(render(boosted, as: "boosted")) }
        if let required = model.boostedRequiredFields { members.append(render(required, as: "boostedRequiredFields")) }
        lines.append("      ]" + (members.isEmpty ? "" : ","))
        if !members.isEmpty { lines.append(members.joined(separator: ",\n")) }
        lines.append("    }")
        return lines.joined(separator: "\n")
    }

    /// A boosted model as the `member` member of the scorecard, one line per ratio's shape.
    static func render(_ model: BoostedScorecardModel, as member: String) -> String {
        func numbers(_ values: [Double]) -> String { "[" + values.map(number).joined(separator: ", ") + "]" }
        var lines = ["      \"\(member)\": {"]
        lines.append("        \"version\": \"\(model.version)\", \"intercept\": \(number(model.intercept)),"
            + " \"crossValidatedAUC\": \(number(model.crossValidatedAUC)), \"trainingAUC\": \(number(model.trainingAUC)),"
            + (model.baselineCrossValidatedAUC.map { " \"baselineCrossValidatedAUC\": \(number($0))," } ?? ""))
        let c = model.calibration
        var calibration = ["\"method\": \"\(c.method)\"", "\"floor\": \(number(c.floor))"]
        if let slope = c.slope { calibration.append("\"slope\": \(number(slope))") }
        if let intercept = c.intercept { calibration.append("\"intercept\": \(number(intercept))") }
        if let logOdds = c.logOdds { calibration.append("\"logOdds\": \(numbers(logOdds))") }
        if let probabilities = c.probabilities { calibration.append("\"probabilities\": \(numbers(probabilities))") }
        lines.append("        \"calibration\": {\(calibration.joined(separator: ", "))},")
        lines.append("        \"shapes\": [")
        for (index, shape) in model.shapes.enumerated() {
            let comma = index == model.shapes.count - 1 ? "" : ","
            lines.append("          {\"ratio\": \"\(shape.ratio)\", \"missingContribution\": \(number(shape.missingContribution)),"
                + " \"missingShare\": \(number(shape.missingShare)), \"thresholds\": \(numbers(shape.thresholds)),"
                + " \"contributions\": \(numbers(shape.contributions)), \"shares\": \(numbers(shape.shares))}\(comma)")
        }
        lines.append("        ]")
        lines.append("      }")
        return lines.joined(separator: "\n")
    }

    /// Swift's shortest round-trip form; integers without a fraction.
    private static func number(_ value: Double) -> String {
        value == value.rounded() && abs(value) < 1e15 ? String(Int64(value)) : "\(value)"
    }

    /// The Swift source of `Policy.defaults`' scorecard (`Shared/Domain/Policy/Policy+DefaultScorecard.swift`): the
    /// same JSON as the policy file's member, decoded once, so that the defaults and `policy/default.json` stay equal.
    static func swiftDefaults(_ model: ScorecardModel) -> String {
        """
        import Foundation

        // Generated by `credence scorecard fit --swift-defaults`; do not edit by hand.

        extension Policy {
            /// The scorecard fitted on `data/polish-bankruptcy-1year.arff` by `credence scorecard fit` (Services/scoring,
            /// `ScorecardTool.fit`): the boosted model, with the logistic scorecard kept as its baseline.
            static let defaultScorecard: ScorecardModel = {
                let json = #\"""
            \(render(model))
            \"""#
                do {
                    return try JSONDecoder().decode(ScorecardModel.self, from: Data(json.utf8))
                } catch {
                    fatalError("the generated default scorecard does not decode: \\(error)")
                }
            }()
        }

        """
    }

    /// `X2` before `X10`.
    private static func ratioOrder(_ lhs: String, _ rhs: String) -> Bool {
        let l = Int(lhs.dropFirst()) ?? Int.max, r = Int(rhs.dropFirst()) ?? Int.max
        return l != r ? l < r : lhs < rhs
    }

    private static func find(_ needle: [UInt8], in haystack: [UInt8]) -> Int? {
        guard haystack.count >= needle.count else { return nil }
        for start in 0...(haystack.count - needle.count) where haystack[start..<(start + needle.count)].elementsEqual(needle) {
            return start
        }
        return nil
    }

    /// The index of the `}` closing the `{` at `open`, skipping braces inside strings.
    private static func matchingBrace(_ bytes: [UInt8], _ open: Int) -> Int? {
        var depth = 0
        var inString = false
        var index = open
        while index < bytes.count {
            let byte = bytes[index]
            if inString {
                if byte == UInt8(ascii: "\\") { index += 1 } else if byte == UInt8(ascii: "\"") { inString = false }
            } else if byte == UInt8(ascii: "\"") {
                inString = true
            } else if byte == UInt8(ascii: "{") {
                depth += 1
            } else if byte == UInt8(ascii: "}") {
                depth -= 1
                if depth == 0 { return index }
            }
            index += 1
        }
        return nil
    }
}
