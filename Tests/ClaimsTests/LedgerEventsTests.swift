import Claims
import Domain
import Testing

/// Issue 17 for claims: a payment is (paymentId, invoiceId); the collector's dispute outcome lets a disputed invoice
/// be claimed; debit notes and reversed payments reopen a settled invoice; cancel and reissue; interest to date on
/// the claim; and the identity state stays bounded.
@Suite struct LedgerEventsTests {
    static func everyDay(_ scenario: inout ClaimsScenario, from first: CalendarDate, through last: CalendarDate) {
        BuyerClaimTests.everyDay(&scenario, from: first, through: last)
    }

    static func reversal(_ amount: Int64, id: String, on date: CalendarDate) -> DomainEvent {
        .paymentReversed(PaymentReversed(buyerId: Fixture.buyer, invoiceId: "INV-1", paymentId: id,
                                         amount: Fixture.usd(amount), date: date, reason: "bounced"))
    }

    @Test func onePaymentSplitOverTwoInvoicesAppliesToEach() throws {
        var scenario = ClaimsScenario()
        try scenario.send(Fixture.issued("INV-1", 1_000), Fixture.issued("INV-2", 1_000),
                          Fixture.payment(600, id: "PAY-77", invoice: "INV-1", on: Fixture.day("2024-01-20")))
        try scenario.send(Fixture.payment(400, id: "PAY-77", invoice: "INV-2", on: Fixture.day("2024-01-20")))
        #expect(scenario.state[invoice: "INV-2"]?.openAmount == Fixture.usd(600))
        // The same part again, on the same invoice, is a duplicate.
        #expect(throws: EventRejection.self) {
            try scenario.send(Fixture.payment(400, id: "PAY-77", invoice: "INV-2", on: Fixture.day("2024-01-20")))
        }
        #expect(scenario.state[invoice: "INV-2"]?.openAmount == Fixture.usd(600))
    }

    @Test func theCollectorsOutcomeEndsTheDisputeSoTheClockFilesTheInvoice() throws {
        var scenario = ClaimsScenario()
        try scenario.send(Fixture.limit(100_000), Fixture.issued(),
                          .invoiceDisputed(InvoiceDisputed(buyerId: Fixture.buyer, invoiceId: "INV-1", reason: "quality",
                                                           date: Fixture.day("2024-02-10"))))
        Self.everyDay(&scenario, from: Fixture.day("2024-02-11"), through: Fixture.day("2024-05-05"))
        #expect(scenario.events(.filed).isEmpty)
        try scenario.send(.disputeOutcome(DisputeOutcomeRecorded(buyerId: Fixture.buyer, invoiceId: "INV-1", outcome: .upheld,
                                                                 date: Fixture.day("2024-05-06"), creditNoteAmount: Fixture.usd(5_000))))
        // The amount changes only with the ERP's credit note; the dispute has ended.
        #expect(scenario.state[invoice: "INV-1"]?.openAmount == Fixture.usd(120_000))
        scenario.endOfDay(Fixture.day("2024-05-06"))
        #expect(scenario.events(.filed).map(\.invoiceIds) == [["INV-1"]])
    }

    @Test func aDebitNoteAfterPaymentInFullReopensTheInvoiceForClaims() throws {
        var scenario = ClaimsScenario()
        try scenario.send(Fixture.limit(100_000), Fixture.issued("INV-1", 10_000),
                          Fixture.payment(10_000, id: "PAY-1", on: Fixture.day("2024-01-31")))
        #expect(scenario.state[invoice: "INV-1"]?.settledOn != nil)
        try scenario.send(.invoiceAdjusted(InvoiceAdjusted(buyerId: Fixture.buyer, invoiceId: "INV-1", adjustmentId: "DN-1",
                                                           adjustmentKind: .debitNote, amount: Fixture.usd(300),
                                                           date: Fixture.day("2024-02-05"))))
        #expect(scenario.state[invoice: "INV-1"]?.isOpenForClaims == true)
        Self.everyDay(&scenario, from: Fixture.day("2024-02-06"), through: Fixture.day("2024-05-02"))
        #expect(scenario.events(.notified).count == 1)
        #expect(scenario.events(.filed).first?.loss == Fixture.usd(300))
    }

    @Test func aReversedPaymentReopensTheInvoiceAndBadReversalsAreRefused() throws {
        var scenario = ClaimsScenario()
        try scenario.send(Fixture.issued("INV-1", 10_000), Fixture.payment(10_000, id: "PAY-1", on: Fixture.day("2024-01-31")))
        let unknown = #expect(throws: EventRejection.self) { try scenario.send(Self.reversal(100, id: "PAY-9", on: Fixture.day("2024-02-03"))) }
        #expect(unknown?.code == .unknownPayment)
        let tooMuch = #expect(throws: EventRejection.self) { try scenario.send(Self.reversal(10_001, id: "PAY-1", on: Fixture.day("2024-02-03"))) }
        #expect(tooMuch?.code == .invalidValue)
        try scenario.send(Self.reversal(4_000, id: "PAY-1", on: Fixture.day("2024-02-03")))
        #expect(scenario.state[invoice: "INV-1"]?.openAmount == Fixture.usd(4_000))
        #expect(scenario.state[invoice: "INV-1"]?.isOpenForClaims == true)
    }

    @Test func aCancelledInvoiceReissuedUnderItsIdStartsAfresh() throws {
        var scenario = ClaimsScenario()
        try scenario.send(Fixture.issued("INV-1", 10_000),
                          .invoiceCancelled(InvoiceCancelled(buyerId: Fixture.buyer, invoiceId: "INV-1", date: Fixture.day("2024-01-05"))))
        try scenario.send(Fixture.issued("INV-1", 12_000))
        #expect(scenario.state[invoice: "INV-1"]?.openAmount == Fixture.usd(12_000))
        #expect(scenario.state[invoice: "INV-1"]?.isOpenForClaims == true)
        #expect(throws: EventRejection.self) { try scenario.send(Fixture.issued("INV-1", 12_000)) }
    }

    @Test func theClaimShowsInterestToDateFromDunning() throws {
        var scenario = ClaimsScenario()
        try scenario.send(Fixture.limit(100_000), Fixture.issued())
        let trigger = DunningAction(buyerId: Fixture.buyer, invoiceId: "INV-1", level: 4, action: .claimTrigger, channel: .insurer,
                                    date: Fixture.due.adding(days: 91), daysPastDue: 91, openAmount: Fixture.usd(120_000),
                                    interest: Fixture.usd(3_640))
        try scenario.send(.dunningAction(trigger))
        let filed = try #require(scenario.events(.filed).first)
        #expect(filed.invoiceIds == ["INV-1"])
        #expect(scenario.state.interestToDate(of: ["INV-1"], rules: scenario.rules) == Fixture.usd(3_640))
    }

    @Test func settledInvoicesAndTheirPaymentIdsLeaveTheStateAfterTheRetention() throws {
        var scenario = ClaimsScenario()
        for index in 0..<50 {
            let id = InvoiceId("INV-\(index)")
            try scenario.send(Fixture.issued(id, 1_000), Fixture.payment(1_000, id: "PAY-\(index)", invoice: id, on: Fixture.day("2024-01-20")))
        }
        try scenario.send(Fixture.issued("INV-open", 1_000, issue: Fixture.day("2024-06-01"), due: Fixture.day("2024-12-01")))
        #expect(scenario.state.invoices.count == 51)
        scenario.endOfDay(Fixture.day("2024-07-19"))
        // 180 days after their settlement the paid invoices are gone, with the payment ids they held; the open one stays.
        #expect(scenario.state.invoices.keys.sorted() == ["INV-open"])
    }
}
