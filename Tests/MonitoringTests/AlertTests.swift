import Domain
import Monitoring
import Testing

@Suite struct AlertTests {
    typealias F = Fixture

    @Test func anOverdueInvoiceTransitionsOnceAtEachThresholdAfterTheDayEnds() {
        var harness = Harness()
        harness.send(F.issued("INV-1", 1000, issued: "2024-01-01", due: "2024-01-31"), on: "2024-01-01")
        #expect(harness.punctuate(at: "2024-02-01").overdueTransitions.isEmpty, "day 1 past due has not ended yet")
        let outputs = harness.punctuateDaily(from: "2024-02-02", through: "2024-06-30")
        let transitions = outputs.overdueTransitions
        #expect(transitions.map(\.daysPastDue) == [1, 15, 31, 61, 91])
        #expect(transitions.map(\.asOf) == ["2024-02-01", "2024-02-15", "2024-03-02", "2024-04-01", "2024-05-01"].map(F.day))
        let alerts = outputs.alerts(.invoiceOverdue)
        #expect(alerts.map { $0.figures["daysPastDue"] } == [1, 15, 31, 61, 91])
        #expect(alerts.map(\.severity) == [.info, .info, .warning, .critical, .critical])
        #expect(Set(alerts.map(\.alertId)).count == 5)
        #expect(alerts.allSatisfy { $0.invoiceId == "INV-1" && $0.amounts?["openAmount"] == F.usd(1000) })
        // Never again for the same invoice and threshold.
        #expect(harness.punctuateDaily(from: "2024-07-01", through: "2024-07-10").alerts(.invoiceOverdue).isEmpty)
    }

    @Test func anInvoicePaidOnAThresholdDayDoesNotReachIt() {
        var harness = Harness()
        harness.send(F.issued("INV-1", 1000, issued: "2024-01-01", due: "2024-01-31"), on: "2024-01-01")
        var outputs = harness.punctuateDaily(from: "2024-02-01", through: "2024-02-15")
        outputs += harness.send(F.paid("INV-1", 1000, on: "2024-02-15"), on: "2024-02-15").outputs
        outputs += harness.punctuateDaily(from: "2024-02-16", through: "2024-06-30")
        #expect(outputs.overdueTransitions.map(\.daysPastDue) == [1])
    }

