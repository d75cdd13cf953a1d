@testable import Domain

/// One representative instance per event kind with every optional field absent (`minimal`) and
/// one with every optional field present (`full`); the drift tests compare them with the schemas.
enum EventFixtures {
    static let buyer: BuyerId = "BUYER-0042"
    static let invoice: InvoiceId = "INV-2024-0001"
    static let order: OrderId = "ORD-77"
    static let issueDate = date("2024-03-01")
    static let dueDate = date("2024-03-31")
    static let instant = Timestamp(date: date("2024-03-31"), hour: 17, minute: 5, second: 0, millisecond: 250)

    static func date(_ text: String) -> CalendarDate {
        (try? CalendarDate(text)) ?? CalendarDate(dayNumber: 0)
    }

    static func usd(_ minor: Int64) -> Money { Money(amountMinor: minor, currency: .usd) }

    static let minimal: [DomainEvent] = [
        .invoiceIssued(InvoiceIssued(buyerId: buyer, invoiceId: invoice, amount: usd(100_000), issueDate: issueDate,
                                     dueDate: dueDate, termsDays: 30)),
        .invoiceAdjusted(InvoiceAdjusted(buyerId: buyer, invoiceId: invoice, adjustmentId: "CN-1",
                                         adjustmentKind: .creditNote, amount: usd(5_000), date: date("2024-03-10"))),
        .paymentApplied(PaymentApplied(buyerId: buyer, invoiceId: invoice, paymentId: "PAY-1", amount: usd(60_000),
                                       paymentDate: date("2024-03-31"))),
        .paymentReversed(PaymentReversed(buyerId: buyer, invoiceId: invoice, paymentId: "PAY-1", amount: usd(60_000),
                                         date: date("2024-04-03"))),
        .invoiceDisputed(InvoiceDisputed(buyerId: buyer, invoiceId: invoice, reason: "damaged goods", date: date("2024-03-12"))),
        .invoiceDisputeResolved(InvoiceDisputeResolved(buyerId: buyer, invoiceId: invoice, outcome: .rejected,
                                                       date: date("2024-03-20"))),
        .invoiceWrittenOff(InvoiceWrittenOff(buyerId: buyer, invoiceId: invoice, amount: usd(100), date: date("2024-09-30"))),
        .invoiceCancelled(InvoiceCancelled(buyerId: buyer, invoiceId: invoice, date: date("2024-03-02"))),
        .orderRequested(OrderRequested(buyerId: buyer, orderId: order, amount: usd(250_000), orderDate: date("2024-03-15"))),
        .buyerProfile(BuyerProfile(buyerId: buyer, name: "Acme Sp. z o.o.", country: "PL", industryCode: "C")),
        .financialStatement(statement(ratios: nil)),
        .buyerExternalEvent(BuyerExternalEvent(buyerId: buyer, eventId: "EXT-9", eventKind: .litigation,
                                               date: date("2024-02-01"))),
        .insurerLimitDecision(InsurerLimitDecision(buyerId: buyer, decisionId: "LIM-3", limit: usd(10_000_000),
                                                   effectiveDate: date("2024-01-01"))),
        .promiseToPay(PromiseToPay(buyerId: buyer, invoiceId: invoice, promiseId: "PTP-1", amount: usd(40_000),
                                   promisedDate: date("2024-04-10"), recordedOn: date("2024-04-02"))),
        .paymentPlan(PaymentPlan(buyerId: buyer, invoiceId: invoice, planId: "PLAN-1", agreedOn: date("2024-04-05"),
                                 instalments: [Instalment(dueDate: date("2024-04-30"), amount: usd(50_000)),
                                               Instalment(dueDate: date("2024-05-31"), amount: usd(50_000))])),
        .disputeOutcome(DisputeOutcomeRecorded(buyerId: buyer, invoiceId: invoice, outcome: .rejected, date: date("2024-03-20"))),
        .dunningOverride(DunningOverride(buyerId: buyer, action: .block, date: date("2024-04-01"))),
        .customerTierAssigned(CustomerTierAssigned(buyerId: buyer, tier: .strategic, effectiveDate: date("2024-01-01"))),
        .creditAssessment(CreditAssessment(buyerId: buyer, assessedAt: instant, score: 25.5, grade: 8, creditClass: .c,
                                           creditLimit: usd(0), terms: Policy.defaults.scoring.terms.c,
                                           reasons: [ScoreReason(factor: "paymentBehaviour.paydex", impact: -3.5)],
                                           modelVersion: "scorecard-2024.1", policyVersion: 1,
                                           components: ScoreComponents())),
        .creditDecision(CreditDecision(buyerId: buyer, orderId: order, outcome: .approved, orderAmount: usd(250_000),
                                       exposure: usd(1_000_000), creditLimit: usd(1_500_000), availableAmount: usd(500_000),
                                       decidedAt: instant)),
        .receivablesPosition(position(creditLimit: nil)),
        .overdueTransition(OverdueTransition(buyerId: buyer, invoiceId: invoice, daysPastDue: 15, dueDate: dueDate,
                                             asOf: date("2024-04-15"), openAmount: usd(50_000), disputed: false)),
        .dunningAction(DunningAction(buyerId: buyer, invoiceId: invoice, level: 1, action: .reminder, channel: .email,
                                     date: date("2024-04-01"), daysPastDue: 1, openAmount: usd(50_000))),
        .claimEvent(ClaimEvent(buyerId: buyer, claimId: "CLM-1", state: .notified, date: date("2024-05-30"),
                               invoiceIds: [invoice])),
        .alert(Alert(buyerId: buyer, alertId: "a1b2", alertType: .invoiceOverdue, severity: .warning, raisedAt: instant,
                     figures: ["daysPastDue": 15])),
        .clockTick(ClockTick(buyerId: "~tick-0", time: instant)),
    ]

