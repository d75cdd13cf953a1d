import Foundation
import Testing
@testable import Domain

/// Every bad input of DOMAIN.md §2, and every way bytes or headers can be wrong, is refused
/// with a stable code, the field and a message.
@Suite struct EventCodecRejectionTests {
    static func headers(type: String = "credence.invoice.issued.v1", dropping dropped: String? = nil,
                        replacing replaced: (String, [UInt8])? = nil) -> [EventHeader] {
        let base = [("ce_specversion", "1.0"), ("ce_id", "evt-1"), ("ce_source", "erp/test"), ("ce_type", type),
                    ("ce_time", "2024-03-31T17:05:00Z"), ("content-type", "application/json")]
        return base.compactMap { key, value in
            if key == dropped { return nil }
            if let replaced, replaced.0 == key { return EventHeader(key: key, value: replaced.1) }
            return EventHeader(key: key, value: value)
        }
    }

    static let issued = #"{"buyerId":"B","invoiceId":"I","amount":{"amountMinor":100000,"currency":"USD"},"#
        + #""issueDate":"2024-03-01","dueDate":"2024-03-31","termsDays":30}"#

    func rejection(_ value: String, type: String = "credence.invoice.issued.v1") -> EventRejection? {
        rejection(headers: Self.headers(type: type), bytes: Array(value.utf8))
    }

    func rejection(headers: [EventHeader], bytes: [UInt8]) -> EventRejection? {
        do {
            _ = try EventCodec.decode(headers: headers, value: bytes)
            return nil
        } catch {
            return error
        }
    }

    @Test func theReferenceValueIsAccepted() {
        #expect(rejection(Self.issued) == nil)
    }

    @Test func unknownEventTypeIsRefused() {
        let r = rejection(Self.issued, type: "credence.invoice.teleported.v1")
        #expect(r == EventRejection(code: .unknownType, field: "ce_type", message: "unknown event type \"credence.invoice.teleported.v1\""))
    }

