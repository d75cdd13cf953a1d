import Domain
import PropertyBased
import Runtime
import Testing
@testable import Monitoring

/// Issue "The ledger as an ERP really sends it" §2 and §7, monitoring's part: a reversed payment reopens an
/// invoice, and CEI stays a percentage for a buyer and for the portfolio.
@Suite struct ReopenAndCEITests {
    typealias F = Fixture

    static func reversal(_ invoice: String, _ payment: String, _ amount: Int64, on date: String) -> DomainEvent {
        .paymentReversed(PaymentReversed(buyerId: F.buyer, invoiceId: InvoiceId(invoice), paymentId: payment,
                                         amount: F.usd(amount), date: F.day(date), reason: "returned"))
    }

    @Test func aReversedPaymentReopensTheInvoice() throws {
        var harness = Harness()
        harness.send(F.issued("INV-1", 1_000, issued: "2024-03-01", due: "2024-03-31"), on: "2024-03-01")
        let paid = harness.send(F.paid("INV-1", 1_000, on: "2024-03-20", payment: "PAY-1"), on: "2024-03-20")
        #expect(paid.outputs.positions.last?.openAmount.isZero == true)
        let reopened = try #require(harness.send(Self.reversal("INV-1", "PAY-1", 1_000, on: "2024-04-05"), on: "2024-04-05")
            .outputs.positions.last)
        #expect(reopened.openAmount == F.usd(1_000))
        #expect(reopened.overdueAmount == F.usd(1_000), "due 03-31, open again on 04-05")
        #expect(harness.state?.ledger["INV-1"]?.settlementDate == nil)
        // Overdue thresholds the invoice now passes are noticed like any other.
        let later = harness.punctuate(at: "2024-04-20")
        #expect(later.overdueTransitions.contains { $0.invoiceId == "INV-1" && $0.daysPastDue == 15 })
    }

    @Test func aReversalMustNameAPaymentOfThatInvoiceAndNoMoreThanIsLeftOfIt() {
        var harness = Harness()
        harness.send(F.issued("INV-1", 1_000, issued: "2024-03-01", due: "2024-03-31"), on: "2024-03-01")
        harness.send(F.issued("INV-2", 1_000, issued: "2024-03-01", due: "2024-03-31"), on: "2024-03-01")
        harness.send(F.paid("INV-1", 600, on: "2024-03-20", payment: "PAY-77"), on: "2024-03-20")
        harness.send(F.paid("INV-2", 400, on: "2024-03-20", payment: "PAY-77"), on: "2024-03-20")
        let before = harness.state
        #expect(harness.send(Self.reversal("INV-1", "PAY-99", 10, on: "2024-03-21"), on: "2024-03-21").rejectionCode == .unknownPayment)
        #expect(harness.send(Self.reversal("INV-2", "PAY-77", 401, on: "2024-03-21"), on: "2024-03-21").rejectionCode == .invalidValue)
        #expect(harness.state == before)
        #expect(harness.send(Self.reversal("INV-2", "PAY-77", 400, on: "2024-03-21"), on: "2024-03-21").rejectionCode == nil)
        #expect(harness.send(Self.reversal("INV-2", "PAY-77", 1, on: "2024-03-22"), on: "2024-03-22").rejectionCode == .invalidValue,
                "nothing of PAY-77 is left on INV-2")
        #expect(harness.state?.ledger["INV-1"]?.balance == F.usd(400), "PAY-77's 600 on INV-1 is untouched")
    }

    /// A debit note after payment in full reopens the invoice; the KPIs count it as billed in its month.
    @Test func aDebitNoteAfterSettlementReopensAndCountsAsBilled() throws {
        var harness = Harness()
        harness.send(F.issued("INV-1", 1_000, issued: "2024-03-01", due: "2024-03-31"), on: "2024-03-01")
        harness.send(F.paid("INV-1", 1_000, on: "2024-03-20"), on: "2024-03-20")
        let position = try #require(harness.send(.invoiceAdjusted(InvoiceAdjusted(
            buyerId: F.buyer, invoiceId: "INV-1", adjustmentId: "DN-1", adjustmentKind: .debitNote, amount: F.usd(300),
            date: F.day("2024-03-25"))), on: "2024-03-25").outputs.positions.last)
        #expect(position.openAmount == F.usd(300))
        #expect(position.kpis?.monthlySales.last?.sales == F.usd(1_300))
        #expect((0...100).contains(position.kpis?.cei ?? 0))
    }

    /// Cancel and reissue (issue 17 §8): an invoice issued under the id of a cancelled one replaces it; its
    /// overdue thresholds fire again under ids of their own, so downstream readers do not skip them as repeats.
    @Test func aCancelledInvoiceReissuedUnderItsIdStartsAfresh() throws {
        var harness = Harness()
        harness.send(F.issued("INV-1", 1_000, issued: "2024-03-01", due: "2024-03-10"), on: "2024-03-01")
        let firstOverdue = harness.punctuate(at: "2024-03-12")
        let first = try #require(firstOverdue.first { if case .overdueTransition = $0.event { true } else { false } })
        harness.send(.invoiceCancelled(InvoiceCancelled(buyerId: F.buyer, invoiceId: "INV-1", date: F.day("2024-03-13"))),
                     on: "2024-03-13")
        let reissued = harness.send(F.issued("INV-1", 1_200, issued: "2024-03-14", due: "2024-03-20"), on: "2024-03-14")
        #expect(reissued.rejectionCode == nil, "a reissue is not a duplicate")
        #expect(reissued.outputs.positions.last?.openAmount == F.usd(1_200))
        #expect(harness.send(F.issued("INV-1", 1_200, issued: "2024-03-14", due: "2024-03-20"), on: "2024-03-14").rejectionCode
            == .duplicateEvent, "issued twice without a cancellation is still a duplicate")
        let again = harness.punctuate(at: "2024-03-22")
        let second = try #require(again.first { if case .overdueTransition = $0.event { true } else { false } })
        #expect([second].overdueTransitions.first?.daysPastDue == 1)
        #expect(second.id != first.id)
    }

    // MARK: CEI within 0…100 %

    typealias Step = (kind: Int, amount: Int64, day: Int)
    static let steps = zip(Gen.int(in: 0...6), Gen.int64(in: 1...5_000_000), Gen.int(in: 0...200)).array(of: 1...40)

    /// Random histories — payments, over-payments, credit and debit notes, reversals, write-offs, cancellations,
    /// over several months — never give a CEI outside 0…100 %, on any day.
    @Test func ceiIsAPercentageForEveryLedgerOnEveryDay() async {
        await propertyCheck(count: 150, input: Self.steps, Gen.int(in: 0...200)) { steps, asOfDay in
            var ledger = BuyerLedger()
            let start = F.day("2024-01-01")
            func money(_ minor: Int64) -> Money { Money(amountMinor: minor, currency: .usd) }
            var invoices: [InvoiceId] = []
            var payments: [(InvoiceId, String, Int64)] = []
            for (index, step) in steps.enumerated() {
                let date = start.adding(days: step.2)
                let target = invoices.isEmpty ? nil : invoices[index % invoices.count]
                switch (step.0, target) {
                case (0, _), (_, nil):
                    let id = InvoiceId("INV-\(index)")
                    if (try? ledger.issue(InvoiceIssued(buyerId: F.buyer, invoiceId: id, amount: money(step.1), issueDate: date,
                                                        dueDate: date.adding(days: 30), termsDays: 30))) != nil {
                        invoices.append(id)
                    }
                case (1, let invoice?):
                    if (try? ledger.apply(PaymentApplied(buyerId: F.buyer, invoiceId: invoice, paymentId: "P-\(index)",
                                                          amount: money(step.1), paymentDate: date))) != nil {
                        payments.append((invoice, "P-\(index)", step.1))
                    }
                case (2, let invoice?), (3, let invoice?):
                    _ = try? ledger.apply(InvoiceAdjusted(buyerId: F.buyer, invoiceId: invoice, adjustmentId: "A-\(index)",
                                                          adjustmentKind: step.0 == 2 ? .creditNote : .debitNote,
                                                          amount: money(step.1), date: date))
                case (4, _):
                    if let (invoice, payment, amount) = payments.last {
                        _ = try? ledger.apply(PaymentReversed(buyerId: F.buyer, invoiceId: invoice, paymentId: payment,
                                                              amount: money(min(amount, step.1)), date: date))
                    }
                case (5, let invoice?):
                    _ = try? ledger.apply(InvoiceWrittenOff(buyerId: F.buyer, invoiceId: invoice, amount: money(step.1), date: date))
                case (_, let invoice?):
                    _ = try? ledger.apply(InvoiceCancelled(buyerId: F.buyer, invoiceId: invoice, date: date))
                }
            }
            let asOf = start.adding(days: asOfDay)
            guard let kpis = try? ReceivablesKPIs.of(ledger.sortedEntries, asOf: asOf, months: 3, currency: .usd) else {
                Issue.record("the KPIs of a small ledger are computable")
                return
            }
            if let cei = kpis.cei { #expect((0...100).contains(cei), "CEI \(cei) as of \(asOf)") }
        }
    }

    /// A quiet buyer's position is republished when the KPI period rolls, so the portfolio of the latest positions
    /// holds every buyer's figures of one period.
    @Test func aQuietBuyersPositionRollsWithThePeriodAndThePortfolioKeepsIt() throws {
        var quiet = Harness()
        quiet.send(F.issued("Q-1", 2_000, issued: "2024-01-10", due: "2024-06-30"), on: "2024-01-10")
        var busy = Harness()
        busy.send(F.issued("B-1", 1_000, issued: "2024-03-01", due: "2024-03-31"), on: "2024-03-01")
        let quietPositions = quiet.punctuateDaily(from: "2024-01-11", through: "2024-04-02").positions
        let busyPositions = busy.punctuateDaily(from: "2024-03-02", through: "2024-04-02").positions
        let quietLatest = try #require(quietPositions.last)
        #expect(quietLatest.kpis?.periodStart == F.day("2024-02-01"), "republished when April's period began")
        var latestBusy = try #require(busyPositions.last)
        latestBusy.buyerId = "B-2"
        let portfolio = try #require(try PortfolioKPIs.of([quietLatest, latestBusy], currency: .usd))
        #expect(portfolio.leftOut.isEmpty)
        #expect(portfolio.buyers == 2)
        if let cei = portfolio.kpis.cei { #expect((0...100).contains(cei)) }
    }
}

/// Issue 17 §8: a business day ends at midnight in the policy's time zone.
@Suite struct BusinessTimeZoneTests {
    typealias F = Fixture

    /// With Europe/Paris, an invoice due 2024-03-31 is 1 day past due at 00:30 Paris time on 2024-04-02
    /// (22:30 UTC on 2024-04-01), when UTC has not yet ended 2024-04-01.
    @Test func daysEndAtMidnightInThePolicysTimeZone() throws {
        func overdueAt2230UTC(timeZone: String?) -> [OverdueTransition] {
            var policy = Policy.defaults
            policy.timeZone = timeZone
            var harness = Harness()
            harness.processor = MonitoringProcessor(policy: policy)
            harness.send(F.issued("INV-1", 1_000, issued: "2024-03-01", due: "2024-03-31"), on: "2024-03-01")
            let now = Timestamp(date: F.day("2024-04-01"), hour: 22, minute: 30)
            let outcome = harness.processor.punctuate(state: harness.state!, key: F.buyer.rawValue, context: ProcessingContext(
                now: now.date, key: F.buyer.rawValue, causeID: "\(F.buyer)@\(now.millisecondsSinceEpoch)", partition: 0))
            return Harness.decode(outcome.outputs).overdueTransitions
        }
        let paris = overdueAt2230UTC(timeZone: "Europe/Paris")
        #expect(paris.map(\.daysPastDue) == [1])
        #expect(paris.first?.asOf == F.day("2024-04-01"))
        #expect(overdueAt2230UTC(timeZone: "UTC").isEmpty, "in UTC, 2024-04-01 has not ended yet")
        #expect(overdueAt2230UTC(timeZone: nil).isEmpty)
    }

    @Test func anUnknownTimeZoneStopsThePolicyNamingIt() {
        var policy = Policy.defaults
        policy.timeZone = "Mars/Olympus_Mons"
        #expect(throws: PolicyError.self) { try policy.validate() }
        do { try policy.validate() } catch { #expect(error.path == "timeZone" && error.message.contains("IANA")) }
    }
}

/// Issue 17 §1: a collector's recorded dispute outcome ends the dispute in monitoring too; the amount changes only
/// through the ERP's credit note, so it is counted once.
@Suite struct CollectorDisputeOutcomeTests {
    typealias F = Fixture

    @Test func theCollectorsOutcomeEndsTheDisputeAndTheERPsCreditNoteMovesTheAmountOnce() throws {
        var harness = Harness()
        harness.send(F.issued("INV-1", 20_000, issued: "2024-03-01", due: "2024-03-31"), on: "2024-03-01")
        let disputed = harness.send(.invoiceDisputed(InvoiceDisputed(buyerId: F.buyer, invoiceId: "INV-1", reason: "damaged",
                                                                     date: F.day("2024-03-05"))), on: "2024-03-05")
        #expect(disputed.outputs.positions.last?.disputedAmount == F.usd(20_000))
        let outcome = harness.send(.disputeOutcome(DisputeOutcomeRecorded(
            buyerId: F.buyer, invoiceId: "INV-1", outcome: .upheld, date: F.day("2024-03-10"),
            creditNoteAmount: F.usd(5_000))), on: "2024-03-10")
        let ended = try #require(outcome.outputs.positions.last)
        #expect(ended.disputedAmount.isZero)
        #expect(ended.openAmount == F.usd(20_000), "the collector's note changes no amount")
        let credited = try #require(harness.send(.invoiceAdjusted(InvoiceAdjusted(
            buyerId: F.buyer, invoiceId: "INV-1", adjustmentId: "CN-1", adjustmentKind: .creditNote, amount: F.usd(5_000),
            date: F.day("2024-03-11"))), on: "2024-03-11").outputs.positions.last)
        #expect(credited.openAmount == F.usd(15_000))
    }
}
