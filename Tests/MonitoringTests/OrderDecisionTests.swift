import Domain
import Monitoring
import Testing

@Suite struct OrderDecisionTests {
    typealias F = Fixture

    /// A buyer with a limit of 10,000 and 6,000 open.
    static func ratedBuyer() -> Harness {
        var harness = Harness()
        harness.send(F.assessment(limit: 10_000), on: "2024-03-01")
        harness.send(F.issued("INV-1", 6000, issued: "2024-03-01", due: "2024-03-31"), on: "2024-03-01")
        return harness
    }

    @Test func anOrderThatFitsTheLimitIsApprovedAndCountsInExposure() throws {
        var harness = Self.ratedBuyer()
        let outputs = harness.send(F.order("O-1", 3000, on: "2024-03-02"), on: "2024-03-02").outputs
        let decision = try #require(outputs.decisions.first)
        #expect(decision.outcome == .approved)
        #expect(decision.reason == nil)
        #expect(decision.exposure == F.usd(6000))
        #expect(decision.availableAmount == F.usd(4000))
        #expect(outputs.positions.last?.exposure == F.usd(9000))
        #expect(outputs.positions.last?.approvedOrdersAmount == F.usd(3000))
        #expect(outputs.alerts(.orderHeld).isEmpty)
    }

    @Test func anOrderPartlyFittingIsHeldWithTheAmountThatWouldFit() throws {
        var harness = Self.ratedBuyer()
        let outputs = harness.send(F.order("O-2", 5000, on: "2024-03-02"), on: "2024-03-02").outputs
        let decision = try #require(outputs.decisions.first)
        #expect(decision.outcome == .held)
        #expect(decision.reason == "limit_exceeded")
        #expect(decision.availableAmount == F.usd(4000))
        let alert = try #require(outputs.alerts(.orderHeld).first)
        #expect(alert.orderId == "O-2")
        #expect(alert.amounts?["availableAmount"] == F.usd(4000))
        #expect(outputs.positions.isEmpty, "a held order changes no position")
    }

    @Test func anOrderIsHeldWhenNothingFits() throws {
        var harness = Self.ratedBuyer()
        harness.send(F.order("O-1", 4000, on: "2024-03-02"), on: "2024-03-02")
        let decision = try #require(harness.send(F.order("O-2", 1, on: "2024-03-03"), on: "2024-03-03").outputs.decisions.first)
        #expect(decision.outcome == .held)
        #expect(decision.exposure == F.usd(10_000))
        #expect(decision.availableAmount.isZero)
    }

    @Test func aCreditHoldFromDunningHoldsEveryOrderUntilTheInvoiceIsPaid() throws {
        var harness = Self.ratedBuyer()
        let hold = harness.send(F.creditHold("INV-1", on: "2024-05-31"), on: "2024-05-31").outputs
        #expect(hold.positions.last?.onCreditHold == true)
        let held = try #require(harness.send(F.order("O-1", 10, on: "2024-05-31"), on: "2024-05-31").outputs.decisions.first)
        #expect(held.outcome == .held)
        #expect(held.reason == "credit_hold")
        harness.send(F.paid("INV-1", 6000, on: "2024-06-01"), on: "2024-06-01")
        #expect(harness.state?.onCreditHold == false)
        let approved = try #require(harness.send(F.order("O-2", 10, on: "2024-06-01"), on: "2024-06-01").outputs.decisions.first)
        #expect(approved.outcome == .approved)
    }

    /// A write-off is a loss, not a settlement: the buyer stays on credit hold, even when dunning closes the case.
    @Test func aWrittenOffInvoiceKeepsTheBuyerOnCreditHold() throws {
        var harness = Self.ratedBuyer()
        harness.send(F.creditHold("INV-1", on: "2024-05-31"), on: "2024-05-31")
        harness.send(.invoiceWrittenOff(InvoiceWrittenOff(buyerId: F.buyer, invoiceId: "INV-1", amount: F.usd(6000),
                                                          date: F.day("2024-06-01"))), on: "2024-06-01")
        harness.send(.dunningAction(DunningAction(buyerId: F.buyer, invoiceId: "INV-1", level: 3, action: .resolved,
                                                  channel: .internalTask, date: F.day("2024-06-01"), daysPastDue: 62,
                                                  openAmount: F.usd(0))), on: "2024-06-01")
        #expect(harness.state?.onCreditHold == true)
        let held = try #require(harness.send(F.order("O-1", 10, on: "2024-06-02"), on: "2024-06-02").outputs.decisions.first)
        #expect(held.outcome == .held)
        #expect(held.reason == "credit_hold")
    }

    @Test func gradeTenAndUnratedBuyersAreHeld() throws {
        var insolvent = Harness()
        insolvent.send(F.assessment(limit: 10_000, grade: 10), on: "2024-03-01")
        #expect(insolvent.send(F.order("O-1", 10, on: "2024-03-01"), on: "2024-03-01").outputs.decisions.first?.reason == "grade_10")

        var unrated = Harness()
        let decision = try #require(unrated.send(F.order("O-1", 10, on: "2024-03-01"), on: "2024-03-01").outputs.decisions.first)
        #expect(decision.outcome == .held)
        #expect(decision.reason == "unrated")
        #expect(decision.creditLimit.isZero)
    }

    @Test func anInvoiceConsumesTheApprovedOrderItBills() {
        var harness = Self.ratedBuyer()
        harness.send(F.order("O-1", 3000, on: "2024-03-02"), on: "2024-03-02")
        let outputs = harness.send(F.issued("INV-2", 3000, issued: "2024-03-03", due: "2024-04-02", order: "O-1"), on: "2024-03-03").outputs
        let position = outputs.positions.last
        #expect(position?.exposure == F.usd(9000), "exposure is unchanged: the order became an invoice")
        #expect(position?.openAmount == F.usd(9000))
        #expect(position?.approvedOrdersAmount.isZero == true)
        #expect(harness.state?.orders.openApprovals.isEmpty == true)
    }

    @Test func theSameOrderIsDecidedOnlyOnce() {
        var harness = Self.ratedBuyer()
        harness.send(F.order("O-1", 3000, on: "2024-03-02"), on: "2024-03-02")
        #expect(harness.send(F.order("O-1", 3000, on: "2024-03-02"), on: "2024-03-02").rejectionCode == .duplicateEvent)
    }
}
