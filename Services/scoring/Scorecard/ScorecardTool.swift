import Domain
import Foundation
import Runtime

/// What `credence scorecard fit` reports.
public struct ScorecardFitReport: Sendable, Hashable {
    /// Firms read from the file (none is dropped).
    public var firms: Int
    public var bankruptFirms: Int
    public var folds: Int
    /// The AUC of the boosted model's out-of-fold log-odds under stratified `folds`-fold cross-validation (fixed seed).
    public var crossValidatedAUC: Double
    /// The same for the logistic baseline.
    public var baselineCrossValidatedAUC: Double
    /// The boosted model's out-of-fold AUC when each held-out firm gives only today's required statement fields.
    public var reducedInputAUC: Double
    /// The out-of-fold AUC of the required-fields model (the boosted learner on the ratios of the required fields alone).
    public var requiredFieldsAUC: Double
    /// The AUC of Altman Z″ alone on the same firms (lower Z″ = riskier; a firm without Z″ gets the median).
    public var altmanZDoublePrimeAUC: Double
    /// The AUC of the final boosted model on the firms it was fitted on (optimistic; for comparison only).
    public var inSampleAUC: Double
    /// The same for the logistic baseline.
    public var baselineInSampleAUC: Double
    /// Brier scores of the cross-validated isotonic and Platt calibrations of the out-of-fold log-odds.
    public var isotonicBrier: Double
    public var plattBrier: Double
    /// The reliability table of the chosen calibration (cross-validated), lowest probabilities first.
    public var reliability: [ReliabilityBand]
    /// Boosting rounds chosen by early stopping in each fold, and for the final model.
    public var foldRounds: [Int]
    public var rounds: Int
    /// The scorecard written into the policy file: the logistic baseline with the boosted model in `boosted`.
    public var model: ScorecardModel
}

/// One band of a reliability table: its firms, their mean predicted probability of default and their default rate.
public struct ReliabilityBand: Sendable, Hashable {
    public var firms: Int
    /// The mean probability of default predicted for the band's firms.
    public var meanPredicted: Double
    public var observedRate: Double
    public var lowestPredicted: Double
    public var highestPredicted: Double
}

/// The library behind `credence scorecard fit` and `credence scorecard evaluate`.
public enum ScorecardTool {
    /// The period end and assessment time given to the firms of a file (the UCI data carries no dates).
    static let evaluationDate = try! CalendarDate("2024-12-31")

    /// Cross-validates the boosted scorecard and its logistic baseline on the UCI Polish file `data`, calibrates the
    /// boosted model's out-of-fold log-odds, fits both on all firms, writes them into the policy file at `policy`
    /// (only its `scoring.scorecard` member changes) and reports the AUCs, Brier scores and the reliability table.
    public static func fit(data: URL, policy: URL, folds: Int = 5) throws -> ScorecardFitReport {
        precondition(folds >= 2, "cross-validation needs at least two folds")
        let current = try Policy.load(from: policy)
        let firms = try PolishFirm.load(data)
        let statements = firms.enumerated().map { index, firm in
            firm.statement(buyerId: BuyerId("firm-\(index + 1)"), periodEnd: evaluationDate)
        }
        let names = ScorecardFitter.featureNames
        let rows = statements.map { StatementRatios.values(names, in: $0) }
        let labels = firms.map(\.bankrupt)
        let assignment = StratifiedFolds.assign(labels: labels, folds: folds, seed: ScorecardFitter.foldSeed)
        func auc(_ scores: [Double]) -> Double { ROC.auc(scores: scores, positives: labels) ?? .nan }

        let template = current.scoring.scorecard
        let fitter = ScorecardFitter()
        let baselineOutOfFold = fitter.crossValidatedLogOdds(rows: rows, labels: labels, folds: folds, template: template)
        var model = fitter.fit(rows: rows, labels: labels, template: template)
        let baselineInSample = rows.map { Scorecard(model).logOdds($0) }

        let monotone = template.monotoneConstraints ?? [:]
        let boostedFitter = BoostedScorecardFitter()
        let crossValidation = boostedFitter.crossValidate(rows: rows, labels: labels, names: names, folds: assignment,
                                                          monotone: monotone)
        let choice = ProbabilityCalibrator.choose(scores: crossValidation.logOdds, labels: labels, folds: assignment)
        var (boosted, rounds) = boostedFitter.fit(rows: rows, labels: labels, names: names, monotone: monotone,
                                                  calibration: choice.calibration)
        let inSample = rows.map { BoostedScorecard(boosted).logOdds($0) }

        // The required-fields model: the same learner on the ratios the required statement fields define.
        let requiredNames = StatementRatios.amountRatioNames
        let requiredColumns = requiredNames.map { name in names.firstIndex(of: name)! }
        let requiredRows = rows.map { row in requiredColumns.map { row[$0] } }
        let requiredValidation = boostedFitter.crossValidate(rows: requiredRows, labels: labels, names: requiredNames,
                                                             folds: assignment, monotone: monotone)
        let requiredChoice = ProbabilityCalibrator.choose(scores: requiredValidation.logOdds, labels: labels, folds: assignment)
        var (required, _) = boostedFitter.fit(rows: requiredRows, labels: labels, names: requiredNames, monotone: monotone,
                                              calibration: requiredChoice.calibration)
        required.crossValidatedAUC = Self.rounded(auc(requiredValidation.logOdds))
        required.trainingAUC = Self.rounded(auc(requiredRows.map { BoostedScorecard(required).logOdds($0) }))
        required.version = BoostedScorecardFitter.version(of: required)
        model.boostedRequiredFields = required
        boosted.crossValidatedAUC = Self.rounded(auc(crossValidation.logOdds))
        boosted.trainingAUC = Self.rounded(auc(inSample))
        boosted.baselineCrossValidatedAUC = Self.rounded(auc(baselineOutOfFold))
        boosted.version = BoostedScorecardFitter.version(of: boosted)
        model.boosted = boosted
        model.monotoneConstraints = template.monotoneConstraints
        model.version = boosted.version

        let altman = statements.map { AltmanZDoublePrime.score($0) }
        let present = altman.compactMap { $0 }.sorted()
        let medianZ = FeaturePreparation.percentile(present, 0.5)
        let altmanRisk = altman.map { -($0 ?? medianZ) }

        let text = String(decoding: try Data(contentsOf: policy), as: UTF8.self)
        try Data(PolicyFileScorecard.replacing(in: text, with: model).utf8).write(to: policy, options: .atomic)

        return ScorecardFitReport(
            firms: firms.count, bankruptFirms: labels.filter { $0 }.count, folds: folds,
            crossValidatedAUC: auc(crossValidation.logOdds), baselineCrossValidatedAUC: auc(baselineOutOfFold),
            reducedInputAUC: auc(crossValidation.reducedInputLogOdds), requiredFieldsAUC: auc(requiredValidation.logOdds),
            altmanZDoublePrimeAUC: auc(altmanRisk),
            inSampleAUC: auc(inSample), baselineInSampleAUC: auc(baselineInSample),
            isotonicBrier: choice.isotonicBrier, plattBrier: choice.plattBrier,
            reliability: choice.reliability,
            foldRounds: crossValidation.rounds, rounds: rounds, model: model)
    }

