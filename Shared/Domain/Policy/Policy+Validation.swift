import Foundation

extension Policy {
    /// Checks every rule a usable policy must satisfy; the first violation is thrown with its JSON path.
    public func validate() throws(PolicyError) {
        try PolicyChecks.require(version == Policy.supportedVersion, "version",
                                 "unsupported policy version \(version); this reader knows \(Policy.supportedVersion)")
        try scoring.validate(reportingCurrency: reportingCurrency)
        try monitoring.validate()
        try dunning.validate(reportingCurrency: reportingCurrency)
        try claims.validate(reportingCurrency: reportingCurrency)
        if let timeZone {
            try PolicyChecks.require(TimeZone(identifier: timeZone) != nil, "timeZone",
                                     "\"\(timeZone)\" is not an IANA time zone name (e.g. \"UTC\", \"Europe/Paris\")")
        }
        for (code, rate) in (exchangeRates ?? [:]).sorted(by: { $0.key < $1.key }) {
            let path = "exchangeRates.\(code)"
            let currency: Currency
            do { currency = try Currency(code: code) } catch {
                throw PolicyError(path: path, message: "\(code) is not an ISO 4217 currency code")
            }
            try PolicyChecks.require(currency != reportingCurrency, path, "the reporting currency \(code) needs no rate")
            try PolicyChecks.require(rate.units > 0, path, "a rate must be positive, found \(rate)")
        }
    }
}

extension MonitoringPolicy {
    func validate() throws(PolicyError) {
        let path = "monitoring"
        try PolicyChecks.require(!agingBuckets.isEmpty, "\(path).agingBuckets", "must have at least one bucket")
        for (index, bucket) in agingBuckets.enumerated() {
            let isLast = index == agingBuckets.count - 1
            try PolicyChecks.require((bucket.maximumDaysPastDue == nil) == isLast,
                                     "\(path).agingBuckets[\(index)].maximumDaysPastDue",
                                     isLast ? "the last bucket must have no upper end" : "only the last bucket may have no upper end")
        }
        try PolicyChecks.increasing(agingBuckets.compactMap(\.maximumDaysPastDue),
                                    { "\(path).agingBuckets[\($0)].maximumDaysPastDue" }, what: "bucket end")
        try PolicyChecks.require((1...12).contains(kpiPeriodMonths), "\(path).kpiPeriodMonths",
                                 "must be between 1 and 12, found \(kpiPeriodMonths)")
        try PolicyChecks.require(!overdueAlertDays.isEmpty, "\(path).overdueAlertDays", "must not be empty")
        try PolicyChecks.positive(overdueAlertDays[0], "\(path).overdueAlertDays[0]")
        try PolicyChecks.increasing(overdueAlertDays, { "\(path).overdueAlertDays[\($0)]" }, what: "day")
        try PolicyChecks.fraction(concentrationShare, "\(path).concentrationShare")
    }
}

extension DunningPolicy {
    func validate(reportingCurrency: Currency) throws(PolicyError) {
        let path = "dunning"
        try PolicyChecks.require(!levels.isEmpty, "\(path).levels", "must have at least one level")
        for (index, level) in levels.enumerated() {
            let at = "\(path).levels[\(index)]"
            try PolicyChecks.require(level.level == index, "\(at).level", "levels must be numbered 0, 1, 2, … in order; expected \(index), found \(level.level)")
            if index > 0, let previousEnd = levels[index - 1].toDaysPastDue {
                try PolicyChecks.require(level.fromDaysPastDue == previousEnd + 1, "\(at).fromDaysPastDue",
                                         "must be \(previousEnd + 1), the day after the previous level ends; found \(level.fromDaysPastDue)")
            }
            let isLast = index == levels.count - 1
            try PolicyChecks.require((level.toDaysPastDue == nil) == isLast, "\(at).toDaysPastDue",
                                     isLast ? "the last level must have no upper end" : "only the last level may have no upper end")
            if let end = level.toDaysPastDue {
                try PolicyChecks.require(end >= level.fromDaysPastDue, "\(at).toDaysPastDue",
                                         "must not be before fromDaysPastDue \(level.fromDaysPastDue), found \(end)")
            }
            try PolicyChecks.require(!level.actions.isEmpty, "\(at).actions", "must name at least one action")
            try PolicyChecks.require(!level.channels.isEmpty, "\(at).channels", "must name at least one channel")
        }
        for tier in CustomerTier.allCases {
            let at = "\(path).tiers.\(tier.rawValue)"
            try PolicyChecks.nonNegative(tiers[tier].graceDays, "\(at).graceDays")
            try PolicyChecks.positive(tiers[tier].repeatReminderDay, "\(at).repeatReminderDay")
            try PolicyChecks.nonNegative(tiers[tier].escalationDelayDays, "\(at).escalationDelayDays")
        }
        try PolicyChecks.require(interest.referenceRatePercent.isFinite, "\(path).interest.referenceRatePercent", "must be a number")
        try PolicyChecks.nonNegative(interest.marginPercentagePoints, "\(path).interest.marginPercentagePoints")
        try PolicyChecks.require([360, 365, 366].contains(interest.dayCountBasis), "\(path).interest.dayCountBasis",
                                 "must be 360, 365 or 366, found \(interest.dayCountBasis)")
        try PolicyChecks.nonNegative(interest.compensation, "\(path).interest.compensation")
        try PolicyChecks.nonNegative(minimumAmount, "\(path).minimumAmount")
        try PolicyChecks.inCurrency(minimumAmount, reportingCurrency, "\(path).minimumAmount")
        try PolicyChecks.nonNegative(automaticOnlyUntilDays, "\(path).automaticOnlyUntilDays")
        try PolicyChecks.nonNegative(estimatedCollectionCost, "\(path).estimatedCollectionCost")
        try PolicyChecks.inCurrency(estimatedCollectionCost, reportingCurrency, "\(path).estimatedCollectionCost")
    }
}

extension ClaimsPolicy {
    func validate(reportingCurrency: Currency) throws(PolicyError) {
        let path = "claims"
        try PolicyChecks.fraction(insuredPercentage, "\(path).insuredPercentage")
        try PolicyChecks.positive(maximumExtensionDays, "\(path).maximumExtensionDays")
        try PolicyChecks.positive(notificationDeadlineDays, "\(path).notificationDeadlineDays")
        try PolicyChecks.nonNegative(waitingPeriodDays, "\(path).waitingPeriodDays")
        try PolicyChecks.positive(responseWorkingDays, "\(path).responseWorkingDays")
        try PolicyChecks.positive(fileAfterDaysPastDue, "\(path).fileAfterDaysPastDue")
        try PolicyChecks.nonNegative(aggregateFirstLoss, "\(path).aggregateFirstLoss")
        try PolicyChecks.inCurrency(aggregateFirstLoss, reportingCurrency, "\(path).aggregateFirstLoss")
        try PolicyChecks.require(maximumLiability.amountMinor > 0, "\(path).maximumLiability.amountMinor",
                                 "must be positive, found \(maximumLiability.amountMinor)")
        try PolicyChecks.inCurrency(maximumLiability, reportingCurrency, "\(path).maximumLiability")
        try PolicyChecks.require((1...12).contains(policyYearStartMonth), "\(path).policyYearStartMonth",
                                 "must be a month 1…12, found \(policyYearStartMonth)")
    }
}
