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

        func validate() throws {
            guard folds >= 2 else { throw ValidationError("--folds must be at least 2, found \(folds)") }
        }

        func run() throws {
            let report = try ScorecardTool.fit(data: URL(fileURLWithPath: data), policy: URL(fileURLWithPath: policy), folds: folds)
            print("firms \(report.firms), bankrupt \(report.bankruptFirms), \(report.folds)-fold stratified cross-validation")
            print("cross-validated AUC \(Self.format(report.crossValidatedAUC))")
            print("Altman Z'' AUC      \(Self.format(report.altmanZDoublePrimeAUC))")
            print("in-sample AUC       \(Self.format(report.inSampleAUC))")
            print("model \(report.model.version) written to \(policy)")
        }

        static func format(_ value: Double) -> String { String(format: "%.4f", value) }
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
