extension ScoringPolicy {
    func validate(reportingCurrency: Currency) throws(PolicyError) {
        let path = "scoring"
        let weightList = [("financialStrength", weights.financialStrength), ("paymentBehaviour", weights.paymentBehaviour),
                          ("countryIndustry", weights.countryIndustry), ("events", weights.events)]
        for (name, weight) in weightList { try PolicyChecks.fraction(weight, "\(path).weights.\(name)") }
        let sum = weightList.reduce(0) { $0 + $1.1 }
        try PolicyChecks.require(abs(sum - 1) < 1e-9, "\(path).weights", "must sum to 1, found \(sum)")

        try PolicyChecks.positive(paydex.lookbackMonths, "\(path).paydex.lookbackMonths")
        try PolicyChecks.require(paydex.points.count >= 2, "\(path).paydex.points", "needs at least two points")
        try PolicyChecks.increasing(paydex.points.map(\.daysBeyondTerms),
                                    { "\(path).paydex.points[\($0)].daysBeyondTerms" }, what: "daysBeyondTerms")
        for (index, point) in paydex.points.enumerated() {
            let at = "\(path).paydex.points[\(index)].points"
            try PolicyChecks.require((1...100).contains(point.points), at, "must be between 1 and 100, found \(point.points)")
            if index > 0 {
                try PolicyChecks.require(point.points <= paydex.points[index - 1].points, at,
                                         "must not exceed the previous point's \(paydex.points[index - 1].points), found \(point.points)")
            }
        }
        try PolicyChecks.require(altman.distressBelow <= altman.safeAbove, "\(path).altman.safeAbove",
                                 "must not be below distressBelow \(altman.distressBelow), found \(altman.safeAbove)")

        try PolicyChecks.require(grade.minimum >= 1, "\(path).grade.minimum", "must be at least 1, found \(grade.minimum)")
        try PolicyChecks.require(grade.maximum >= grade.minimum, "\(path).grade.maximum",
                                 "must not be below the minimum \(grade.minimum), found \(grade.maximum)")
        try PolicyChecks.positive(grade.scoreDivisor, "\(path).grade.scoreDivisor")
        try PolicyChecks.require((grade.minimum...grade.maximum).contains(grade.insolvencyGrade), "\(path).grade.insolvencyGrade",
                                 "must be a grade \(grade.minimum)…\(grade.maximum), found \(grade.insolvencyGrade)")
        if let best = grade.bestGradeWithoutStatement {
            try PolicyChecks.require((grade.minimum...grade.maximum).contains(best), "\(path).grade.bestGradeWithoutStatement",
                                     "must be a grade \(grade.minimum)…\(grade.maximum), found \(best)")
        }
        if let bands = grade.probabilityOfDefaultBands {
            let at = "\(path).grade.probabilityOfDefaultBands"
            for (index, cutOff) in bands.enumerated() {
                try PolicyChecks.require(cutOff.isFinite && cutOff > 0 && cutOff <= 1, "\(at)[\(index)]",
                                         "must be a probability above 0 and at most 1, found \(cutOff)")
                if index > 0 {
                    try PolicyChecks.require(cutOff > bands[index - 1], "\(at)[\(index)]",
                                             "must be greater than the previous cut-off \(bands[index - 1]), found \(cutOff)")
                }
            }
            try PolicyChecks.require(!bands.isEmpty && grade.minimum + bands.count < grade.insolvencyGrade, at,
                                     "needs 1…\(grade.insolvencyGrade - grade.minimum - 1) cut-offs so that the worst band stays better than the insolvency grade \(grade.insolvencyGrade), found \(bands.count)")
        }

        var nextGrade = grade.minimum
        for (index, range) in classes.enumerated() {
            let at = "\(path).classes[\(index)]"
            try PolicyChecks.require(range.minimumGrade == nextGrade, "\(at).minimumGrade",
                                     "must be \(nextGrade) so that classes cover the grades without gaps, found \(range.minimumGrade)")
            try PolicyChecks.require(range.maximumGrade >= range.minimumGrade, "\(at).maximumGrade",
                                     "must not be below minimumGrade \(range.minimumGrade), found \(range.maximumGrade)")
            nextGrade = range.maximumGrade + 1
        }
        try PolicyChecks.require(nextGrade == grade.maximum + 1, "\(path).classes",
                                 "must cover grades \(grade.minimum)…\(grade.maximum), ends at \(nextGrade - 1)")

        for creditClass in CreditClass.allCases {
            let at = "\(path).terms.\(creditClass.rawValue)"
            let classTerms = terms[creditClass]
            try PolicyChecks.fraction(classTerms.prepaymentShare, "\(at).prepaymentShare")
            if let discount = classTerms.prepaymentDiscount { try PolicyChecks.fraction(discount, "\(at).prepaymentDiscount") }
            if let days = classTerms.openAccountDays { try PolicyChecks.nonNegative(days, "\(at).openAccountDays") }
            try PolicyChecks.nonNegative(limit.classCaps[creditClass], "\(path).limit.classCaps.\(creditClass.rawValue)")
            try PolicyChecks.inCurrency(limit.classCaps[creditClass], reportingCurrency,
                                        "\(path).limit.classCaps.\(creditClass.rawValue)")
        }

        try PolicyChecks.fraction(limit.bookEquityShare, "\(path).limit.bookEquityShare")
        let gradeCount = grade.maximum - grade.minimum + 1
        try PolicyChecks.require(limit.gradeFactors.count == gradeCount, "\(path).limit.gradeFactors",
                                 "must have one factor per grade (\(gradeCount)), found \(limit.gradeFactors.count)")
        for (index, factor) in limit.gradeFactors.enumerated() {
            let at = "\(path).limit.gradeFactors[\(index)]"
            try PolicyChecks.nonNegative(factor, at)
            if index > 0 {
                try PolicyChecks.require(factor <= limit.gradeFactors[index - 1], at,
                                         "must not exceed the previous grade's factor \(limit.gradeFactors[index - 1]), found \(factor)")
            }
        }
        try PolicyChecks.nonNegative(limit.unratedLimit, "\(path).limit.unratedLimit")
        try PolicyChecks.inCurrency(limit.unratedLimit, reportingCurrency, "\(path).limit.unratedLimit")

        let triggers = "\(path).reviewTriggers"
        try PolicyChecks.positive(reviewTriggers.orderSurgeRatio, "\(triggers).orderSurgeRatio")
        try PolicyChecks.positive(reviewTriggers.averageOrderLookbackMonths, "\(triggers).averageOrderLookbackMonths")
        try PolicyChecks.fraction(reviewTriggers.paymentSlowdownShare, "\(triggers).paymentSlowdownShare")
        try PolicyChecks.positive(reviewTriggers.paymentSlowdownComparisonDays, "\(triggers).paymentSlowdownComparisonDays")
        try PolicyChecks.fraction(reviewTriggers.overdueShareOfLimit, "\(triggers).overdueShareOfLimit")
        try PolicyChecks.positive(reviewTriggers.periodicReviewDays, "\(triggers).periodicReviewDays")
        try PolicyChecks.positive(reviewTriggers.periodicReviewLargestExposures, "\(triggers).periodicReviewLargestExposures")

        try validateRisk(at: "\(path).risk")
        for (name, penalty) in [("litigation", events.litigation), ("ownershipChange", events.ownershipChange),
                                ("ratingDowngrade", events.ratingDowngrade)] {
            try PolicyChecks.points(penalty, "\(path).events.\(name)")
        }
        try PolicyChecks.positive(events.memoryDays, "\(path).events.memoryDays")
        try validateScorecard(at: "\(path).scorecard")
    }

