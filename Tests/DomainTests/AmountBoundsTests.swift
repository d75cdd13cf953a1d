import Foundation
import Testing
@testable import Domain

/// Every amount an input carries lies within ±10^15 minor units (DOMAIN.md §1); the codec refuses the rest as
/// `amount_out_of_range`, and the published JSON Schemas say the same.
@Suite struct AmountBoundsTests {
    func rejection(_ value: String, type: String) -> EventRejection? {
        do {
            _ = try EventCodec.decode(headers: EventCodecRejectionTests.headers(type: type), value: Array(value.utf8))
            return nil
        } catch {
            return error
        }
    }

    static func debitNote(_ minor: String) -> String {
        #"{"buyerId":"B","invoiceId":"I","adjustmentId":"D-1","adjustmentKind":"debitNote","#
            + #""amount":{"amountMinor":\#(minor),"currency":"USD"},"date":"2024-03-02"}"#
    }

    @Test func theHostileDebitNoteOfInt64MaxIsOutOfRange() {
        let refused = rejection(Self.debitNote("9223372036854775807"), type: "credence.invoice.adjusted.v1")
        #expect(refused?.code == .amountOutOfRange)
        #expect(refused?.field == "amount")
    }

    @Test func theBoundItselfIsAcceptedAndOneMinorUnitBeyondIsNot() {
        #expect(rejection(Self.debitNote("1000000000000000"), type: "credence.invoice.adjusted.v1") == nil)
        #expect(rejection(Self.debitNote("1000000000000001"), type: "credence.invoice.adjusted.v1")?.code == .amountOutOfRange)
    }

    @Test func everyInputAmountIsBounded() {
        let big = "1000000000000001"
        let cases: [(type: String, value: String, field: String)] = [
            ("credence.invoice.issued.v1", #"{"buyerId":"B","invoiceId":"I","amount":{"amountMinor":\#(big),"currency":"USD"},"issueDate":"2024-03-01","dueDate":"2024-03-31","termsDays":30}"#, "amount"),
            ("credence.invoice.payment-applied.v1", #"{"buyerId":"B","invoiceId":"I","paymentId":"P","amount":{"amountMinor":\#(big),"currency":"USD"},"paymentDate":"2024-03-05"}"#, "amount"),
            ("credence.order.requested.v1", #"{"buyerId":"B","orderId":"O","amount":{"amountMinor":\#(big),"currency":"USD"},"orderDate":"2024-03-05"}"#, "amount"),
            ("credence.buyer.insurer-limit-decision.v1", #"{"buyerId":"B","decisionId":"L-1","limit":{"amountMinor":\#(big),"currency":"USD"},"effectiveDate":"2024-03-05"}"#, "limit"),
            ("credence.collections.promise-to-pay.v1", #"{"buyerId":"B","invoiceId":"I","promiseId":"PR-1","amount":{"amountMinor":\#(big),"currency":"USD"},"promisedDate":"2024-03-05","recordedOn":"2024-03-01"}"#, "amount"),
        ]
        for (type, value, field) in cases {
            let refused = rejection(value, type: type)
            #expect(refused?.code == .amountOutOfRange, "\(type): \(String(describing: refused))")
            #expect(refused?.field == field, "\(type)")
        }
    }

    @Test func aNegativeStatementFigureBeyondTheBoundIsRefusedToo() {
        let money = { (minor: String) in #"{"amountMinor":\#(minor),"currency":"EUR"}"# }
        let statement = #"{"buyerId":"B","periodEnd":"2023-12-31","totalAssets":\#(money("100")),"totalLiabilities":\#(money("50")),"#
            + #""currentAssets":\#(money("10")),"shortTermLiabilities":\#(money("5")),"workingCapital":\#(money("5")),"#
            + #""retainedEarnings":\#(money("-1000000000000001")),"ebit":\#(money("1")),"bookEquity":\#(money("50")),"#
            + #""sales":\#(money("10")),"netProfit":\#(money("-1"))}"#
        let refused = rejection(statement, type: "credence.buyer.financial-statement.v1")
        #expect(refused?.code == .amountOutOfRange)
        #expect(refused?.field == "retainedEarnings")
    }

    @Test func theSchemasOfEveryInputStateTheBound() throws {
        let inputs = EventKind.allCases.filter { kind in
            ["credence.invoice.", "credence.order.", "credence.buyer.", "credence.collections."]
                .contains { kind.ceType.hasPrefix($0) }
        }
        #expect(inputs.count >= 12)
        for kind in inputs {
            let name = kind.ceType
            let text = try String(contentsOf: ContractSchemaDriftTests.schemaURL(kind), encoding: .utf8)
            guard text.contains("amountMinor") else { continue }
            #expect(text.contains(#""maximum": 1000000000000000"#), "\(name) states no upper bound")
        }
    }
}