    @Test func versionsNewerOrOlderThanTheReaderAreRefused() {
        #expect(rejection(Self.issued, type: "credence.invoice.issued.v2") == EventRejection(
            code: .unsupportedVersion, field: "ce_type",
            message: "credence.invoice.issued v2 is newer than this reader, which knows v1"))
        #expect(rejection(Self.issued, type: "credence.invoice.issued.v0")?.code == .invalidHeader)
        for unversioned in ["credence.invoice.issued", "credence.invoice.issued.vx", "credence.invoice.issued.v"] {
            #expect(rejection(Self.issued, type: unversioned)?.code == .invalidHeader, "\(unversioned)")
        }
    }

    @Test func missingFieldIsNamedByItsPath() {
        let withoutDueDate = Self.issued.replacingOccurrences(of: #","dueDate":"2024-03-31""#, with: "")
        #expect(rejection(withoutDueDate) == EventRejection(code: .missingField, field: "dueDate", message: "required field is missing"))
        let withoutCurrency = Self.issued.replacingOccurrences(of: #","currency":"USD""#, with: "")
        #expect(rejection(withoutCurrency) == .missingField("amount.currency"))
        let nullInvoice = Self.issued.replacingOccurrences(of: #""invoiceId":"I""#, with: #""invoiceId":null"#)
        #expect(rejection(nullInvoice) == EventRejection(code: .missingField, field: "invoiceId", message: "required field is null"))
    }

    @Test func negativeAmountIsRefused() {
        let negative = Self.issued.replacingOccurrences(of: "100000", with: "-100")
        #expect(rejection(negative) == EventRejection(code: .negativeAmount, field: "amount",
                                                     message: "amount must not be negative, found -100 minor units"))
    }

    @Test func unknownCurrencyIsRefused() {
        let unknown = Self.issued.replacingOccurrences(of: "USD", with: "XYZ")
        #expect(rejection(unknown) == EventRejection(code: .unknownCurrency, field: "amount.currency",
                                                    message: "unknown ISO 4217 currency code \"XYZ\""))
    }

    @Test func dueDateBeforeIssueDateIsRefused() {
        let early = Self.issued.replacingOccurrences(of: "2024-03-31", with: "2024-02-15")
        #expect(rejection(early) == EventRejection(code: .dueDateBeforeIssueDate, field: "dueDate",
                                                  message: "due date 2024-02-15 is before issue date 2024-03-01"))
    }

    @Test func impossibleCalendarDateIsRefused() {
        let impossible = Self.issued.replacingOccurrences(of: "2024-03-01", with: "2023-02-29")
        #expect(rejection(impossible) == EventRejection(code: .invalidDate, field: "issueDate",
                                                       message: "expected a calendar date YYYY-MM-DD, found \"2023-02-29\""))
    }

    @Test func wrongJSONTypesAreRefusedWithTheExpectedType() {
        let stringAmount = Self.issued.replacingOccurrences(of: "100000", with: #""100000""#)
        #expect(rejection(stringAmount) == EventRejection(code: .wrongType, field: "amount.amountMinor", message: "expected integer"))
        let fractionalTerms = Self.issued.replacingOccurrences(of: #""termsDays":30"#, with: #""termsDays":"thirty""#)
        #expect(rejection(fractionalTerms) == EventRejection(code: .wrongType, field: "termsDays", message: "expected integer"))
        // A value that is JSON but no object at all is `not_an_object` (below), not a wrong type of some field.
        #expect(rejection("[1,2]")?.code == .notAnObject)
        #expect(rejection(#""text""#)?.code == .notAnObject)
    }

    @Test func wordsOutsideAClosedVocabularyAreRefused() {
        let value = #"{"buyerId":"B","invoiceId":"I","outcome":"maybe","date":"2024-03-20"}"#
        #expect(rejection(value, type: "credence.invoice.dispute-resolved.v1") == EventRejection(
            code: .invalidValue, field: "outcome", message: "\"maybe\" is not one of upheld, rejected"))
    }

    @Test func emptyIdentifiersAreRefused() {
        let empty = Self.issued.replacingOccurrences(of: #""invoiceId":"I""#, with: #""invoiceId":"""#)
        #expect(rejection(empty) == EventRejection(code: .invalidValue, field: "invoiceId", message: "identifier must not be empty"))
    }

    @Test func nestedRulesNameTheArrayElement() {
        let plan = #"{"buyerId":"B","invoiceId":"I","planId":"P","agreedOn":"2024-04-01","instalments":["#
            + #"{"dueDate":"2024-05-01","amount":{"amountMinor":1,"currency":"USD"}},"#
            + #"{"dueDate":"2024-04-30","amount":{"amountMinor":1,"currency":"USD"}}]}"#
        #expect(rejection(plan, type: "credence.collections.payment-plan.v1") == EventRejection(
            code: .invalidValue, field: "instalments[1].dueDate", message: "instalment due dates must increase"))
        let mixed = plan.replacingOccurrences(of: #""2024-04-30","amount":{"amountMinor":1,"currency":"USD"}"#,
                                              with: #""2024-05-30","amount":{"amountMinor":1,"currency":"EUR"}"#)
        #expect(rejection(mixed, type: "credence.collections.payment-plan.v1")?.code == .mixedCurrency)
        #expect(rejection(mixed, type: "credence.collections.payment-plan.v1")?.field == "instalments[1].amount")
        let badDate = plan.replacingOccurrences(of: "2024-04-30", with: "2024-04-31")
        #expect(rejection(badDate, type: "credence.collections.payment-plan.v1")?.field == "instalments[1].dueDate")
    }

    @Test func crossFieldRulesOfOtherEventsAreEnforced() {
        let setLevel = #"{"buyerId":"B","action":"setLevel","date":"2024-04-01"}"#
        #expect(rejection(setLevel, type: "credence.collections.dunning-override.v1") == .missingField("level"))
        let level9 = #"{"buyerId":"B","action":"setLevel","level":9,"date":"2024-04-01"}"#
        #expect(rejection(level9, type: "credence.collections.dunning-override.v1")?.field == "level")
        let country = #"{"buyerId":"B","name":"N","country":"Poland","industryCode":"C"}"#
        #expect(rejection(country, type: "credence.buyer.profile.v1") == EventRejection(
            code: .invalidValue, field: "country", message: "expected an ISO 3166-1 alpha-2 code, found \"Poland\""))
    }

    @Test func truncatedValueIsRefusedWithTheOffsetWhereItEnds() {
        let cut = Array(Self.issued.utf8.prefix(40))
        #expect(rejection(headers: Self.headers(), bytes: cut) == EventRejection(
            code: .truncatedJSON, field: "", message: "value ends before its JSON document is complete (at byte 40)"))
        #expect(rejection(headers: Self.headers(), bytes: []) == EventRejection(code: .truncatedJSON, field: "", message: "value is empty (at byte 0)"))
        #expect(rejection(#"{"buyerId":"B","amount":12"#)?.code == .truncatedJSON)
        #expect(rejection(#"{"buyerId":"B","amount":-"#)?.code == .truncatedJSON)
        #expect(rejection(#"{"buyerId":"B","paid":tr"#)?.code == .truncatedJSON)
    }

    @Test func nonUTF8ValueIsRefusedWithTheOffset() {
        var bytes = Array(Self.issued.utf8)
        bytes[12] = 0xFF
        #expect(rejection(headers: Self.headers(), bytes: bytes) == EventRejection(
            code: .invalidUTF8, field: "", message: "value is not valid UTF-8 at byte 12"))
        // An overlong encoding of "/" and a UTF-16 surrogate are not UTF-8 either.
        for sequence: [UInt8] in [[0xC0, 0xAF], [0xED, 0xA0, 0x80], [0xF4, 0x90, 0x80, 0x80], [0xE2, 0x82]] {
            var broken = Array(Self.issued.utf8)
            broken.replaceSubrange(20..<20, with: sequence)
            #expect(rejection(headers: Self.headers(), bytes: broken)?.code == .invalidUTF8)
        }
    }

    @Test func malformedJSONIsRefusedWithTheOffsetWhereReadingFailed() {
        #expect(rejection(#"{"buyerId" "B"}"#) == EventRejection(code: .malformedJSON, field: "",
                                                             message: "value is not JSON: '\"' at byte 11, expected ':'"))
        #expect(rejection("this is not json {{{") == EventRejection(code: .malformedJSON, field: "",
                                                                 message: "value is not JSON: 'h' at byte 1, expected \"true\""))
        #expect(rejection(#"{"a":1} trailing"#)?.message == "value is not JSON: 't' at byte 8, expected the end of the document")
        #expect(rejection(#"{"a":01}"#)?.message == "value is not JSON: '1' at byte 6, expected ',' or '}'")
        #expect(rejection("{\"a\":\"x\ty\"}")?.code == .malformedJSON, "a raw tab inside a string")
    }

    @Test(arguments: [("123.45", "number"), ("1e30", "number"), ("[1]", "array"), ("null", "null"), (" \"text\"", "string"), ("true", "boolean")])
    func jsonThatIsNotAnObjectIsRefusedAsSuch(value: String, type: String) {
        let start = value.hasPrefix(" ") ? 1 : 0
        #expect(rejection(value) == EventRejection(code: .notAnObject, field: "",
                                                  message: "value is a JSON \(type), not an object (at byte \(start))"))
    }

    @Test(arguments: ["ce_specversion", "ce_id", "ce_source", "ce_type", "ce_time", "content-type"])
    func missingCloudEventsHeaderIsRefused(header: String) {
        let r = rejection(headers: Self.headers(dropping: header), bytes: Array(Self.issued.utf8))
        #expect(r == EventRejection(code: .missingHeader, field: header, message: "required CloudEvents header is missing"))
    }

    @Test func invalidCloudEventsHeadersAreRefused() {
        let value = Array(Self.issued.utf8)
        let cases: [(String, [UInt8], String)] = [
            ("ce_specversion", Array("0.3".utf8), "expected CloudEvents 1.0, found \"0.3\""),
            ("ce_time", Array("yesterday".utf8), "expected an RFC 3339 timestamp, found \"yesterday\""),
            ("content-type", Array("text/plain".utf8), "expected application/json, found \"text/plain\""),
            ("ce_id", [], "header must not be empty"),
            ("ce_source", [0xFF, 0xFE], "header is not valid UTF-8"),
        ]
        for (key, bytes, message) in cases {
            #expect(rejection(headers: Self.headers(replacing: (key, bytes)), bytes: value)
                == EventRejection(code: .invalidHeader, field: key, message: message))
        }
        let charset = Self.headers(replacing: ("content-type", Array("application/json; charset=utf-8".utf8)))
        #expect(rejection(headers: charset, bytes: value) == nil)
        #expect(rejection(headers: Self.headers(dropping: "content-type"), bytes: value)
            == EventRejection(code: .missingHeader, field: "content-type", message: "required CloudEvents header is missing"),
            "the contract requires content-type")
    }

    @Test func statefulRejectionsForStagesCarryCodeFieldAndMessage() {
        #expect(EventRejection.unknownInvoice("INV-9") == EventRejection(
            code: .unknownInvoice, field: "invoiceId", message: "no invoice \"INV-9\" is known for this buyer"))
        #expect(EventRejection.duplicateEvent(source: "erp", id: "evt-1") == EventRejection(
            code: .duplicateEvent, field: "ce_id", message: "event \"evt-1\" from \"erp\" was already applied"))
    }

    @Test func rejectionsBecomeDeadLetterHeaders() {
        let r = EventRejection(code: .negativeAmount, field: "amount", message: "amount must not be negative")
        #expect(r.description == "negative_amount at amount: amount must not be negative")
        #expect(r.deadLetterHeaders.map(\.description) == [
            "dlq.error.code=negative_amount", "dlq.error.field=amount",
            "dlq.error.message=amount must not be negative",
        ])
        #expect(Set(EventRejection.Code.allCases.map(\.rawValue)).count == EventRejection.Code.allCases.count)
    }
}
