import Console
import Domain
import Foundation
import TestSupport
import Testing

/// The console's pure parts, called directly: escaping, sessions, the form rules and the views' paging.
struct ConsoleRuleTests {
    @Test func interpolatedTextIsEscapedAndTrustedMarkupIsNot() {
        let reason = "<img src=x onerror=alert(1)> & \"quoted\" 'single'"
        let markup: HTMLText = "<td title=\"\(reason)\">\(reason)</td>"
        #expect(markup.markup == "<td title=\"&lt;img src=x onerror=alert(1)&gt; &amp; &quot;quoted&quot; &#39;single&#39;\">&lt;img src=x onerror=alert(1)&gt; &amp; &quot;quoted&quot; &#39;single&#39;</td>")
        let nested: HTMLText = "<p>\(HTMLText(trusted: "<b>bold</b>"))</p>"
        #expect(nested.markup == "<p><b>bold</b></p>")
    }

    @Test func aSessionCookieIsRefusedWhenExpiredAlteredOrSignedWithAnotherKey() throws {
        let codec = SessionCodec(secret: Array(repeating: 7, count: 32), lifetime: .seconds(60))
        let now = Date(timeIntervalSince1970: 1_700_000_000)
        let session = codec.newSession(user: "carl", role: .collector, now: now)
        let cookie = codec.encode(session)
        #expect(codec.decode(cookie, now: now) == session)
        #expect(codec.decode(cookie, now: now.addingTimeInterval(61)) == nil)
        #expect(SessionCodec(secret: Array(repeating: 8, count: 32)).decode(cookie, now: now) == nil)
        var bytes = Array(cookie.utf8)
        bytes[3] = bytes[3] == UInt8(ascii: "A") ? UInt8(ascii: "B") : UInt8(ascii: "A")
        #expect(codec.decode(String(decoding: bytes, as: UTF8.self), now: now) == nil)
        #expect(codec.isValidCSRFToken(codec.csrfToken(for: session.nonce), for: session.nonce))
        #expect(!codec.isValidCSRFToken(codec.csrfToken(for: "other"), for: session.nonce))
        #expect(!codec.isValidCSRFToken(nil, for: session.nonce))
    }

    @Test func theLoginThrottleLocksAfterTheLimitAndFreesAfterTheWindow() {
        let throttle = LoginThrottle(limit: 3, window: .seconds(60))
        let start = ContinuousClock.now
        for offset in 0..<3 { throttle.recordFailure(["user:ada"], now: start + .seconds(offset)) }
        #expect(throttle.retryAfter(["user:ada"], now: start + .seconds(3)) == .seconds(57))
        #expect(throttle.retryAfter(["user:bob"], now: start + .seconds(3)) == nil)
        #expect(throttle.retryAfter(["user:ada"], now: start + .seconds(61)) == nil)
    }

