import Domain

/// The demo's ERP and its neighbours (data provider, insurer, collectors): a schedule of input events over
/// `days` days from `start`, the same for the same seed. Every buyer gets a profile, a financial statement
/// and an insurer limit on day 0, then orders every few days, each invoiced the next day and paid (or not)
/// by the buyer's habit; disputes, a promise to pay and one insolvency come with the habits.
package struct ERPSimulator {
    package var start: CalendarDate
    package var days: Int
    package var seed: UInt64

    package init(start: CalendarDate, days: Int, seed: UInt64) {
        self.start = start
        self.days = days
        self.seed = seed
    }

    /// The events in time order (each at its business date plus an hour of the day).
    package func schedule() -> [EventEnvelope] {
        var random = SplitMix64(seed: seed)
        var events: [EventEnvelope] = []
        func add(_ day: Int, hour: Int, source: String, id: String, _ event: DomainEvent) {
            guard day < days else { return }
            let time = Timestamp(date: start.adding(days: day), hour: hour, minute: Int(random.next() % 60))
            events.append(EventEnvelope(id: id, source: source, time: time, event: event))
        }
        func usd(_ major: Int64) -> Money { Money(amountMinor: major * 100, currency: .usd) }

        for buyer in DemoScenario.buyers {
            let b = buyer.id.rawValue
            add(0, hour: 6, source: "provider/demo", id: "\(b)/profile",
                .buyerProfile(BuyerProfile(buyerId: buyer.id, name: buyer.name, country: buyer.country, industryCode: buyer.industry)))
            add(0, hour: 7, source: "provider/demo", id: "\(b)/statement", .financialStatement(statement(buyer, periodEnd: start.adding(days: -1))))
            add(0, hour: 8, source: "insurer/demo", id: "\(b)/limit", .insurerLimitDecision(InsurerLimitDecision(
                buyerId: buyer.id, decisionId: "\(b)-L1", limit: usd(buyer.equity / 10), effectiveDate: start.adding(days: -30))))
            if case .prompt = buyer.habit {
                add(0, hour: 9, source: "collections/demo", id: "\(b)/tier",
                    .customerTierAssigned(CustomerTierAssigned(buyerId: buyer.id, tier: .strategic, effectiveDate: start)))
            }

            var day = Int(random.next() % 3)
            var number = 0
            while day < days {
                number += 1
                let invoiceId = InvoiceId("\(b)-INV-\(String(format: "%03d", number))")
                let orderId = OrderId("\(b)-ORD-\(String(format: "%03d", number))")
                let amount = usd(buyer.orderSize / 2 + Int64(random.next() % UInt64(buyer.orderSize)))
                add(day, hour: 10, source: "erp/demo", id: "\(orderId)/requested",
                    .orderRequested(OrderRequested(buyerId: buyer.id, orderId: orderId, amount: amount, orderDate: start.adding(days: day))))
                let issueDay = day + 1
                let issue = start.adding(days: issueDay)
                let due = issue.adding(days: buyer.termsDays)
                add(issueDay, hour: 11, source: "erp/demo", id: "\(invoiceId)/issued", .invoiceIssued(InvoiceIssued(
                    buyerId: buyer.id, invoiceId: invoiceId, amount: amount, issueDate: issue, dueDate: due,
                    termsDays: buyer.termsDays, orderId: orderId)))
                let dueDay = issueDay + buyer.termsDays
                func pay(_ payDay: Int, _ part: Money, _ suffix: String) {
                    add(payDay, hour: 14, source: "erp/demo", id: "\(invoiceId)/payment-\(suffix)", .paymentApplied(PaymentApplied(
                        buyerId: buyer.id, invoiceId: invoiceId, paymentId: "\(invoiceId)-P\(suffix)", amount: part,
                        paymentDate: start.adding(days: payDay))))
                }
                switch buyer.habit {
                case .prompt:
                    pay(dueDay - Int(random.next() % 4), amount, "1")
                case .slow:
                    let late = 5 + Int(random.next() % 36)
                    if number == 2 {
                        add(dueDay + 20, hour: 9, source: "collections/demo", id: "\(invoiceId)/promise", .promiseToPay(PromiseToPay(
                            buyerId: buyer.id, invoiceId: invoiceId, promiseId: "\(invoiceId)-PR", amount: amount,
                            promisedDate: start.adding(days: dueDay + 30), recordedOn: start.adding(days: dueDay + 20), collector: "demo")))
                        pay(dueDay + 30, amount, "1")
                    } else {
                        pay(dueDay + late, amount, "1")
                    }
                case .partial:
                    let half = Money(amountMinor: amount.amountMinor / 2, currency: .usd)
                    pay(dueDay + 3, half, "1")
                    pay(dueDay + 35 + Int(random.next() % 20), Money(amountMinor: amount.amountMinor - half.amountMinor, currency: .usd), "2")
                case .disputer:
                    if number % 3 == 0 {
                        add(issueDay + 5, hour: 15, source: "erp/demo", id: "\(invoiceId)/disputed", .invoiceDisputed(InvoiceDisputed(
                            buyerId: buyer.id, invoiceId: invoiceId, reason: "goods damaged in transit", date: start.adding(days: issueDay + 5))))
                        let credit = Money(amountMinor: amount.amountMinor / 5, currency: .usd)
                        add(issueDay + 25, hour: 15, source: "erp/demo", id: "\(invoiceId)/resolved", .invoiceDisputeResolved(InvoiceDisputeResolved(
                            buyerId: buyer.id, invoiceId: invoiceId, outcome: .upheld, date: start.adding(days: issueDay + 25), creditNoteAmount: credit)))
                        pay(issueDay + 40, Money(amountMinor: amount.amountMinor - credit.amountMinor, currency: .usd), "1")
                    } else {
                        pay(dueDay, amount, "1")
                    }
                case .failing(let insolvencyDay):
                    if number <= 1 { pay(dueDay + 10, amount, "1") }
                    if day >= insolvencyDay { day = days; continue }
                }
                day += 4 + Int(random.next() % 8)
            }
            if case .failing(let insolvencyDay) = buyer.habit {
                add(insolvencyDay, hour: 9, source: "provider/demo", id: "\(b)/insolvency", .buyerExternalEvent(BuyerExternalEvent(
                    buyerId: buyer.id, eventId: "\(b)-INSOLVENCY", eventKind: .insolvencyFiling, date: start.adding(days: insolvencyDay),
                    details: "insolvency proceedings opened", provider: "demo-registry")))
            }
        }
        return events.sorted { ($0.time, $0.id) < ($1.time, $1.id) }
    }

    /// A statement whose ratios follow the buyer's strength: strong buyers earn more and owe less.
    package func statement(_ buyer: DemoBuyer, periodEnd: CalendarDate) -> FinancialStatement {
        let equity = Double(buyer.equity)
        let assets = equity / (0.15 + 0.55 * buyer.strength)
        let liabilities = assets - equity
        func usd(_ major: Double) -> Money { Money(amountMinor: Int64(major.rounded()) * 100, currency: .usd) }
        let current = assets * 0.45
        let shortTerm = liabilities * (0.7 - 0.3 * buyer.strength)
        return FinancialStatement(
            buyerId: buyer.id, periodEnd: periodEnd, totalAssets: usd(assets), totalLiabilities: usd(liabilities),
            currentAssets: usd(current), shortTermLiabilities: usd(shortTerm), workingCapital: usd(current - shortTerm),
            retainedEarnings: usd(equity * (buyer.strength - 0.3)), ebit: usd(assets * (0.12 * buyer.strength - 0.03)),
            bookEquity: usd(equity), sales: usd(assets * (0.8 + buyer.strength)), netProfit: usd(assets * (0.08 * buyer.strength - 0.03)))
    }
}
