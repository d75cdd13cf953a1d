import Domain
import Monitoring
import Testing

@Suite struct LedgerPositionTests {
    typealias F = Fixture

    @Test func positionsStayConsistentAfterAPartialPaymentACreditNoteAndADispute() throws {
        var harness = Harness()
        harness.send(F.issued("INV-1", 1000, issued: "2024-03-01", due: "2024-03-31"), on: "2024-03-01")
        harness.send(F.issued("INV-2", 500, issued: "2024-03-05", due: "2024-04-04"), on: "2024-03-05")

        let partial = harness.send(F.paid("INV-1", 400, on: "2024-03-10"), on: "2024-03-10").outputs.positions
        #expect(partial.last?.openAmount == F.usd(1100))
        #expect(partial.last?.openInvoiceCount == 2)

        let credit = harness.send(.invoiceAdjusted(InvoiceAdjusted(
            buyerId: F.buyer, invoiceId: "INV-2", adjustmentId: "CN-1", adjustmentKind: .creditNote,
            amount: F.usd(100), date: F.day("2024-03-12"))), on: "2024-03-12").outputs.positions
        #expect(credit.last?.openAmount == F.usd(1000))

        let disputed = harness.send(.invoiceDisputed(InvoiceDisputed(
            buyerId: F.buyer, invoiceId: "INV-1", reason: "damaged goods", date: F.day("2024-03-15"))), on: "2024-03-15").outputs
        #expect(disputed.positions.last?.disputedAmount == F.usd(600))
        #expect(disputed.alerts(.disputeOpened).count == 1)

        let upheld = harness.send(.invoiceDisputeResolved(InvoiceDisputeResolved(
            buyerId: F.buyer, invoiceId: "INV-1", outcome: .upheld, date: F.day("2024-03-20"),
            creditNoteAmount: F.usd(200))), on: "2024-03-20").outputs.positions
        let position = try #require(upheld.last)
        #expect(position.openAmount == F.usd(800))
        #expect(position.disputedAmount.isZero)
        #expect(position.exposure == F.usd(800))
        #expect(position.aging.current == F.usd(800))
        #expect(position.overdueAmount.isZero)
    }

    @Test func aRejectedDisputeLeavesTheAmountOpenAndWriteOffsAndCancellationsCloseInvoices() throws {
        var harness = Harness()
        harness.send(F.issued("INV-1", 1000, issued: "2024-03-01", due: "2024-03-31"), on: "2024-03-01")
        harness.send(F.issued("INV-2", 300, issued: "2024-03-01", due: "2024-03-31"), on: "2024-03-01")
        harness.send(F.issued("INV-3", 200, issued: "2024-03-01", due: "2024-03-31"), on: "2024-03-01")
        harness.send(.invoiceDisputed(InvoiceDisputed(buyerId: F.buyer, invoiceId: "INV-1", reason: "price",
                                                      date: F.day("2024-03-02"), disputedAmount: F.usd(250))), on: "2024-03-02")
        let rejected = harness.send(.invoiceDisputeResolved(InvoiceDisputeResolved(
            buyerId: F.buyer, invoiceId: "INV-1", outcome: .rejected, date: F.day("2024-03-03"))), on: "2024-03-03").outputs
        #expect(rejected.positions.last?.openAmount == F.usd(1500))
        #expect(rejected.positions.last?.disputedAmount.isZero == true)

        harness.send(.invoiceWrittenOff(InvoiceWrittenOff(buyerId: F.buyer, invoiceId: "INV-2", amount: F.usd(300),
                                                          date: F.day("2024-03-04"))), on: "2024-03-04")
        let cancelled = harness.send(.invoiceCancelled(InvoiceCancelled(buyerId: F.buyer, invoiceId: "INV-3",
                                                                        date: F.day("2024-03-05"))), on: "2024-03-05").outputs
        #expect(cancelled.positions.last?.openAmount == F.usd(1000))
        #expect(cancelled.positions.last?.openInvoiceCount == 1)
    }

    @Test func badInvoiceEventsAreRefusedSoTheRuntimeDeadLettersThem() {
        var harness = Harness()
        harness.send(F.issued("INV-1", 1000, issued: "2024-03-01", due: "2024-03-31"), on: "2024-03-01")
        let before = harness.state

        #expect(harness.send(F.paid("NOPE", 10, on: "2024-03-02"), on: "2024-03-02").rejectionCode == .unknownInvoice)
        #expect(harness.send(F.issued("INV-1", 1000, issued: "2024-03-01", due: "2024-03-31"), on: "2024-03-02")
            .rejectionCode == .duplicateEvent)
        #expect(harness.send(F.issued("INV-9", 50, issued: "2024-03-01", due: "2024-03-31", currency: .gbp), on: "2024-03-02")
            .rejectionCode == .unknownExchangeRate, "the policy has no GBP rate")
        #expect(harness.send(.paymentApplied(PaymentApplied(
            buyerId: F.buyer, invoiceId: "INV-1", paymentId: "P-1", amount: Money(amountMinor: 100, currency: .eur),
            paymentDate: F.day("2024-03-02"))), on: "2024-03-02").rejectionCode == .mixedCurrency)
        #expect(harness.state == before, "a refused input leaves the state as it was")

        harness.send(F.paid("INV-1", 100, on: "2024-03-02", payment: "P-1"), on: "2024-03-02")
        #expect(harness.send(F.paid("INV-1", 100, on: "2024-03-02", payment: "P-1"), on: "2024-03-03").rejectionCode == .duplicateEvent)
        #expect(harness.send(.invoiceDisputeResolved(InvoiceDisputeResolved(
            buyerId: F.buyer, invoiceId: "INV-1", outcome: .rejected, date: F.day("2024-03-03"))), on: "2024-03-03")
            .rejectionCode == .invalidValue)
    }

    @Test func aPositionIsPublishedOnlyWhenItChanges() {
        var harness = Harness()
        let first = harness.send(F.issued("INV-1", 1000, issued: "2024-03-01", due: "2024-03-31"), on: "2024-03-01").outputs
        #expect(first.positions.count == 1)
        // Nothing moves between 2 and 31 March: still current, same figures.
        #expect(harness.punctuateDaily(from: "2024-03-02", through: "2024-03-31").positions.isEmpty)
        // On 1 April the invoice is 1 day past due: aging moves, a new position is published.
        let moved = harness.punctuate(at: "2024-04-01").positions
        #expect(moved.count == 1)
        #expect(moved.first?.aging.days1To30 == F.usd(1000))
        #expect(moved.first?.overdueAmount == F.usd(1000))
    }

    @Test func settledInvoicesAreForgottenOnceNoFigureNeedsThem() {
        var harness = Harness()
        harness.send(F.issued("OLD", 100, issued: "2024-01-02", due: "2024-02-01"), on: "2024-01-02")
        harness.send(F.paid("OLD", 100, on: "2024-01-20"), on: "2024-01-20")
        harness.punctuate(at: "2024-03-01")
        #expect(harness.state?.ledger["OLD"] != nil, "still inside the KPI period and the days-to-pay windows")
        harness.punctuate(at: "2024-08-01")
        #expect(harness.state?.ledger["OLD"] == nil)
        #expect(harness.send(F.paid("OLD", 1, on: "2024-08-01"), on: "2024-08-01").rejectionCode == .unknownInvoice)
    }
}
