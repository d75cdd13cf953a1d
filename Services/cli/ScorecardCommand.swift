import ArgumentParser
import Domain
import Foundation
import Scoring

/// `credence scorecard fit|evaluate`: calibrates the financial-strength scorecard on UCI Polish bankruptcy data
/// and measures it with the scoring service's own code path.
struct ScorecardCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "scorecard",
        abstract: "Fit or evaluate the financial-strength scorecard on a UCI Polish bankruptcy ARFF file.",
        subcommands: [Fit.self, Evaluate.self]
    )

    /// `credence scorecard fit --data FILE`: cross-validates, fits on all firms, writes the policy file.
    struct Fit: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Cross-validate and fit the scorecard, write it into the policy file, print both AUCs."
        )

        @Option(help: "The ARFF file, e.g. ../shared/data/polish-bankruptcy-1year.arff.")
        var data: String

        @Option(help: "The policy file whose scoring.scorecard member is replaced.")
        var policy = "policy/default.json"

        @Option(help: "Folds of the stratified cross-validation (fixed seed).")
        var folds = 5

        @Option(help: "Also write the fitted scorecard as Policy.defaults' Swift source to this path (e.g. Shared/Domain/Policy/Policy+DefaultScorecard.swift).")
        var swiftDefaults: String?

        @Option(help: "Also draw the boosted model's shape functions as an SVG at this path (e.g. docs/scorecard-shapes.svg).")
        var charts: String?

        func validate() throws {
            guard folds >= 2 else { throw ValidationError("--folds must be at least 2, found \(folds)") }
        }

        func run() throws {
            let started = ContinuousClock.now
            let report = try ScorecardTool.fit(data: URL(fileURLWithPath: data), policy: URL(fileURLWithPath: policy), folds: folds)
            let boosted = report.model.boosted
            print("firms \(report.firms), bankrupt \(report.bankruptFirms), \(report.folds)-fold stratified cross-validation (out of fold)")
            print("boosted scorecard   cross-validated AUC \(Self.format(report.crossValidatedAUC))   in-sample \(Self.format(report.inSampleAUC))")
            print("logistic baseline   cross-validated AUC \(Self.format(report.baselineCrossValidatedAUC))   in-sample \(Self.format(report.baselineInSampleAUC))")
            print("required fields only: full boosted model on its missing bins, cross-validated AUC \(Self.format(report.reducedInputAUC));"
                + " required-fields model \(Self.format(report.requiredFieldsAUC))")
            print("Altman Z'' AUC      \(Self.format(report.altmanZDoublePrimeAUC))")
            print("boosting rounds: folds \(report.foldRounds.map(String.init).joined(separator: ", ")); final \(report.rounds)")
            print("calibration (cross-validated Brier): isotonic \(Self.format(report.isotonicBrier, digits: 5)), platt \(Self.format(report.plattBrier, digits: 5))"
                + " -> \(boosted?.calibration.method ?? "none")")
            print("reliability (chosen calibration, out of fold):")
            print("  firms  predicted PD range      mean predicted  observed")
            for band in report.reliability {
                print("  " + [String(band.firms).padding(toLength: 5, withPad: " ", startingAt: 0),
                              "\(Self.percent(band.lowestPredicted)) … \(Self.percent(band.highestPredicted))".padding(toLength: 22, withPad: " ", startingAt: 0),
                              Self.percent(band.meanPredicted).padding(toLength: 15, withPad: " ", startingAt: 0),
                              Self.percent(band.observedRate)].joined(separator: "  "))
            }
            if let charts, let boosted {
                try Data(ScorecardTool.shapeChart(boosted).utf8).write(to: URL(fileURLWithPath: charts), options: .atomic)
                print("shape functions drawn in \(charts)")
            }
            if let swiftDefaults {
                try Data(ScorecardTool.swiftDefaults(report.model).utf8).write(to: URL(fileURLWithPath: swiftDefaults), options: .atomic)
                print("Swift defaults written to \(swiftDefaults)")
            }
            print("model \(report.model.version) written to \(policy) (\(started.duration(to: .now).formatted(.units(allowed: [.seconds], fractionalPart: .show(length: 1)))))")
        }

        static func percent(_ value: Double) -> String { String(format: "%.2f %%", value * 100) }

        static func format(_ value: Double, digits: Int = 4) -> String { String(format: "%.\(digits)f", value) }
    }

    /// `credence scorecard evaluate --data FILE`: scores every firm through the scoring processor, prints the AUC.
    struct Evaluate: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Score every firm of a UCI Polish ARFF file with the current policy and print `AUC <value>`."
        )

        @Option(help: "The ARFF file to score.")
        var data: String

        @Option(help: "The policy file (default: policy/default.json when present, else the built-in defaults).")
        var policy: String?

        func run() throws {
            let path = policy ?? (FileManager.default.fileExists(atPath: "policy/default.json") ? "policy/default.json" : nil)
            let loaded = try path.map { try Policy.load(from: URL(fileURLWithPath: $0)) } ?? Policy.defaults
            let auc = try ScorecardTool.evaluate(data: URL(fileURLWithPath: data), policy: loaded)
            print("AUC \(Fit.format(auc))")
        }
    }
}
