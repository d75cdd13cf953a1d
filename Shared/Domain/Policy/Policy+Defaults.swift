extension Policy {
    /// The default policy: the numbers of DOMAIN.md, completed with documented defaults where DOMAIN.md
    /// names a parameter without a number (class caps, first loss, reference rate, risk tables).
    /// `policy/default.json` holds exactly this value.
    public static let defaults = Policy(
        version: 1,
        reportingCurrency: .usd,
        scoring: ScoringPolicy(
            weights: ScoringWeights(financialStrength: 0.40, paymentBehaviour: 0.35, countryIndustry: 0.15, events: 0.10),
            paydex: PaydexPolicy(lookbackMonths: 24, points: [
                PaydexPoint(daysBeyondTerms: -30, points: 100), PaydexPoint(daysBeyondTerms: -20, points: 90),
                PaydexPoint(daysBeyondTerms: 0, points: 80), PaydexPoint(daysBeyondTerms: 15, points: 70),
                PaydexPoint(daysBeyondTerms: 22, points: 60), PaydexPoint(daysBeyondTerms: 30, points: 50),
                PaydexPoint(daysBeyondTerms: 60, points: 40), PaydexPoint(daysBeyondTerms: 90, points: 30),
                PaydexPoint(daysBeyondTerms: 120, points: 20), PaydexPoint(daysBeyondTerms: 180, points: 1),
            ]),
            altman: AltmanZones(distressBelow: 1.10, safeAbove: 2.60),
            grade: GradeFormula(base: 10, scoreDivisor: 10, minimum: 1, maximum: 10, insolvencyGrade: 10,
                                bestGradeWithoutStatement: 5,
                                probabilityOfDefaultBands: [0.001, 0.0025, 0.005, 0.01, 0.02, 0.04, 0.08, 0.20]),
            classes: [
                ClassGrades(creditClass: .a, minimumGrade: 1, maximumGrade: 4),
                ClassGrades(creditClass: .b, minimumGrade: 5, maximumGrade: 6),
                ClassGrades(creditClass: .c, minimumGrade: 7, maximumGrade: 10),
            ],
            terms: TermsByClass(
                a: CreditTerms(openAccountDays: 90, prepaymentShare: 0, prepaymentDiscount: 0.05),
                b: CreditTerms(openAccountDays: nil, prepaymentShare: 0.30, guaranteeRequired: true),
                c: CreditTerms(openAccountDays: nil, prepaymentShare: 1.0, collateralAccepted: true)),
            limit: CreditLimitPolicy(
                bookEquityShare: 0.10,
                gradeFactors: [1.5, 1.3, 1.15, 1.0, 0.8, 0.6, 0.35, 0.2, 0.1, 0],
                classCaps: LimitCaps(a: Money(amountMinor: 500_000_000, currency: .usd),
                                     b: Money(amountMinor: 100_000_000, currency: .usd),
                                     c: Money(amountMinor: 20_000_000, currency: .usd)),
                unratedLimit: Money(amountMinor: 0, currency: .usd),
                insurerLimitCaps: true),
            reviewTriggers: ReviewTriggers(
                orderSurgeRatio: 1.5, averageOrderLookbackMonths: 6, paymentSlowdownShare: 0.20,
                paymentSlowdownComparisonDays: 90, overdueShareOfLimit: 0.10, periodicReviewDays: 90,
                periodicReviewLargestExposures: 20),
            risk: RiskTables(
                countryRisk: defaultCountryRisk, defaultCountryRisk: 3,
                industryRisk: defaultIndustryRisk, defaultIndustryRisk: .medium,
                countryPoints: [100, 70, 40, 10],
                industryPoints: IndustryPoints(low: 100, medium: 70, high: 40, veryHigh: 10),
                countryShare: 0.5),
            events: EventPenalties(litigation: 40, ownershipChange: 25, ratingDowngrade: 20, memoryDays: 365),
            scorecard: defaultScorecard),
        monitoring: MonitoringPolicy(
            agingBuckets: [
                AgingBucketBound(name: "current", maximumDaysPastDue: 0),
                AgingBucketBound(name: "1-30", maximumDaysPastDue: 30),
                AgingBucketBound(name: "31-60", maximumDaysPastDue: 60),
                AgingBucketBound(name: "61-90", maximumDaysPastDue: 90),
                AgingBucketBound(name: "90+", maximumDaysPastDue: nil),
            ],
            kpiPeriodMonths: 3, overdueAlertDays: [1, 15, 31, 61, 91], concentrationShare: 0.20),
        dunning: DunningPolicy(
            levels: [
                DunningLevelPolicy(level: 0, fromDaysPastDue: -3, toDaysPastDue: 0,
                                   actions: [.preDueReminder], channels: [.email]),
                DunningLevelPolicy(level: 1, fromDaysPastDue: 1, toDaysPastDue: 30,
                                   actions: [.reminder], channels: [.email]),
                DunningLevelPolicy(level: 2, fromDaysPastDue: 31, toDaysPastDue: 60,
                                   actions: [.phoneCall, .formalNotice], channels: [.phone, .letter]),
                DunningLevelPolicy(level: 3, fromDaysPastDue: 61, toDaysPastDue: 90,
                                   actions: [.creditHold, .collectionHandover], channels: [.internalTask, .collectionAgency]),
                DunningLevelPolicy(level: 4, fromDaysPastDue: 91, toDaysPastDue: nil,
                                   actions: [.claimTrigger], channels: [.insurer]),
            ],
            tiers: DunningTiers(
                strategic: DunningTierPolicy(graceDays: 5, repeatReminderDay: 15, preDueReminder: true, escalationDelayDays: 15),
                standard: DunningTierPolicy(graceDays: 0, repeatReminderDay: 15, preDueReminder: true, escalationDelayDays: 0),
                new: DunningTierPolicy(graceDays: 0, repeatReminderDay: 15, preDueReminder: true, escalationDelayDays: 0)),
            interest: LatePaymentInterest(referenceRatePercent: 4.50, marginPercentagePoints: 8, dayCountBasis: 365,
                                          compensation: Money(amountMinor: 4_000, currency: .eur)),
            minimumAmount: Money(amountMinor: 1_000_000, currency: .usd),
            automaticOnlyUntilDays: 90,
            estimatedCollectionCost: Money(amountMinor: 50_000, currency: .usd)),
        claims: ClaimsPolicy(
            insuredPercentage: 0.90, maximumExtensionDays: 60, notificationDeadlineDays: 30, waitingPeriodDays: 150,
            responseWorkingDays: 15, fileAfterDaysPastDue: 90,
            aggregateFirstLoss: Money(amountMinor: 2_500_000, currency: .usd),
            maximumLiability: Money(amountMinor: 1_000_000_000, currency: .usd),
            policyYearStartMonth: 1),
        // A seed rate, so that the 40 EUR compensation reaches invoices in the reporting currency out of the box;
        // a seller's treasury keeps these rates current in its own policy file.
        exchangeRates: ["EUR": try! DecimalFactor("1.08")], timeZone: "UTC")

    /// Country risk 1 (low) … 4 (high) of the main trading countries; others get `defaultCountryRisk`.
    static let defaultCountryRisk: [String: Int] = [
        "AT": 1, "AU": 1, "BE": 1, "CA": 1, "CH": 1, "DE": 1, "DK": 1, "FI": 1, "FR": 1, "GB": 1, "IE": 1,
        "JP": 1, "LU": 1, "NL": 1, "NO": 1, "NZ": 1, "SE": 1, "SG": 1, "US": 1,
        "AE": 2, "CL": 2, "CN": 2, "CZ": 2, "EE": 2, "ES": 2, "HK": 2, "HR": 2, "IL": 2, "IT": 2, "KR": 2,
        "LT": 2, "LV": 2, "MY": 2, "PL": 2, "PT": 2, "QA": 2, "SA": 2, "SI": 2, "SK": 2, "TW": 2,
        "BG": 3, "BR": 3, "CO": 3, "GR": 3, "HU": 3, "ID": 3, "IN": 3, "MA": 3, "MX": 3, "PE": 3, "PH": 3,
        "RO": 3, "RS": 3, "TH": 3, "TR": 3, "VN": 3, "ZA": 3,
        "AR": 4, "BY": 4, "EG": 4, "IR": 4, "LB": 4, "NG": 4, "PK": 4, "RU": 4, "UA": 4, "VE": 4,
    ]

    /// Industry risk by NACE Rev. 2 section (A agriculture … U extraterritorial organisations).
    static let defaultIndustryRisk: [String: IndustryRisk] = [
        "A": .high, "B": .high, "C": .medium, "D": .low, "E": .low, "F": .veryHigh, "G": .medium,
        "H": .medium, "I": .veryHigh, "J": .medium, "K": .low, "L": .high, "M": .low, "N": .medium,
        "O": .low, "P": .low, "Q": .low, "R": .high, "S": .medium, "T": .high, "U": .low,
    ]
}
