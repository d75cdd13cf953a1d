import Domain
import Dunning
import Foundation
import Runtime
import Testing

/// The processor at the function level: envelopes in, envelopes out, state through JSON.
@Suite struct DunningProcessorTests {
    let issuedAt = Timestamp(date: Fixture.day("2024-01-31"), hour: 9)

    func transition(_ daysPastDue: Int, disputed: Bool = false, invoice: InvoiceId = "INV-1") -> DomainEvent {
        .overdueTransition(OverdueTransition(buyerId: Fixture.buyer, invoiceId: invoice, daysPastDue: daysPastDue,
                                             dueDate: Fixture.due, asOf: Fixture.due.adding(days: daysPastDue),
                                             openAmount: Fixture.usd("20000.00"), disputed: disputed))
    }

    func at(_ daysPastDue: Int, hour: Int = 12) -> Timestamp { Timestamp(date: Fixture.due.adding(days: daysPastDue), hour: hour) }

    @Test func theStageReadsItsThreeTopics() {
        let processor = DunningProcessor(policy: Fixture.policy)
        #expect(processor.name == "dunning")
        #expect(processor.source == "credence/dunning")
        #expect(processor.inputTopics == ["receivables.overdue", "erp.invoices", "collections.updates"])
    }

    /// An overdue transition at 31 days past due yields the phone call task and the formal notice on
    /// `dunning.actions`, with ids derived from the transition.
    @Test func anOverdueTransitionYieldsTheLevelsActions() throws {
        var harness = ProcessorHarness()
        #expect(harness.send(.invoiceIssued(Fixture.issued()), at: issuedAt).value?.isEmpty == true)
        let outputs = try harness.send(transition(31), at: at(32, hour: 0), source: "credence/monitoring").get()
        #expect(outputs.map(\.topic) == ["dunning.actions", "dunning.actions"])
        #expect(outputs.map(\.source) == ["credence/dunning", "credence/dunning"])
        #expect(outputs.compactMap(\.dunningAction).map(\.action) == [.phoneCall, .formalNotice])
        #expect(outputs.compactMap(\.dunningAction).allSatisfy { $0.daysPastDue == 31 && $0.date == Fixture.day("2024-04-01") })
        #expect(Set(outputs.map(\.id)).count == 2)
    }

    /// The policy file's rate (1 EUR = 1.08 USD by default) brings the 40 EUR compensation to a USD invoice:
    /// 43.20 USD on the formal notice, with the conversion named.
    @Test func thePolicysExchangeRateConvertsTheCompensationForAUSDInvoice() throws {
        var harness = ProcessorHarness()
        _ = harness.send(.invoiceIssued(Fixture.issued()), at: issuedAt)
        let outputs = try harness.send(transition(31), at: at(32, hour: 0), source: "credence/monitoring").get()
        let notice = try #require(outputs.compactMap(\.dunningAction).first { $0.action == .formalNotice })
        #expect(notice.compensation == Fixture.usd("43.20"))
        #expect(notice.note?.contains("converted") == true, "\(notice.note ?? "")")
    }

    @Test func anUpdateForAnUnknownInvoiceIsRefused() {
        var harness = ProcessorHarness()
        let payment = PaymentApplied(buyerId: Fixture.buyer, invoiceId: "INV-404", paymentId: "P1",
                                     amount: Fixture.usd("10.00"), paymentDate: Fixture.due)
        let refused = harness.send(.paymentApplied(payment), at: issuedAt).error
        #expect(refused?.code == .unknownInvoice)
        #expect(refused?.field == "invoiceId")
        let promise = PromiseToPay(buyerId: Fixture.buyer, invoiceId: "INV-404", promiseId: "PR", amount: Fixture.usd("1.00"),
                                   promisedDate: Fixture.due, recordedOn: Fixture.due)
        #expect(harness.send(.promiseToPay(promise), at: issuedAt, source: "collections/crm").error?.code == .unknownInvoice)
        #expect(harness.state == nil)
    }

