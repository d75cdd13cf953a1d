import Domain
import Foundation
import Runtime
import Scoring
import Testing

/// Issue 17 for scoring: a payment is (paymentId, invoiceId), movements apply once, invoices reopen, and an invoice
/// cancelled and reissued under its id starts afresh — as in the other stages.
@Suite struct LedgerEventsTests {
    static func payment(_ invoice: String, _ amount: Int64, id: String, on day: String) -> DomainEvent {
        .paymentApplied(PaymentApplied(buyerId: Fixtures.buyer, invoiceId: InvoiceId(invoice), paymentId: id,
                                       amount: Fixtures.usd(amount), paymentDate: Fixtures.date(day)))
    }

    static func reversal(_ invoice: String, _ amount: Int64, id: String, on day: String) -> DomainEvent {
        .paymentReversed(PaymentReversed(buyerId: Fixtures.buyer, invoiceId: InvoiceId(invoice), paymentId: id,
                                         amount: Fixtures.usd(amount), date: Fixtures.date(day), reason: "bounced"))
    }

    static func debitNote(_ invoice: String, _ amount: Int64, id: String, on day: String) -> DomainEvent {
        .invoiceAdjusted(InvoiceAdjusted(buyerId: Fixtures.buyer, invoiceId: InvoiceId(invoice), adjustmentId: id,
                                         adjustmentKind: .debitNote, amount: Fixtures.usd(amount), date: Fixtures.date(day)))
    }

    func open(_ driver: ProcessorDriver, _ invoice: String) -> Money? { driver.state?.invoices[invoice]?.openAmount }

    @Test func aPaymentResentUnderANewEventIdIsADuplicateAndDoesNotSettleTheInvoice() throws {
        var driver = ProcessorDriver()
        try driver.send("i1", Fixtures.issued("INV-1", 1_000, issue: "2024-01-01", due: "2024-01-31"), on: "2024-01-01")
        try driver.send("e1", Self.payment("INV-1", 500, id: "PAY-1", on: "2024-01-20"), on: "2024-01-20")
        let again = driver.outcome("e2", Self.payment("INV-1", 500, id: "PAY-1", on: "2024-01-20"), on: "2024-01-21")
        #expect(again.rejection?.code == .duplicateEvent)
        #expect(again.rejection?.field == "paymentId")
        #expect(open(driver, "INV-1") == Fixtures.usd(500))
        #expect(driver.state?.invoices["INV-1"]?.settledDate == nil)
    }

    @Test func aPaymentRedeliveredAfterMoreThan64OtherInputsIsNotAppliedTwice() throws {
        var driver = ProcessorDriver()
        try driver.send("i1", Fixtures.issued("INV-1", 1_000, issue: "2024-01-01", due: "2024-01-31"), on: "2024-01-01")
        try driver.send("pay", Self.payment("INV-1", 100, id: "PAY-1", on: "2024-01-10"), on: "2024-01-10")
        for index in 0..<65 { try driver.send("p\(index)", Fixtures.profile(), on: "2024-01-11") }
        // Beyond the runtime's id window the same input comes back: the payment's identity still refuses it.
        let redelivered = driver.outcome("pay", Self.payment("INV-1", 100, id: "PAY-1", on: "2024-01-10"), on: "2024-01-12")
        #expect(redelivered.rejection?.code == .duplicateEvent)
        #expect(open(driver, "INV-1") == Fixtures.usd(900))
    }

    @Test func onePaymentSplitOverTwoInvoicesIsTwoMovements() throws {
        var driver = ProcessorDriver()
        try driver.send("i1", Fixtures.issued("INV-1", 1_000, issue: "2024-01-01", due: "2024-01-31"), on: "2024-01-01")
        try driver.send("i2", Fixtures.issued("INV-2", 1_000, issue: "2024-01-01", due: "2024-01-31"), on: "2024-01-01")
        try driver.send("e1", Self.payment("INV-1", 600, id: "PAY-77", on: "2024-01-20"), on: "2024-01-20")
        let second = driver.outcome("e2", Self.payment("INV-2", 400, id: "PAY-77", on: "2024-01-20"), on: "2024-01-20")
        #expect(second.rejection == nil)
        #expect(second.state?.invoices["INV-2"]?.openAmount == Fixtures.usd(600))
    }