    static let full: [DomainEvent] = [
        .invoiceIssued(InvoiceIssued(buyerId: buyer, invoiceId: invoice, amount: usd(100_000), issueDate: issueDate,
                                     dueDate: dueDate, termsDays: 30, orderId: order, contractInterestRatePercent: 9.5)),
        .invoiceAdjusted(InvoiceAdjusted(buyerId: buyer, invoiceId: invoice, adjustmentId: "CN-1", adjustmentKind: .debitNote,
                                         amount: usd(5_000), date: date("2024-03-10"), reason: "freight")),
        .paymentApplied(PaymentApplied(buyerId: buyer, invoiceId: invoice, paymentId: "PAY-1", amount: usd(60_000),
                                       paymentDate: date("2024-03-31"))),
        .paymentReversed(PaymentReversed(buyerId: buyer, invoiceId: invoice, paymentId: "PAY-1", amount: usd(60_000),
                                         date: date("2024-04-03"), reason: "returned: insufficient funds")),
        .invoiceDisputed(InvoiceDisputed(buyerId: buyer, invoiceId: invoice, reason: "damaged goods", date: date("2024-03-12"),
                                         disputeId: "DSP-5", disputedAmount: usd(30_000))),
        .invoiceDisputeResolved(InvoiceDisputeResolved(buyerId: buyer, invoiceId: invoice, outcome: .upheld,
                                                       date: date("2024-03-20"), creditNoteAmount: usd(30_000))),
        .invoiceWrittenOff(InvoiceWrittenOff(buyerId: buyer, invoiceId: invoice, amount: usd(100), date: date("2024-09-30"),
                                             reason: "below collection cost")),
        .invoiceCancelled(InvoiceCancelled(buyerId: buyer, invoiceId: invoice, date: date("2024-03-02"), reason: "duplicate")),
        .orderRequested(OrderRequested(buyerId: buyer, orderId: order, amount: usd(250_000), orderDate: date("2024-03-15"))),
        .buyerProfile(BuyerProfile(buyerId: buyer, name: "Acme Sp. z o.o.", country: "PL", industryCode: "C",
                                   foundedYear: 1998, registrationNumber: "KRS 0000123456", parentId: "ACME-HOLDING")),
        .financialStatement(statement(ratios: ["X1": 0.125, "X9": 1.75]).withEveryLineItem()),
        .buyerExternalEvent(BuyerExternalEvent(buyerId: buyer, eventId: "EXT-9", eventKind: .ratingChange, date: date("2024-02-01"),
                                               details: "downgraded", rating: "BB", previousRating: "BBB", provider: "agency")),
        .insurerLimitDecision(InsurerLimitDecision(buyerId: buyer, decisionId: "LIM-3", limit: usd(10_000_000),
                                                   effectiveDate: date("2024-01-01"), expiryDate: date("2024-12-31"),
                                                   insurer: "Credit Insurer AG")),
        .promiseToPay(PromiseToPay(buyerId: buyer, invoiceId: invoice, promiseId: "PTP-1", amount: usd(40_000),
                                   promisedDate: date("2024-04-10"), recordedOn: date("2024-04-02"), collector: "jdoe")),
        .paymentPlan(PaymentPlan(buyerId: buyer, invoiceId: invoice, planId: "PLAN-1", agreedOn: date("2024-04-05"),
                                 instalments: [Instalment(dueDate: date("2024-04-30"), amount: usd(50_000))])),
        .disputeOutcome(DisputeOutcomeRecorded(buyerId: buyer, invoiceId: invoice, outcome: .upheld, date: date("2024-03-20"),
                                               creditNoteAmount: usd(30_000), note: "agreed by phone")),
        .dunningOverride(DunningOverride(buyerId: buyer, invoiceId: invoice, action: .setLevel, level: 2,
                                         date: date("2024-04-01"), collector: "jdoe", reason: "skip reminders")),
        .customerTierAssigned(CustomerTierAssigned(buyerId: buyer, tier: .new, effectiveDate: date("2024-01-01"))),
        .creditAssessment(CreditAssessment(
            buyerId: buyer, assessedAt: instant, score: 61.5, grade: 4, creditClass: .a, creditLimit: usd(1_500_000),
            terms: CreditTerms(openAccountDays: 90, prepaymentShare: 0.25, prepaymentDiscount: 0.05,
                               guaranteeRequired: true, collateralAccepted: true),
            reasons: [ScoreReason(factor: "paymentBehaviour.paydex", impact: -3.5, detail: "PAYDEX 68")],
            modelVersion: "scorecard-2024.1", policyVersion: 1,
            components: ScoreComponents(financialStrength: 55.5, paymentBehaviour: 68.5, countryIndustry: 62.5, events: 90.5),
            insolvent: false, probabilityOfDefault: 0.035, altmanZDoublePrime: 2.75, paydex: 68,
            averageDaysBeyondTerms: 12.5, parentId: "ACME-HOLDING", probabilityOfDefaultGrade: 6,
            financialReasons: [ScoreReason(factor: "financialStrength.X1", impact: -14.5,
                                           detail: "net profit / total assets −0.12 is in the worst 10 % of firms (−14 points)")])),
        .creditDecision(CreditDecision(buyerId: buyer, orderId: order, outcome: .held, orderAmount: usd(750_000),
                                       exposure: usd(1_000_000), creditLimit: usd(1_500_000), availableAmount: usd(500_000),
                                       decidedAt: instant, reason: "limit_exceeded")),
        .receivablesPosition(position(creditLimit: usd(1_500_000), kpis: ReceivablesKPISnapshot(
            periodStart: date("2024-01-01"), beginningReceivables: usd(180_000), endingCurrentReceivables: usd(100_000),
            monthlySales: [MonthSales(month: date("2024-01-01"), days: 31, sales: usd(90_000)),
                           MonthSales(month: date("2024-02-01"), days: 29, sales: usd(80_000)),
                           MonthSales(month: date("2024-03-01"), days: 31, sales: usd(100_000))],
            dso: 70.85, countBackDso: 63.9, bestPossibleDso: 33.7, averageDaysDelinquent: 37.15, cei: 67.1, turnover: 1.38),
            currencies: [CurrencyPosition(openAmount: Money(amountMinor: 50_000, currency: .eur),
                                          overdueAmount: Money(amountMinor: 0, currency: .eur),
                                          approvedOrdersAmount: Money(amountMinor: 0, currency: .eur),
                                          unappliedCash: Money(amountMinor: 0, currency: .eur)),
                         CurrencyPosition(openAmount: usd(156_000), overdueAmount: usd(110_000),
                                          approvedOrdersAmount: usd(250_000), unappliedCash: usd(1_000))],
            unappliedCash: usd(1_000))),
        .overdueTransition(OverdueTransition(buyerId: buyer, invoiceId: invoice, daysPastDue: 15, dueDate: dueDate,
                                             asOf: date("2024-04-15"), openAmount: usd(50_000), disputed: true)),
        .dunningAction(DunningAction(buyerId: buyer, invoiceId: invoice, level: 2, action: .formalNotice, channel: .letter,
                                     date: date("2024-05-01"), daysPastDue: 31, openAmount: usd(50_000),
                                     interest: usd(515), compensation: Money(amountMinor: 4_000, currency: .eur),
                                     note: "interest at 12.5 %")),
        .claimEvent(ClaimEvent(buyerId: buyer, claimId: "CLM-1", state: .recovery, date: date("2025-01-15"),
                               invoiceIds: [invoice, "INV-2024-0002"], trigger: .protractedDefault,
                               loss: usd(12_000_000), indemnity: usd(9_000_000), recovery: usd(2_400_000),
                               insurerShare: usd(1_800_000), sellerShare: usd(600_000), reason: "partial recovery",
                               waitingPeriodEnds: date("2024-11-13"), policyYearStart: date("2025-01-01"),
                               yearToDateDeductible: usd(2_500_000), yearToDateIndemnity: usd(9_000_000), interest: usd(1_234))),
        .alert(Alert(buyerId: buyer, alertId: "a1b2", alertType: .overdueRatio, severity: .critical, raisedAt: instant,
                     figures: ["overdueShareOfLimit": 0.125], amounts: ["overdueAmount": usd(187_500)],
                     invoiceId: invoice, orderId: order, message: "overdue is 12.5 % of the limit")),
        .clockTick(ClockTick(buyerId: "~tick-0", time: instant, partition: 0)),
    ]