    /// Daily punctuations at midnight judge the day that just ended: the whole table runs off the stage clock.
    @Test func theStageClockDrivesTheTable() {
        var harness = ProcessorHarness()
        _ = harness.send(.invoiceIssued(Fixture.issued()), at: issuedAt)
        let outputs = harness.punctuateDaily(from: Fixture.day("2024-02-20"), through: Fixture.day("2024-06-15"))
        let actions = outputs.compactMap(\.dunningAction)
        #expect(actions.map { "\($0.date) \($0.action.rawValue)" } == [
            "2024-02-27 preDueReminder", "2024-03-02 reminder", "2024-03-16 reminder", "2024-04-01 phoneCall",
            "2024-04-01 formalNotice", "2024-05-01 creditHold", "2024-05-01 collectionHandover", "2024-05-31 claimTrigger",
        ])
        // The day 2024-02-27 is judged by the punctuation at 2024-02-28T00:00Z.
        #expect(outputs.first?.time == Timestamp(date: Fixture.day("2024-02-28")))
        let alert = outputs.compactMap(\.alert).first
        #expect(alert?.alertType == .dunningLegal)
        #expect(alert?.alertId == outputs.first { $0.alert != nil }?.id)
        #expect(outputs.first { $0.alert != nil }?.topic == "credence.alerts")
    }

    @Test func aPaymentBeforeTheDayEndsPreventsTheReminder() {
        var harness = ProcessorHarness()
        _ = harness.send(.invoiceIssued(Fixture.issued()), at: issuedAt)
        _ = harness.punctuateDaily(from: Fixture.day("2024-02-20"), through: Fixture.day("2024-03-02"))
        let payment = PaymentApplied(buyerId: Fixture.buyer, invoiceId: "INV-1", paymentId: "P1",
                                     amount: Fixture.usd("20000.00"), paymentDate: Fixture.day("2024-03-02"))
        let resolved = harness.send(.paymentApplied(payment), at: at(1, hour: 15)).value ?? []
        #expect(resolved.compactMap(\.dunningAction).map(\.action) == [.resolved])
        #expect(harness.punctuateDaily(from: Fixture.day("2024-03-03"), through: Fixture.day("2024-09-01")).isEmpty)
    }

    /// A transition that monitoring marks disputed sends nothing, and neither does the clock while the ERP's dispute stands.
    @Test func neverAnActionForADisputedInvoice() throws {
        var harness = ProcessorHarness()
        _ = harness.send(.invoiceIssued(Fixture.issued()), at: issuedAt)
        let dispute = InvoiceDisputed(buyerId: Fixture.buyer, invoiceId: "INV-1", reason: "wrong quantity", date: Fixture.day("2024-02-25"))
        #expect(try harness.send(.invoiceDisputed(dispute), at: at(-5)).get().compactMap(\.dunningAction).map(\.action) == [.blocked])
        #expect(try harness.send(transition(31, disputed: true), at: at(32, hour: 0), source: "credence/monitoring").get().isEmpty)
        #expect(harness.punctuateDaily(from: Fixture.day("2024-02-26"), through: Fixture.day("2024-08-01")).isEmpty)
    }

    /// A transition for an invoice whose issue was not seen adopts it from the transition.
    @Test func aTransitionForAnUnseenInvoiceAdoptsIt() throws {
        var harness = ProcessorHarness()
        let outputs = try harness.send(transition(1), at: at(2, hour: 0), source: "credence/monitoring").get()
        #expect(outputs.compactMap(\.dunningAction).map(\.action) == [.reminder])
        #expect(harness.state?[invoice: "INV-1"]?.openAmount == Fixture.usd("20000.00"))
        #expect(harness.send(.invoiceIssued(Fixture.issued(contractRate: 6)), at: issuedAt).value?.isEmpty == true)
        #expect(harness.state?[invoice: "INV-1"]?.contractInterestRatePercent == 6)
    }

    /// Stopped halfway, the state written as JSON and read back continues exactly as the uninterrupted run:
    /// same events, same ids.
    @Test func stateRoundTripsThroughJSONAndContinuesIdentically() throws {
        var harness = ProcessorHarness()
        _ = harness.send(.invoiceIssued(Fixture.issued("INV-1")), at: issuedAt)
        _ = harness.send(.invoiceIssued(Fixture.issued("INV-2", amount: Fixture.usd("300.00"))), at: issuedAt)
        _ = harness.send(.customerTierAssigned(CustomerTierAssigned(buyerId: Fixture.buyer, tier: .new, effectiveDate: Fixture.due)),
                         at: issuedAt, source: "collections/crm")
        _ = harness.punctuateDaily(from: Fixture.day("2024-02-20"), through: Fixture.day("2024-03-20"))
        let promise = PromiseToPay(buyerId: Fixture.buyer, invoiceId: "INV-1", promiseId: "PR-1", amount: Fixture.usd("20000.00"),
                                   promisedDate: Fixture.day("2024-04-10"), recordedOn: Fixture.day("2024-03-20"))
        _ = harness.send(.promiseToPay(promise), at: at(19), source: "collections/crm")

        let encoder = JSONEncoder()
        encoder.outputFormatting = .sortedKeys
        let json = try encoder.encode(harness.state)
        let restoredState = try JSONDecoder().decode(BuyerDunningState.self, from: json)
        #expect(restoredState == harness.state)
        var restored = ProcessorHarness(state: restoredState)
        restored.sequence = harness.sequence

        let original = harness.punctuateDaily(from: Fixture.day("2024-03-21"), through: Fixture.day("2024-06-30"))
        let resumed = restored.punctuateDaily(from: Fixture.day("2024-03-21"), through: Fixture.day("2024-06-30"))
        #expect(!original.isEmpty)
        #expect(original == resumed)
        #expect(original.compactMap(\.alert).map(\.alertType).contains(.promiseBroken))
        #expect(try encoder.encode(harness.state) == encoder.encode(restored.state))
    }

    /// Processing the same input against the same state again (a replay after a crash) produces the same ids.
    @Test func outputIdsDeriveFromTheirCause() {
        var first = ProcessorHarness()
        _ = first.send(.invoiceIssued(Fixture.issued()), at: issuedAt)
        var second = first
        let a = first.send(transition(61), at: at(62, hour: 0), source: "credence/monitoring").value ?? []
        let b = second.send(transition(61), at: at(62, hour: 0), source: "credence/monitoring").value ?? []
        #expect(a.count == 3)
        #expect(a.map(\.id) == b.map(\.id))
    }

    /// A closed invoice is kept 180 days, then dropped; a late update for it is then an unknown invoice.
    @Test func closedInvoicesAreDroppedAfterTheRetention() {
        var harness = ProcessorHarness()
        _ = harness.send(.invoiceIssued(Fixture.issued()), at: issuedAt)
        let cancelled = InvoiceCancelled(buyerId: Fixture.buyer, invoiceId: "INV-1", date: Fixture.due)
        _ = harness.send(.invoiceCancelled(cancelled), at: at(0))
        _ = harness.punctuate(at: Timestamp(date: Fixture.due.adding(days: 181)))
        #expect(harness.state?[invoice: "INV-1"] != nil)
        _ = harness.punctuate(at: Timestamp(date: Fixture.due.adding(days: 182)))
        #expect(harness.state?[invoice: "INV-1"] == nil)
        let payment = PaymentApplied(buyerId: Fixture.buyer, invoiceId: "INV-1", paymentId: "P1",
                                     amount: Fixture.usd("1.00"), paymentDate: Fixture.due.adding(days: 182))
        #expect(harness.send(.paymentApplied(payment), at: at(182)).error?.code == .unknownInvoice)
    }

    @Test func aBuyerWithoutInvoicesIsDormantAndItsPunctuationWouldChangeNothing() throws {
        var harness = ProcessorHarness()
        _ = try harness.send(.customerTierAssigned(CustomerTierAssigned(buyerId: Fixture.buyer, tier: .strategic,
                                                                        effectiveDate: Fixture.due)), at: at(0)).get()
        let tiered = try #require(harness.state)
        #expect(harness.processor.isDormant(tiered))
        // What the runner skips is what punctuating would have done: nothing, on any day.
        #expect(harness.punctuateDaily(from: Fixture.due, through: Fixture.due.adding(days: 400)).isEmpty)
        #expect(harness.state == tiered)

        _ = try harness.send(.invoiceIssued(Fixture.issued()), at: at(1)).get()
        #expect(!harness.processor.isDormant(try #require(harness.state)), "an open invoice has days past due to follow")
        #expect(!harness.punctuateDaily(from: Fixture.due, through: Fixture.due.adding(days: 40)).isEmpty)
    }
}
