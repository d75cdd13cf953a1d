import Domain
import Foundation
import Kafka
import Pipeline

/// The benchmark's realistic inputs, built like the demo's ERP simulator but for any number of buyers, with
/// dates around today so a wall-clock stage sees a live portfolio (some invoices overdue, most paid).
struct BenchEvents {
    /// The first business day of the history; the last is yesterday.
    let start: CalendarDate
    var seed: UInt64 = 11

    init(daysBack: Int) {
        start = Timestamp(Date()).calendarDate.adding(days: -daysBack)
    }

    static func buyerId(_ number: Int) -> BuyerId { BuyerId(String(format: "BB-%07d", number)) }

    private static func usd(_ major: Int64) -> Money { Money(amountMinor: major * 100, currency: .usd) }

    private func envelope(_ day: Int, hour: Int, source: String, id: String, _ event: DomainEvent) -> EventEnvelope {
        EventEnvelope(id: id, source: source, time: Timestamp(date: start.adding(days: day), hour: hour), event: event)
    }

    /// The signals every buyer starts with: profile, financial statement, insurer limit.
    func onboarding(_ number: Int, random: inout SplitMix64) -> [EventEnvelope] {
        let buyer = Self.buyerId(number)
        let b = buyer.rawValue
        let strength = Double(random.next() % 100) / 100
        let demo = DemoBuyer(id: buyer, name: "Bench Buyer \(number) Ltd", country: ["DE", "FR", "IT", "NL", "ES"][number % 5],
                             industry: ["C28", "C13", "C10", "H52", "G47"][number % 5], habit: .prompt,
                             equity: 500_000 + Int64(random.next() % 4_000_000), strength: strength, termsDays: 30, orderSize: 20_000)
        let simulator = ERPSimulator(start: start, days: 1, seed: seed)
        return [
            envelope(0, hour: 6, source: "provider/bench", id: "\(b)/profile",
                     .buyerProfile(BuyerProfile(buyerId: buyer, name: demo.name, country: demo.country, industryCode: demo.industry))),
            envelope(0, hour: 7, source: "provider/bench", id: "\(b)/statement",
                     .financialStatement(simulator.statement(demo, periodEnd: start.adding(days: -1)))),
            envelope(0, hour: 8, source: "insurer/bench", id: "\(b)/limit", .insurerLimitDecision(InsurerLimitDecision(
                buyerId: buyer, decisionId: "\(b)-L1", limit: Self.usd(demo.equity / 10), effectiveDate: start.adding(days: -30)))),
        ]
    }

    /// An order, its invoice, and usually its payment (one in eight is disputed, one in ten left open).
    func cycle(_ number: Int, _ index: Int, day: Int, random: inout SplitMix64) -> [EventEnvelope] {
        let buyer = Self.buyerId(number)
        let b = buyer.rawValue
        let invoiceId = InvoiceId("\(b)-INV-\(index)")
        let orderId = OrderId("\(b)-ORD-\(index)")
        let amount = Self.usd(5_000 + Int64(random.next() % 20_000))
        let issue = start.adding(days: day + 1)
        var events = [
            envelope(day, hour: 10, source: "erp/bench", id: "\(orderId)/requested",
                     .orderRequested(OrderRequested(buyerId: buyer, orderId: orderId, amount: amount, orderDate: start.adding(days: day)))),
            envelope(day + 1, hour: 11, source: "erp/bench", id: "\(invoiceId)/issued", .invoiceIssued(InvoiceIssued(
                buyerId: buyer, invoiceId: invoiceId, amount: amount, issueDate: issue, dueDate: issue.adding(days: 30),
                termsDays: 30, orderId: orderId))),
        ]
        switch random.next() % 40 {
        case 0..<5:
            events.append(envelope(day + 6, hour: 15, source: "erp/bench", id: "\(invoiceId)/disputed", .invoiceDisputed(InvoiceDisputed(
                buyerId: buyer, invoiceId: invoiceId, reason: "goods damaged in transit", date: start.adding(days: day + 6)))))
        case 5..<9:
            break // left open
        default:
            let payDay = day + 1 + 25 + Int(random.next() % 20)
            events.append(envelope(payDay, hour: 14, source: "erp/bench", id: "\(invoiceId)/payment-1", .paymentApplied(PaymentApplied(
                buyerId: buyer, invoiceId: invoiceId, paymentId: "\(invoiceId)-P1", amount: amount, paymentDate: start.adding(days: payDay)))))
        }
        return events
    }

    /// A portfolio history: every buyer onboarded, then `cycles` orders each, in time order.
    func history(buyers: Int, cycles: Int) -> [EventEnvelope] {
        var random = SplitMix64(seed: seed)
        var events: [EventEnvelope] = []
        events.reserveCapacity(buyers * (3 + cycles * 3))
        for number in 0..<buyers {
            events += onboarding(number, random: &random)
            for index in 0..<cycles {
                events += cycle(number, index, day: 1 + index * 6 + Int(random.next() % 3), random: &random)
            }
        }
        return events.sorted { ($0.time, $0.id) < ($1.time, $1.id) }
    }

    /// `perBuyer` open invoices for each of `buyers`, round-robin (invoice 0 of every buyer, then invoice 1…),
    /// so every event lands in a different buyer's state than its neighbours and writes one changelog record.
    func openInvoices(buyers: Int, perBuyer: Int) -> some Sequence<EventEnvelope> {
        (0..<perBuyer).lazy.flatMap { index in
            (0..<buyers).lazy.map { number in
                let buyer = Self.buyerId(number)
                let invoiceId = InvoiceId("\(buyer.rawValue)-OPEN-\(index)")
                let issue = self.start.adding(days: index % 20)
                return EventEnvelope(id: "\(invoiceId)/issued", source: "erp/bench", time: Timestamp(date: issue, hour: 9),
                                     event: .invoiceIssued(InvoiceIssued(
                                        buyerId: buyer, invoiceId: invoiceId,
                                        amount: Money(amountMinor: Int64(100_000 + (number * 7 + index * 13) % 900_000), currency: .usd),
                                        issueDate: issue, dueDate: issue.adding(days: 60), termsDays: 60)))
            }
        }
    }

}