    static func statement(ratios: [String: Double]?) -> FinancialStatement {
        FinancialStatement(buyerId: buyer, periodEnd: date("2023-12-31"), totalAssets: usd(1_000_000_00),
                           totalLiabilities: usd(600_000_00), currentAssets: usd(400_000_00),
                           shortTermLiabilities: usd(250_000_00), workingCapital: usd(150_000_00),
                           retainedEarnings: usd(120_000_00), ebit: usd(80_000_00), bookEquity: usd(400_000_00),
                           sales: usd(1_500_000_00), netProfit: usd(-20_000_00), ratios: ratios)
    }

    static func position(creditLimit: Money?, kpis: ReceivablesKPISnapshot? = nil,
                         currencies: [CurrencyPosition]? = nil, unappliedCash: Money? = nil) -> ReceivablesPosition {
        ReceivablesPosition(buyerId: buyer, asOf: date("2024-03-31"), openAmount: usd(210_000), overdueAmount: usd(110_000),
                            disputedAmount: usd(0), exposure: usd(460_000), approvedOrdersAmount: usd(250_000),
                            aging: AgingAmounts(current: usd(100_000), days1To30: usd(50_000), days31To60: usd(30_000),
                                                days61To90: usd(20_000), over90: usd(10_000)),
                            openInvoiceCount: 5, onCreditHold: false, creditLimit: creditLimit, kpis: kpis,
                            currencies: currencies, unappliedCash: unappliedCash, parentId: creditLimit == nil ? nil : "ACME-HOLDING")
    }