    @Test func aDebitNoteResentUnderANewEventIdIsADuplicate() throws {
        var driver = ProcessorDriver()
        try driver.send("i1", Fixtures.issued("INV-1", 1_000, issue: "2024-01-01", due: "2024-01-31"), on: "2024-01-01")
        try driver.send("d1", Self.debitNote("INV-1", 300, id: "DN-1", on: "2024-01-05"), on: "2024-01-05")
        let again = driver.outcome("d2", Self.debitNote("INV-1", 300, id: "DN-1", on: "2024-01-05"), on: "2024-01-06")
        #expect(again.rejection?.code == .duplicateEvent)
        #expect(open(driver, "INV-1") == Fixtures.usd(1_300))
    }

    @Test func aDebitNoteAfterPaymentInFullReopensTheInvoiceAndPaydexCountsItOpen() throws {
        var driver = ProcessorDriver()
        try driver.send("i1", Fixtures.issued("INV-1", 10_000, issue: "2024-01-01", due: "2024-01-31"), on: "2024-01-01")
        let paid = try driver.send("e1", Self.payment("INV-1", 10_000, id: "PAY-1", on: "2024-01-31"), on: "2024-01-31")
        #expect(Fixtures.assessments(paid).first?.paydex == 80)
        try driver.send("d1", Self.debitNote("INV-1", 300, id: "DN-1", on: "2024-02-10"), on: "2024-02-10")
        #expect(open(driver, "INV-1") == Fixtures.usd(300))
        #expect(driver.state?.invoices["INV-1"]?.settledDate == nil)
        // 30 days past due on 2024-03-01: the 300 open counts at 50 points; the invoice is no longer settled.
        let later = try driver.punctuate(on: "2024-03-01")
        #expect(Fixtures.assessments(later).first?.paydex == 50)
    }

    @Test func aReversedPaymentReopensTheInvoice() throws {
        var driver = ProcessorDriver()
        try driver.send("i1", Fixtures.issued("INV-1", 1_000, issue: "2024-01-01", due: "2024-01-31"), on: "2024-01-01")
        try driver.send("e1", Self.payment("INV-1", 1_000, id: "PAY-1", on: "2024-01-31"), on: "2024-01-31")
        #expect(driver.state?.invoices["INV-1"]?.settledDate == Fixtures.date("2024-01-31"))
        try driver.send("r1", Self.reversal("INV-1", 400, id: "PAY-1", on: "2024-02-03"), on: "2024-02-03")
        #expect(open(driver, "INV-1") == Fixtures.usd(400))
        #expect(driver.state?.invoices["INV-1"]?.settledDate == nil)
        // The rest of the payment (600) is still there to reverse, not more.
        let tooMuch = driver.outcome("r2", Self.reversal("INV-1", 700, id: "PAY-1", on: "2024-02-04"), on: "2024-02-04")
        #expect(tooMuch.rejection?.code == .invalidValue)
        let unknown = driver.outcome("r3", Self.reversal("INV-1", 100, id: "PAY-9", on: "2024-02-04"), on: "2024-02-04")
        #expect(unknown.rejection?.code == .unknownPayment)
        #expect(unknown.rejection?.field == "paymentId")
    }

    @Test func aCancelledInvoiceReissuedUnderItsIdStartsAfresh() throws {
        var driver = ProcessorDriver()
        try driver.send("i1", Fixtures.issued("INV-9", 1_000, issue: "2024-01-01", due: "2024-01-31"), on: "2024-01-01")
        try driver.send("e1", Self.payment("INV-9", 200, id: "PAY-1", on: "2024-01-10"), on: "2024-01-10")
        try driver.send("c1", .invoiceCancelled(InvoiceCancelled(buyerId: Fixtures.buyer, invoiceId: "INV-9",
                                                                 date: Fixtures.date("2024-01-12"))), on: "2024-01-12")
        let reissued = driver.outcome("i2", Fixtures.issued("INV-9", 1_200, issue: "2024-01-12", due: "2024-02-11"), on: "2024-01-12")
        #expect(reissued.rejection == nil)
        let invoice = try #require(reissued.state?.invoices["INV-9"])
        #expect(invoice.openAmount == Fixtures.usd(1_200) && invoice.payments.isEmpty)
        // An invoice that is open (not cancelled) cannot be issued again.
        driver.state = reissued.state
        #expect(driver.outcome("i3", Fixtures.issued("INV-9", 1_200, issue: "2024-01-12", due: "2024-02-11"),
                               on: "2024-01-13").rejection?.code == .duplicateEvent)
    }
}