    private func validateScorecard(at path: String) throws(PolicyError) {
        try PolicyChecks.require(!scorecard.version.isEmpty, "\(path).version", "must not be empty")
        try PolicyChecks.require(scorecard.intercept.isFinite, "\(path).intercept", "must be finite")
        try PolicyChecks.require(scorecard.anchorProbability > 0 && scorecard.anchorProbability < 1,
                                 "\(path).anchorProbability", "must be between 0 and 1 exclusive, found \(scorecard.anchorProbability)")
        try PolicyChecks.points(scorecard.anchorPoints, "\(path).anchorPoints")
        try PolicyChecks.require(scorecard.pointsToDoubleOdds > 0, "\(path).pointsToDoubleOdds",
                                 "must be positive, found \(scorecard.pointsToDoubleOdds)")
        var seen: Set<String> = []
        for (index, feature) in scorecard.features.enumerated() {
            let at = "\(path).features[\(index)]"
            try PolicyChecks.require(seen.insert(feature.ratio).inserted, "\(at).ratio", "\(feature.ratio) appears twice")
            for (name, value) in [("median", feature.median), ("lower", feature.lower), ("upper", feature.upper),
                                  ("mean", feature.mean), ("coefficient", feature.coefficient)] {
                try PolicyChecks.require(value.isFinite, "\(at).\(name)", "must be finite")
            }
            try PolicyChecks.require(feature.lower <= feature.upper, "\(at).upper",
                                     "must not be below lower \(feature.lower), found \(feature.upper)")
            try PolicyChecks.require(feature.standardDeviation.isFinite && feature.standardDeviation > 0,
                                     "\(at).standardDeviation", "must be positive, found \(feature.standardDeviation)")
        }
        for (ratio, direction) in scorecard.monotoneConstraints ?? [:] {
            try PolicyChecks.require([-1, 1].contains(direction), "\(path).monotoneConstraints.\(ratio)",
                                     "must be 1 or -1, found \(direction)")
        }
        if let boosted = scorecard.boosted { try validateBoosted(boosted, at: "\(path).boosted") }
        if let boosted = scorecard.boostedRequiredFields { try validateBoosted(boosted, at: "\(path).boostedRequiredFields") }
    }