    /// A full envelope around an event, as a producer would write it.
    static func envelope(_ event: DomainEvent, id: String = "evt-1") -> EventEnvelope {
        EventEnvelope(id: id, source: "erp/test", time: instant, event: event)
    }
}

extension FinancialStatement {
    /// The statement with every optional line item set (the full fixture).
    func withEveryLineItem() -> FinancialStatement {
        var statement = self
        func usd(_ major: Int64) -> Money { Money(amountMinor: major * 100, currency: .usd) }
        statement.cash = usd(50_000); statement.shortTermSecurities = usd(10_000); statement.receivables = usd(200_000)
        statement.inventory = usd(120_000); statement.fixedAssets = usd(600_000); statement.currentLiabilities = usd(180_000)
        statement.longTermLiabilities = usd(350_000); statement.shareCapital = usd(100_000)
        statement.constantCapital = usd(750_000); statement.previousSales = usd(1_400_000)
        statement.costOfProductsSold = usd(1_100_000); statement.operatingExpenses = usd(1_380_000)
        statement.totalCosts = usd(1_520_000); statement.depreciation = usd(40_000); statement.grossProfit = usd(-15_000)
        statement.grossProfitThreeYears = usd(90_000); statement.extraordinaryItems = usd(-2_000)
        statement.financialExpenses = usd(30_000); statement.interest = usd(25_000)
        statement.profitOnOperatingActivities = usd(70_000); statement.profitOnSales = usd(60_000)
        return statement
    }
}
