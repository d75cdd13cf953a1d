import Domain
@testable import Monitoring
import PropertyBased
import TestSupport
import Testing

/// Random movements, extreme ones among them, through a buyer's ledger: nothing traps, nothing wraps, the open
/// amount is the clamped sum of the movements accepted, and the aging buckets add up to it.
@Suite struct LedgerArithmeticPropertyTests {
    typealias F = Fixture

    /// One movement: 0 payment, 1 credit note, 2 debit note, 3 write-off, 4 a new invoice; its amount; its day.
    typealias Step = (kind: Int, amount: Int64, day: Int)

    /// Everyday amounts, amounts at the ±10^15 bound, and (for the pre-seeded invoice) amounts near 2^62.
    static let amounts = Gen.frequency(
        (weight: 6, gen: Gen.int64(in: 0...10_000_000)),
        (weight: 3, gen: Gen.int64(in: (Money.inputBoundMinor - 1_000)...Money.inputBoundMinor)),
        (weight: 1, gen: Gen.int64(in: 0...Money.inputBoundMinor)))

    static let steps = zip(Gen.int(in: 0...4), amounts, Gen.int(in: 0...90)).array(of: 1...60)

    /// Applies `steps` to a ledger that starts with an invoice of `seed` minor units; returns the ledger and the
    /// signed movements accepted per invoice.
    static func run(_ steps: [(Int, Int64, Int)], seed: Int64) -> (BuyerLedger, [String: [Int64]], refused: Int) {
        var ledger = BuyerLedger()
        var accepted: [String: [Int64]] = [:]
        var refused = 0
        let start = F.day("2024-01-01")
        func money(_ minor: Int64) -> Money { Money(amountMinor: minor, currency: .usd) }
        do {
            try ledger.issue(InvoiceIssued(buyerId: F.buyer, invoiceId: "INV-0", amount: money(seed), issueDate: start,
                                           dueDate: start.adding(days: 30), termsDays: 30))
            accepted["INV-0"] = [seed]
        } catch { refused += 1 }
        var invoices: [InvoiceId] = ["INV-0"]
        for (index, (kind, amount, day)) in steps.enumerated() {
            let date = start.adding(days: day)
            let target = invoices[index % invoices.count]
            do {
                switch kind {
                case 0:
                    // A payment applies what is open; the rest is the buyer's unapplied cash, not the invoice's.
                    let before = ledger[target]?.balance.amountMinor ?? 0
                    try ledger.apply(PaymentApplied(buyerId: F.buyer, invoiceId: target, paymentId: "P-\(index)",
                                                    amount: money(amount), paymentDate: date))
                    accepted[target.rawValue, default: []].append(-min(amount, before))
                case 1, 2:
                    try ledger.apply(InvoiceAdjusted(buyerId: F.buyer, invoiceId: target, adjustmentId: "A-\(index)",
                                                     adjustmentKind: kind == 1 ? .creditNote : .debitNote,
                                                     amount: money(amount), date: date))
                    accepted[target.rawValue, default: []].append(kind == 1 ? -amount : amount)
                case 3:
                    try ledger.apply(InvoiceWrittenOff(buyerId: F.buyer, invoiceId: target, amount: money(amount), date: date))
                    accepted[target.rawValue, default: []].append(-amount)
                default:
                    let id = InvoiceId("INV-N\(index)")
                    try ledger.issue(InvoiceIssued(buyerId: F.buyer, invoiceId: id, amount: money(amount), issueDate: date,
                                                   dueDate: date.adding(days: 30), termsDays: 30))
                    accepted[id.rawValue] = [amount]
                    invoices.append(id)
                }
            } catch {
                #expect(error.code == .amountOverflow, "only an overflow may refuse these movements: \(error)")
                refused += 1
            }
        }
        return (ledger, accepted, refused)
    }

    @Test func openAmountsAreTheClampedSumsAndTheBucketsAddUp() async {
        let seeds = Gen.frequency((weight: 1, gen: Gen.int64(in: 0...Money.inputBoundMinor)),
                                  (weight: 2, gen: Gen.int64(in: (Int64.max - 40 * Money.inputBoundMinor)...Int64.max)))
        await propertyCheck(count: 300, input: Self.steps, seeds) { steps, seed in
            let (ledger, accepted, _) = Self.run(steps.map { ($0.0, $0.1, $0.2) }, seed: seed)
            let asOf = F.day("2024-06-30")
            var total: Int128 = 0
            for (id, movements) in accepted {
                guard let entry = ledger[InvoiceId(id)] else { Issue.record("\(id) lost"); continue }
                let sum = movements.reduce(Int128(0)) { $0 + Int128($1) }
                #expect(Int128(entry.balance.amountMinor) == max(0, sum), "\(id)")
                #expect(entry.figuresFit)
                total += max(0, sum)
            }
            do {
                let aging = try AgingReport.of(ledger.sortedEntries, asOf: asOf,
                                               buckets: Policy.defaults.monitoring.agingBuckets, currency: .usd)
                #expect(Int128(aging.total.amountMinor) == total)
                let buckets = aging.amounts.buckets.reduce(Int128(0)) { $0 + Int128($1.amount.amountMinor) }
                #expect(buckets == Int128(aging.total.amountMinor))
            } catch {
                #expect((error as? MoneyError) == .overflow)
                #expect(total > Int128(Int64.max), "the aging refuses only a total beyond 64 bits")
            }
        }
    }

    /// The same movements through the monitoring processor, on an invoice already near 2^63, never trap; every
    /// refusal is an `amount_overflow` and leaves the state as it was.
    @Test func theProcessorNeverTrapsOnExtremeMovements() async {
        await onOwnThreads {
            await propertyCheck(count: 60, input: Self.steps, Gen.int64(in: (Int64.max - 30 * Money.inputBoundMinor)...Int64.max)) { steps, seed in
                var harness = Harness()
                var monitor = BuyerMonitor(buyerId: F.buyer)
                monitor.ledger = BuyerLedger(entries: [LedgerEntry(
                    buyerId: F.buyer, invoiceId: "INV-0", amount: Money(amountMinor: seed, currency: .usd),
                    issueDate: F.day("2024-01-01"), dueDate: F.day("2024-01-31"))])
                harness.state = monitor
                var refused = 0
                for (index, step) in steps.enumerated() {
                    let amount = Money(amountMinor: step.1, currency: .usd)
                    let event: DomainEvent = step.0 == 4
                        ? .invoiceIssued(InvoiceIssued(buyerId: F.buyer, invoiceId: InvoiceId("INV-N\(index)"), amount: amount,
                                                       issueDate: F.day("2024-01-01"), dueDate: F.day("2024-01-31"), termsDays: 30))
                        : .invoiceAdjusted(InvoiceAdjusted(buyerId: F.buyer, invoiceId: "INV-0", adjustmentId: "A-\(index)",
                                                           adjustmentKind: step.0 % 2 == 0 ? .debitNote : .creditNote,
                                                           amount: amount, date: F.day("2024-01-02")))
                    let before = harness.state
                    if let code = harness.send(event, on: "2024-01-0\(1 + step.2 % 9)").rejectionCode {
                        #expect(code == .amountOverflow)
                        #expect(harness.state == before)
                        refused += 1
                    }
                }
                let open = harness.state?.ledger.sortedEntries.reduce(Int128(0)) { $0 + Int128($1.balance.amountMinor) } ?? 0
                #expect(open <= Int128(Int64.max), "what the stage kept still fits")
                _ = refused
            }
        }
    }
}
