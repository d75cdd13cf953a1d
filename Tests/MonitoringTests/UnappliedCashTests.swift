import Domain
import Testing
@testable import Monitoring

/// Issue "The ledger as an ERP really sends it" §4: an overpayment becomes the buyer's unapplied cash — shown in
/// the position, lowering exposure, applied by policy to the next open invoices — and is never dropped.
@Suite struct UnappliedCashTests {
    typealias F = Fixture

    @Test func anOverpaymentIsKeptAndLowersExposure() throws {
        var policy = Policy.defaults
        policy.monitoring.applyUnappliedCash = .keepOnAccount
        var harness = Harness()
        harness.processor = MonitoringProcessor(policy: policy)
        harness.send(F.issued("INV-1", 1_000, issued: "2024-03-01", due: "2024-03-31"), on: "2024-03-01")
        harness.send(F.issued("INV-2", 500, issued: "2024-03-02", due: "2024-04-01"), on: "2024-03-02")
        let position = try #require(harness.send(F.paid("INV-1", 1_200, on: "2024-03-10"), on: "2024-03-10").outputs.positions.last)
        #expect(position.openAmount == F.usd(500))
        #expect(position.unappliedCash == F.usd(200))
        #expect(position.exposure == F.usd(300), "500 open less 200 on account")
        #expect(position.currencies?.first?.unappliedCash == F.usd(200))
        #expect(harness.state?.ledger["INV-1"]?.balance.isZero == true)
    }

    @Test func byDefaultItPaysTheOldestOpenInvoiceFirst() throws {
        var harness = Harness()
        harness.send(F.issued("INV-1", 1_000, issued: "2024-03-01", due: "2024-03-31"), on: "2024-03-01")
        harness.send(F.issued("INV-2", 500, issued: "2024-03-02", due: "2024-04-15"), on: "2024-03-02")
        harness.send(F.issued("INV-3", 400, issued: "2024-03-03", due: "2024-04-01"), on: "2024-03-03")
        let position = try #require(harness.send(F.paid("INV-1", 1_600, on: "2024-03-10"), on: "2024-03-10").outputs.positions.last)
        #expect(harness.state?.ledger["INV-3"]?.balance.isZero == true, "INV-3 falls due first")
        #expect(harness.state?.ledger["INV-2"]?.balance == F.usd(300))
        #expect(position.unappliedCash == nil)
        #expect(position.openAmount == F.usd(300))
        // What is left waits for the next invoice.
        harness.send(F.paid("INV-2", 400, on: "2024-03-11"), on: "2024-03-11")
        #expect(harness.state?.unappliedCash?.first?.remaining == F.usd(100))
        let next = try #require(harness.send(F.issued("INV-4", 250, issued: "2024-03-12", due: "2024-04-12"), on: "2024-03-12")
            .outputs.positions.last)
        #expect(next.openAmount == F.usd(150))
        #expect(next.unappliedCash == nil)
        #expect(harness.state?.ledger["INV-4"]?.settlementDate == nil)
    }

    /// Reversing an overpayment takes back the unapplied part first, then reopens the invoice.
    @Test func aReversalTakesBackTheUnappliedPartFirst() throws {
        var policy = Policy.defaults
        policy.monitoring.applyUnappliedCash = .keepOnAccount
        var harness = Harness()
        harness.processor = MonitoringProcessor(policy: policy)
        harness.send(F.issued("INV-1", 1_000, issued: "2024-03-01", due: "2024-03-31"), on: "2024-03-01")
        harness.send(F.paid("INV-1", 1_200, on: "2024-03-10", payment: "PAY-1"), on: "2024-03-10")
        let reversed = try #require(harness.send(.paymentReversed(PaymentReversed(
            buyerId: F.buyer, invoiceId: "INV-1", paymentId: "PAY-1", amount: F.usd(1_200), date: F.day("2024-03-12"))),
            on: "2024-03-12").outputs.positions.last)
        #expect(reversed.unappliedCash == nil)
        #expect(reversed.openAmount == F.usd(1_000))
    }
}
