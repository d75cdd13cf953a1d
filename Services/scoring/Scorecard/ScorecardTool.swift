import Domain
import Foundation
import Runtime

/// What `credence scorecard fit` reports.
public struct ScorecardFitReport: Sendable, Hashable, Codable {
    /// Firms read from the file (none is dropped).
    public var firms: Int
    public var bankruptFirms: Int
    public var folds: Int
    /// The AUC of the out-of-fold probabilities of stratified `folds`-fold cross-validation (fixed seed).
    public var crossValidatedAUC: Double
    /// The AUC of Altman Z″ alone on the same firms (lower Z″ = riskier; a firm without Z″ gets the median).
    public var altmanZDoublePrimeAUC: Double
    /// The AUC of the final model on the firms it was fitted on (optimistic; for comparison only).
    public var inSampleAUC: Double
    /// The model fitted on all firms and written into the policy file.
    public var model: ScorecardModel
}

/// The library behind `credence scorecard fit` and `credence scorecard evaluate`.
public enum ScorecardTool {
    /// The period end and assessment time given to the firms of a file (the UCI data carries no dates).
    static let evaluationDate = try! CalendarDate("2024-12-31")

    /// Cross-validates the scorecard on the UCI Polish file `data`, fits it on all firms, writes it into the
    /// policy file at `policy` (only its `scoring.scorecard` member changes) and reports the AUCs.
    public static func fit(data: URL, policy: URL, folds: Int = 5) throws -> ScorecardFitReport {
        precondition(folds >= 2, "cross-validation needs at least two folds")
        let current = try Policy.load(from: policy)
        let firms = try PolishFirm.load(data)
        let statements = firms.enumerated().map { index, firm in
            firm.statement(buyerId: BuyerId("firm-\(index + 1)"), periodEnd: evaluationDate)
        }
        let rows = statements.map { StatementRatios.values(ScorecardFitter.featureNames, in: $0) }
        let labels = firms.map(\.bankrupt)

        let fitter = ScorecardFitter()
        let template = current.scoring.scorecard
        let outOfFold = fitter.crossValidatedLogOdds(rows: rows, labels: labels, folds: folds, template: template)
        let model = fitter.fit(rows: rows, labels: labels, template: template)
        let scorecard = Scorecard(model)
        let inSample = rows.map { scorecard.logOdds($0) }

        let altman = statements.map { AltmanZDoublePrime.score($0) }
        let present = altman.compactMap { $0 }.sorted()
        let medianZ = FeaturePreparation.percentile(present, 0.5)
        let altmanRisk = altman.map { -($0 ?? medianZ) }

        let text = String(decoding: try Data(contentsOf: policy), as: UTF8.self)
        try Data(PolicyFileScorecard.replacing(in: text, with: model).utf8).write(to: policy, options: .atomic)

        return ScorecardFitReport(
            firms: firms.count, bankruptFirms: labels.filter { $0 }.count, folds: folds,
            crossValidatedAUC: ROC.auc(scores: outOfFold, positives: labels) ?? .nan,
            altmanZDoublePrimeAUC: ROC.auc(scores: altmanRisk, positives: labels) ?? .nan,
            inSampleAUC: ROC.auc(scores: inSample, positives: labels) ?? .nan, model: model)
    }

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