    private func validateBoosted(_ model: BoostedScorecardModel, at path: String) throws(PolicyError) {
        try PolicyChecks.require(!model.version.isEmpty, "\(path).version", "must not be empty")
        try PolicyChecks.require(model.intercept.isFinite, "\(path).intercept", "must be finite")
        var seen: Set<String> = []
        for (index, shape) in model.shapes.enumerated() {
            let at = "\(path).shapes[\(index)]"
            try PolicyChecks.require(seen.insert(shape.ratio).inserted, "\(at).ratio", "\(shape.ratio) appears twice")
            try PolicyChecks.require(shape.contributions.count == shape.thresholds.count + 1, "\(at).contributions",
                                     "must have one entry more than thresholds (\(shape.thresholds.count)), found \(shape.contributions.count)")
            try PolicyChecks.require(shape.shares.count == shape.contributions.count, "\(at).shares",
                                     "must have one entry per bin (\(shape.contributions.count)), found \(shape.shares.count)")
            try PolicyChecks.require(zip(shape.thresholds, shape.thresholds.dropFirst()).allSatisfy { $0 < $1 }
                                     && shape.thresholds.allSatisfy(\.isFinite), "\(at).thresholds", "must be finite and ascending")
            try PolicyChecks.require((shape.contributions + [shape.missingContribution]).allSatisfy(\.isFinite),
                                     "\(at).contributions", "must be finite")
        }
        let calibration = model.calibration
        try PolicyChecks.require(calibration.floor > 0 && calibration.floor < 0.5, "\(path).calibration.floor",
                                 "must be between 0 and 0.5 exclusive, found \(calibration.floor)")
        switch calibration.method {
        case "platt":
            try PolicyChecks.require(calibration.slope?.isFinite == true && calibration.intercept?.isFinite == true,
                                     "\(path).calibration", "platt needs a finite slope and intercept")
        case "isotonic":
            let xs = calibration.logOdds ?? [], ys = calibration.probabilities ?? []
            try PolicyChecks.require(!xs.isEmpty && xs.count == ys.count, "\(path).calibration.probabilities",
                                     "isotonic needs one probability per log-odds point")
            try PolicyChecks.require(zip(xs, xs.dropFirst()).allSatisfy { $0 < $1 }, "\(path).calibration.logOdds",
                                     "must be ascending")
            try PolicyChecks.require(zip(ys, ys.dropFirst()).allSatisfy { $0 <= $1 } && ys.allSatisfy { $0 >= 0 && $0 <= 1 },
                                     "\(path).calibration.probabilities", "must be non-decreasing probabilities")
        default:
            throw PolicyError(path: "\(path).calibration.method", message: "must be isotonic or platt, found \(calibration.method)")
        }
    }

    private func validateRisk(at path: String) throws(PolicyError) {
        for (country, level) in risk.countryRisk.sorted(by: { $0.key < $1.key }) {
            try PolicyChecks.require(BuyerProfile.isCountryCode(country), "\(path).countryRisk.\(country)",
                                     "must be keyed by an ISO 3166-1 alpha-2 code")
            try PolicyChecks.require((1...4).contains(level), "\(path).countryRisk.\(country)",
                                     "must be a risk level 1…4, found \(level)")
        }
        try PolicyChecks.require((1...4).contains(risk.defaultCountryRisk), "\(path).defaultCountryRisk",
                                 "must be a risk level 1…4, found \(risk.defaultCountryRisk)")
        try PolicyChecks.require(risk.countryPoints.count == 4, "\(path).countryPoints",
                                 "must have points for levels 1…4, found \(risk.countryPoints.count) entries")
        for (index, points) in risk.countryPoints.enumerated() {
            try PolicyChecks.points(points, "\(path).countryPoints[\(index)]")
            if index > 0 {
                try PolicyChecks.require(points <= risk.countryPoints[index - 1], "\(path).countryPoints[\(index)]",
                                         "riskier levels must not earn more points; found \(points) after \(risk.countryPoints[index - 1])")
            }
        }
        let industry = risk.industryPoints
        let industryList = [("low", industry.low), ("medium", industry.medium), ("high", industry.high), ("veryHigh", industry.veryHigh)]
        for (index, (name, points)) in industryList.enumerated() {
            try PolicyChecks.points(points, "\(path).industryPoints.\(name)")
            if index > 0 {
                try PolicyChecks.require(points <= industryList[index - 1].1, "\(path).industryPoints.\(name)",
                                         "riskier levels must not earn more points; found \(points) after \(industryList[index - 1].1)")
            }
        }
        try PolicyChecks.fraction(risk.countryShare, "\(path).countryShare")
    }
}