    /// `model` as the Swift source of `Policy.defaults`' scorecard.
    public static func swiftDefaults(_ model: ScorecardModel) -> String { PolicyFileScorecard.swiftDefaults(model) }

    /// `model`'s shape functions as one SVG of small multiples (the model card's chart).
    public static func shapeChart(_ model: BoostedScorecardModel) -> String { ShapeChart.svg(model) }

    /// An AUC as the policy file keeps it: four decimals.
    static func rounded(_ value: Double) -> Double { (value * 10_000).rounded() / 10_000 }

    /// The AUC of `policy`'s scorecard on the UCI Polish file `data`, through the service's own path: each firm
    /// becomes a `FinancialStatement` event that is encoded and decoded with the stage codec (as the runtime
    /// does with a record), processed by `ScoringProcessor` as a new buyer, and its probability of default read
    /// from the `CreditAssessment` the processor publishes.
    public static func evaluate(data: URL, policy: Policy) throws -> Double {
        let firms = try PolishFirm.load(data)
        let processor = ScoringProcessor(policy: policy)
        let now = Timestamp(date: evaluationDate, hour: 12)
        var probabilities: [Double] = []
        probabilities.reserveCapacity(firms.count)
        for (index, firm) in firms.enumerated() {
            let buyer = BuyerId("firm-\(index + 1)")
            // The file gives ratios, not amounts: its statements are written in the reporting currency, which scoring
            // reads without a rate.
            let input = EventEnvelope(id: "firm-\(index + 1)", source: "uci/polish-bankruptcy", time: now,
                                      event: .financialStatement(firm.statement(buyerId: buyer, periodEnd: evaluationDate,
                                                                                 currency: policy.reportingCurrency)))
            let encoded = try EventCodec.encode(input)
            let decoded = try EventCodec.decode(headers: encoded.headers, value: encoded.value)
            let context = ProcessingContext(now: now.date, key: buyer.rawValue,
                                            causeID: EventStageIdentity.inputID(decoded), partition: 0)
            let outcome = processor.process(state: nil, input: decoded, context: context)
            if let rejection = outcome.rejection { throw rejection }
            guard let record = outcome.outputs.first(where: { $0.topic == TopicCatalog.creditAssessments }) else {
                throw EventRejection(code: .invalidValue, field: "", message: "firm \(index + 1) got no assessment")
            }
            let output = try record.envelope()
            guard case .creditAssessment(let assessment) = output.event, let probability = assessment.probabilityOfDefault else {
                throw EventRejection(code: .missingField, field: "probabilityOfDefault", message: "firm \(index + 1)")
            }
            probabilities.append(probability)
        }
        guard let auc = ROC.auc(scores: probabilities, positives: firms.map(\.bankrupt)) else {
            throw ARFFError(line: 0, message: "\(data.lastPathComponent) needs both bankrupt and surviving firms for an AUC")
        }
        return auc
    }
}