    @Test func aPaymentPlanFormBecomesAValidatedPlanAndAMixedCurrencyPlanIsRefused() throws {
        let today = try CalendarDate("2024-03-20")
        let form = ActionForm(body: "buyerId=B-1&invoiceId=I-1&currency=USD&date1=2024-04-20&amount1=100.50&date2=2024-05-20&amount2=99.50")
        let event = try CollectorAction.event(kind: .plan, form: form, user: "carl", today: today,
                                              knownBuyer: { _ in true }, knownInvoice: { _, _ in true })
        guard case .paymentPlan(let plan) = event else {
            Issue.record("expected a plan")
            return
        }
        #expect(plan.instalments.map(\.amount.amountMinor) == [10_050, 9_950] && plan.agreedOn == today)
        let backwards = ActionForm(body: "buyerId=B-1&invoiceId=I-1&currency=USD&date1=2024-05-20&amount1=1&date2=2024-04-20&amount2=1")
        #expect(throws: ActionError.self) {
            try CollectorAction.event(kind: .plan, form: backwards, user: "carl", today: today, knownBuyer: { _ in true }, knownInvoice: { _, _ in true })
        }
        let level = ActionForm(body: "buyerId=B-1&invoiceId=I-1&level=7")
        #expect(throws: ActionError(field: "level", "must be a dunning level 0–4")) {
            try CollectorAction.event(kind: .level, form: level, user: "carl", today: today, knownBuyer: { _ in true }, knownInvoice: { _, _ in true })
        }
    }

    @Test func theBuyersViewPagesThroughAHundredThousandBuyersInOrder() async throws {
        try await onOwnThreads {
            let views = ConsoleViews(policy: Policy.defaults)
            let day = try CalendarDate("2024-03-20")
            let deliveries = (0..<100_000).map { index in
                let money = Money(amountMinor: Int64(index) * 100, currency: .usd)
                let position = ReceivablesPosition(
                    buyerId: BuyerId("B-\(index)"), asOf: day, openAmount: money, overdueAmount: .zero(.usd), disputedAmount: .zero(.usd),
                    exposure: money, approvedOrdersAmount: .zero(.usd),
                    aging: AgingAmounts(current: money, days1To30: .zero(.usd), days31To60: .zero(.usd), days61To90: .zero(.usd), over90: .zero(.usd)),
                    openInvoiceCount: 1, onCreditHold: false, creditLimit: Money(amountMinor: 5_000_000, currency: .usd))
                return TopicFeed.Delivery(envelope: EventEnvelope(id: "p\(index)", source: "test", time: Timestamp(date: day), event: .receivablesPosition(position)),
                                          user: nil)
            }
            views.apply(deliveries)
            let first = views.buyers(BuyerQuery())
            #expect(first.total == 100_000)
            #expect(first.rows.map(\.buyerId.rawValue).prefix(2) == ["B-99999", "B-99998"])
            let last = views.buyers(BuyerQuery(parameters: ["page": "1999"]))
            #expect(last.rows.last?.buyerId == "B-0" && last.rows.count == 50)
            let overLimit = views.buyers(BuyerQuery(parameters: ["overlimit": "1", "sort": "exposure", "dir": "asc"]))
            // Limit 50,000.00 USD: buyers above it are B-50001 … B-99999.
            #expect(overLimit.total == 49_999 && overLimit.rows.first?.buyerId == "B-50001")
        }
    }
}

/// HMAC-SHA256 against RFC 4231's test vectors.
struct HMACKeyTests {
    static func hex(_ bytes: [UInt8]) -> String { bytes.map { String(format: "%02x", $0) }.joined() }

    @Test func rfc4231TestCases1And2And6() {
        #expect(Self.hex(HMACKey(Array(repeating: 0x0b, count: 20)).authenticationCode(for: Array("Hi There".utf8)))
                == "b0344c61d8db38535ca8afceaf0bf12b881dc200c9833da726e9376c2e32cff7")
        #expect(Self.hex(HMACKey(Array("Jefe".utf8)).authenticationCode(for: Array("what do ya want for nothing?".utf8)))
                == "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843")
        #expect(Self.hex(HMACKey(Array(repeating: 0xaa, count: 131)).authenticationCode(for: Array("Test Using Larger Than Block-Size Key - Hash Key First".utf8)))
                == "60e431591ee0b67f0d8a26aacbf5b77f8e0bc6213728c5140546040f0ee37f54")
    }
}

/// The views do not depend on which topic is read first.
struct ConsoleStateOrderTests {
    @Test func aDisputeAlertReadBeforeTheInvoicesFirstDunningActionStillMarksTheInvoice() throws {
        let day = try CalendarDate("2024-03-10")
        let alert = Alert(buyerId: "B-2", alertId: "a", alertType: .disputeOpened, severity: .warning, raisedAt: Timestamp(date: day),
                          invoiceId: "I-7")
        let action = DunningAction(buyerId: "B-2", invoiceId: "I-7", level: 1, action: .reminder, channel: .letter, date: day,
                                   daysPastDue: 5, openAmount: Money(amountMinor: 100, currency: .usd))
        var state = ConsoleState(policy: Policy.defaults)
        state.apply(EventEnvelope(id: "1", source: "t", time: Timestamp(date: day), event: .alert(alert)))
        state.apply(EventEnvelope(id: "2", source: "t", time: Timestamp(date: day), event: .dunningAction(action)))
        #expect(state.buyers["B-2"]?.invoices["I-7"]?.openDispute == alert)
        #expect(Worklist(state).disputesWaiting.map(\.invoice.invoiceId) == ["I-7"])
        state.apply(EventEnvelope(id: "3", source: "t", time: Timestamp(date: day), event: .disputeOutcome(
            DisputeOutcomeRecorded(buyerId: "B-2", invoiceId: "I-7", outcome: .rejected, date: day))))
        #expect(Worklist(state).disputesWaiting.isEmpty)
    }
}