    @Test func anEventThatAdvancesTimeCatchesUpOnThresholdsWithTheSameIds() {
        var byEvent = Harness()
        let late = byEvent.send(F.issued("INV-1", 1000, issued: "2024-01-01", due: "2024-01-31"), on: "2024-02-20").outputs
        #expect(late.overdueTransitions.map(\.daysPastDue) == [1, 15])

        var byClock = Harness()
        byClock.send(F.issued("INV-1", 1000, issued: "2024-01-01", due: "2024-01-31"), on: "2024-01-01")
        let daily = byClock.punctuateDaily(from: "2024-02-01", through: "2024-02-20")
        #expect(late.alerts(.invoiceOverdue).map(\.alertId) == daily.alerts(.invoiceOverdue).map(\.alertId),
                "the id derives from the cause (invoice and threshold), not from what noticed it")
    }

    @Test func creditLimitExceededFiresOncePerEpisode() {
        var harness = Harness()
        harness.send(F.assessment(limit: 1000), on: "2024-03-01")
        let first = harness.send(F.issued("INV-1", 1200, issued: "2024-03-01", due: "2024-03-31"), on: "2024-03-01").outputs
        let alert = first.alerts(.creditLimitExceeded)
        #expect(alert.count == 1)
        #expect(alert.first?.severity == .critical)
        #expect(alert.first?.amounts?["exposure"] == F.usd(1200))
        #expect(alert.first?.amounts?["creditLimit"] == F.usd(1000))
        // Still above the limit: the same cause, no new alert.
        #expect(harness.send(F.issued("INV-2", 100, issued: "2024-03-02", due: "2024-04-01"), on: "2024-03-02")
            .outputs.alerts(.creditLimitExceeded).isEmpty)
        #expect(harness.punctuateDaily(from: "2024-03-03", through: "2024-03-10").alerts(.creditLimitExceeded).isEmpty)
        // Back under, then over again: a new episode, a new alert with a new id.
        harness.send(F.paid("INV-1", 1200, on: "2024-03-11"), on: "2024-03-11")
        let again = harness.send(F.issued("INV-3", 1000, issued: "2024-03-12", due: "2024-04-11"), on: "2024-03-12")
            .outputs.alerts(.creditLimitExceeded)
        #expect(again.count == 1)
        #expect(again.first?.alertId != alert.first?.alertId)
    }

    @Test func limitBasedAlertsAreSkippedWhileTheBuyerHasNoLimit() {
        var harness = Harness()
        var outputs = harness.send(F.issued("INV-1", 1200, issued: "2024-01-01", due: "2024-01-31"), on: "2024-01-01").outputs
        outputs += harness.send(F.assessment(limit: 0, grade: 7), on: "2024-01-02").outputs
        outputs += harness.punctuateDaily(from: "2024-01-03", through: "2024-03-31")
        #expect(outputs.alerts(.creditLimitExceeded).isEmpty)
        #expect(outputs.alerts(.overdueRatio).isEmpty)
        #expect(!outputs.alerts(.invoiceOverdue).isEmpty)
    }

    @Test func overdueRatioFiresOnceAtTenPercentOfTheLimit() {
        var harness = Harness()
        harness.send(F.assessment(limit: 10_000), on: "2024-01-01")
        harness.send(F.issued("INV-1", 999, issued: "2024-01-01", due: "2024-01-31"), on: "2024-01-01")
        harness.send(F.issued("INV-2", 1, issued: "2024-01-01", due: "2024-02-29"), on: "2024-01-01")
        let january = harness.punctuateDaily(from: "2024-01-02", through: "2024-02-29")
        #expect(january.alerts(.overdueRatio).isEmpty, "999 overdue is below 10 % of 10,000")
        let march = harness.punctuateDaily(from: "2024-03-01", through: "2024-03-31").alerts(.overdueRatio)
        #expect(march.count == 1)
        #expect(march.first?.figures["overdueShareOfLimit"] == 0.1)
        #expect(march.first?.raisedAt == Timestamp(date: F.day("2024-03-01")))
    }

    @Test func paymentSlowdownFiresWhenDaysToPayRiseTwentyPercent() {
        var harness = Harness()
        // Previous 90 days: paid 30 days after issue. Recent 90 days: paid 36 days after issue (+20 %).
        harness.send(F.issued("A", 1000, issued: "2023-12-01", due: "2023-12-31"), on: "2023-12-01")
        harness.send(F.paid("A", 1000, on: "2023-12-31"), on: "2023-12-31")
        harness.send(F.issued("B", 1000, issued: "2024-03-01", due: "2024-03-31"), on: "2024-03-01")
        let outputs = harness.send(F.paid("B", 1000, on: "2024-04-06"), on: "2024-04-06").outputs
        let alert = outputs.alerts(.paymentSlowdown)
        #expect(alert.count == 1)
        #expect(alert.first?.figures["previousDaysToPay"] == 30)
        #expect(alert.first?.figures["recentDaysToPay"] == 36)
        #expect(harness.punctuateDaily(from: "2024-04-07", through: "2024-04-20").alerts(.paymentSlowdown).isEmpty)
    }

    @Test func anOrderAboveOneHundredFiftyPercentOfTheAverageIsASurge() {
        var harness = Harness()
        harness.send(F.assessment(limit: 100_000), on: "2024-01-01")
        harness.send(F.order("O-1", 100, on: "2024-01-02"), on: "2024-01-02")
        harness.send(F.order("O-2", 200, on: "2024-01-03"), on: "2024-01-03")
        #expect(harness.send(F.order("O-3", 225, on: "2024-01-04"), on: "2024-01-04").outputs.alerts(.orderSurge).isEmpty,
                "225 is exactly 150 % of the average 150")
        let surge = harness.send(F.order("O-4", 300, on: "2024-01-05"), on: "2024-01-05").outputs.alerts(.orderSurge)
        #expect(surge.count == 1)
        #expect(surge.first?.orderId == "O-4")
    }

    @Test func aDisputeAlertsOnceWhenOpened() {
        var harness = Harness()
        harness.send(F.issued("INV-1", 1000, issued: "2024-01-01", due: "2024-01-31"), on: "2024-01-01")
        let dispute = DomainEvent.invoiceDisputed(InvoiceDisputed(buyerId: F.buyer, invoiceId: "INV-1", reason: "late",
                                                                  date: F.day("2024-01-05")))
        let first = harness.send(dispute, on: "2024-01-05").outputs.alerts(.disputeOpened)
        #expect(first.count == 1)
        #expect(first.first?.invoiceId == "INV-1")
        #expect(harness.send(dispute, on: "2024-01-06").outputs.alerts(.disputeOpened).isEmpty)
    }

    @Test func concentrationReadsThePortfolioFromThePositionsTable() throws {
        var harness = Harness()
        func otherBuyer(_ id: String, open: Int64) throws -> [UInt8] {
            let zero = F.usd(0)
            return try EventCodec.encodeValue(.receivablesPosition(ReceivablesPosition(
                buyerId: BuyerId(id), asOf: F.day("2024-03-01"), openAmount: F.usd(open), overdueAmount: zero,
                disputedAmount: zero, exposure: F.usd(open), approvedOrdersAmount: zero,
                aging: AgingAmounts(current: F.usd(open), days1To30: zero, days31To60: zero, days61To90: zero, over90: zero),
                openInvoiceCount: 1, onCreditHold: false)))
        }
        // The table keeps only what the rules read of each position, decoded once as it is read.
        #expect(MonitoringProcessor(policy: .defaults).globalTables.map(\.topic) == [Concentration.table.topic])
        let kept = try #require(Concentration.table.decode(try otherBuyer("B-2", open: 3000)))
        #expect(kept.openAmount == F.usd(3000))
        #expect(Concentration.table.decode(Array("not a position".utf8)) == nil, "anything else is left out")
        harness.tables[Concentration.table] = ["B-2": kept, "B-3": try #require(Concentration.table.decode(try otherBuyer("B-3", open: 1000)))]
        // 1,000 of 5,000 is exactly 20 %: not above.
        #expect(harness.send(F.issued("INV-1", 1000, issued: "2024-03-01", due: "2024-03-31"), on: "2024-03-01")
            .outputs.alerts(.concentration).isEmpty)
        let alert = harness.send(F.issued("INV-2", 1000, issued: "2024-03-01", due: "2024-03-31"), on: "2024-03-01")
            .outputs.alerts(.concentration)
        #expect(alert.count == 1)
        #expect(alert.first?.amounts?["portfolioReceivables"] == F.usd(6000))
        #expect(String(format: "%.4f", alert.first?.figures["share"] ?? 0) == "0.3333")
        #expect(harness.punctuate(at: "2024-03-02").alerts(.concentration).isEmpty)
    }
}
