import Foundation
import Testing
@testable import Domain

/// The boosted scorecard in the policy file: the published one is valid, and a malformed one is refused with the
/// path of the offending field.
@Suite struct BoostedScorecardPolicyTests {
    static func refusal(_ mutate: (inout Policy) -> Void) throws -> PolicyError? {
        var policy = Policy.defaults
        mutate(&policy)
        let data = try JSONEncoder().encode(policy)
        do {
            _ = try Policy.decode(data)
            return nil
        } catch {
            return error
        }
    }

    @Test func thePublishedPolicyCarriesBothBoostedModelsAndTheirConstraints() throws {
        let scorecard = Policy.defaults.scoring.scorecard
        let full = try #require(scorecard.boosted), required = try #require(scorecard.boostedRequiredFields)
        #expect(full.shapes.count == 64 && required.shapes.count == 18)
        #expect(full.crossValidatedAUC >= 0.90 && (full.baselineCrossValidatedAUC ?? 1) < full.crossValidatedAUC)
        #expect(scorecard.monotoneConstraints == ["X1": -1, "X2": 1, "X3": -1, "X6": -1, "X7": -1, "X10": -1])
        for shape in full.shapes {
            #expect(shape.contributions.count == shape.thresholds.count + 1 && shape.shares.count == shape.contributions.count)
            #expect(abs(shape.shares.reduce(shape.missingShare, +) - 1) < 1e-9)
        }
    }

    @Test func aMalformedBoostedModelIsRefusedWithItsPath() throws {
        #expect(try Self.refusal { $0.scoring.scorecard.boosted?.shapes[0].contributions.append(0) }?.path
                == "scoring.scorecard.boosted.shapes[0].contributions")
        let stepped = try #require(Policy.defaults.scoring.scorecard.boosted?.shapes.firstIndex { $0.thresholds.count >= 2 })
        #expect(try Self.refusal { $0.scoring.scorecard.boosted?.shapes[stepped].thresholds.reverse() }?.path
                == "scoring.scorecard.boosted.shapes[\(stepped)].thresholds")
        #expect(try Self.refusal { $0.scoring.scorecard.boosted?.calibration.method = "magic" }?.path
                == "scoring.scorecard.boosted.calibration.method")
        #expect(try Self.refusal { $0.scoring.scorecard.boostedRequiredFields?.calibration.floor = 0 }?.path
                == "scoring.scorecard.boostedRequiredFields.calibration.floor")
        #expect(try Self.refusal { $0.scoring.scorecard.monotoneConstraints?["X1"] = 2 }?.path
                == "scoring.scorecard.monotoneConstraints.X1")
        #expect(try Self.refusal { _ in } == nil)
    }

    @Test func theCalibrationInterpolatesBetweenBlocksAndKeepsWithinItsFloor() {
        let isotonic = DefaultProbabilityCalibration(method: "isotonic", logOdds: [-4, -2, 0], probabilities: [0, 0.1, 0.5],
                                                     floor: 0.001)
        #expect(isotonic.probability(-10) == 0.001 && abs(isotonic.probability(-3) - 0.05) < 1e-15)
        #expect(abs(isotonic.probability(-1) - 0.3) < 1e-15)
        #expect(isotonic.probability(5) == 0.5 && isotonic.probability(.nan) == 0.999)
        let platt = DefaultProbabilityCalibration(method: "platt", slope: 1, intercept: 0, floor: 0.001)
        #expect(platt.probability(0) == 0.5 && platt.probability(-100) == 0.001)
    }
}
