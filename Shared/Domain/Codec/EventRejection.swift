/// Why an input was refused: a stable code, the field it concerns and a human message.
///
/// Every bad input of DOMAIN.md §2 has a code here. Stages park the refused record on their
/// dead-letter topic with ``deadLetterHeaders`` and count it; nothing is dropped silently.
public struct EventRejection: Error, Sendable, Hashable, CustomStringConvertible {
    /// The stable, machine-readable reason.
    public enum Code: String, Sendable, Hashable, CaseIterable {
        /// `ce_type` names no event this reader knows.
        case unknownType = "unknown_type"
        /// `ce_type` carries a version this reader does not know (e.g. newer than it).
        case unsupportedVersion = "unsupported_version"
        /// A required field is absent or null.
        case missingField = "missing_field"
        /// A field has the wrong JSON type (a string where a number belongs, …).
        case wrongType = "wrong_type"
        /// A field has the right type but a value outside its domain.
        case invalidValue = "invalid_value"
        /// A money amount that must not be negative is negative.
        case negativeAmount = "negative_amount"
        /// An amount lies outside ±10^15 minor units (`Money.inputBoundMinor`).
        case amountOutOfRange = "amount_out_of_range"
        /// Applying the input would take a sum of money beyond what 64-bit minor units hold; the state is unchanged.
        case amountOverflow = "amount_overflow"
        /// An amount is in a currency the policy has no exchange rate for into the reporting currency.
        case unknownExchangeRate = "unknown_exchange_rate"
        /// A currency code is not ISO 4217.
        case unknownCurrency = "unknown_currency"
        /// Amounts that must share one currency do not.
        case mixedCurrency = "mixed_currency"
        /// A date is not a real `YYYY-MM-DD` calendar date.
        case invalidDate = "invalid_date"
        /// An invoice falls due before it was issued.
        case dueDateBeforeIssueDate = "due_date_before_issue_date"
        /// A payment or update refers to an invoice the stage has never seen (stateful; raised by stages).
        case unknownInvoice = "unknown_invoice"
        /// Another stage's output refers to an entity this stage has never known, although everything up to that
        /// output's own time has been read (inputs are merged in event-time order): a real inconsistency.
        case unknownReference = "unknown_reference"
        /// A reversal names a payment the stage never applied to that invoice (stateful; raised by stages).
        case unknownPayment = "unknown_payment"
        /// The same `ce_source` + `ce_id` was already applied (stateful; raised by stages).
        case duplicateEvent = "duplicate_event"
        /// The value ends before its JSON document does (the message names the byte offset).
        case truncatedJSON = "truncated_json"
        /// The value is not valid UTF-8.
        case invalidUTF8 = "invalid_utf8"
        /// The value is UTF-8 but not JSON (the message names the byte offset where reading failed).
        case malformedJSON = "malformed_json"
        /// A required CloudEvents header is absent.
        case missingHeader = "missing_header"
        /// A CloudEvents header is present but unusable.
        case invalidHeader = "invalid_header"
        /// The value is well-formed JSON but not an object (`123.45`, `[1]`, `null`).
        case notAnObject = "not_an_object"
        /// An event id already applied arrives again with different content: a producer bug (stateful; raised by stages).
        case conflictingDuplicate = "conflicting_duplicate"
        /// The `ce_type` is not one the contract allows on the topic the record arrived on.
        case wrongTopic = "wrong_topic"
        /// A payment or other movement is dated before its invoice's issue date (stateful; raised by stages).
        case dateBeforeIssue = "date_before_issue"
        /// The record's Kafka key is not the `buyerId` of its value.
        case keyMismatch = "key_mismatch"
        /// The record has no Kafka key.
        case missingKey = "missing_key"
        /// The record is not on the partition its key hashes to (murmur2); the message names the right one.
        case wrongPartition = "wrong_partition"
        /// The record is larger than a stage reads; it is parked unread.
        case recordTooLarge = "record_too_large"
    }

    public var code: Code
    /// The offending field: a JSON path in the value (`amount.currency`, `instalments[1].dueDate`),
    /// a header name (`ce_type`), or empty for the value as a whole.
    public var field: String
    /// What is wrong, for a person reading a dead-letter record or a log line.
    public var message: String

    public init(code: Code, field: String, message: String) {
        self.code = code
        self.field = field
        self.message = message
    }

    public var description: String {
        field.isEmpty ? "\(code.rawValue): \(message)" : "\(code.rawValue) at \(field): \(message)"
    }

    /// Header names under which a dead-letter record carries the rejection (the runtime's `dlq.*` headers).
    public enum HeaderKey {
        public static let code = "dlq.error.code"
        public static let field = "dlq.error.field"
        public static let message = "dlq.error.message"
    }

    /// The rejection as record headers for a dead-letter topic.
    public var deadLetterHeaders: [EventHeader] {
        [EventHeader(key: HeaderKey.code, value: code.rawValue),
         EventHeader(key: HeaderKey.field, value: field),
         EventHeader(key: HeaderKey.message, value: message)]
    }
}

extension EventRejection {
    /// A payment or update for an invoice the stage does not know.
    public static func unknownInvoice(_ invoiceId: InvoiceId, field: String = "invoiceId") -> EventRejection {
        EventRejection(code: .unknownInvoice, field: field, message: "no invoice \"\(invoiceId)\" is known for this buyer")
    }

    /// Another stage's output (`topic`) about an invoice this stage has never known.
    public static func unknownReference(_ invoiceId: InvoiceId, from topic: String) -> EventRejection {
        EventRejection(code: .unknownReference, field: "invoiceId",
                       message: "\(topic) refers to invoice \"\(invoiceId)\", which this stage has never known")
    }

    /// A reversal of a payment never applied to the invoice: a payment's identity is (paymentId, invoiceId).
    public static func unknownPayment(_ paymentId: String, invoiceId: InvoiceId) -> EventRejection {
        EventRejection(code: .unknownPayment, field: "paymentId",
                       message: "no payment \"\(paymentId)\" was applied to invoice \"\(invoiceId)\"")
    }

    /// A reversal of more than what remains of the payment on that invoice (`invalid_value`).
    public static func reversalExceedsPayment(_ reversal: Money, paymentId: String, remaining: Money) -> EventRejection {
        EventRejection(code: .invalidValue, field: "amount",
                       message: "reversal of \(reversal) exceeds the \(remaining) of payment \"\(paymentId)\" still applied")
    }

    /// An event whose `ce_source` + `ce_id` was already applied.
    public static func duplicateEvent(source: String, id: String) -> EventRejection {
        EventRejection(code: .duplicateEvent, field: "ce_id", message: "event \"\(id)\" from \"\(source)\" was already applied")
    }

    /// A required field that is absent.
    public static func missingField(_ field: String) -> EventRejection {
        EventRejection(code: .missingField, field: field, message: "required field is missing")
    }

    /// Refuses an amount outside ±10^15 minor units at `field` (`amount_out_of_range`).
    static func requireWithinBounds(_ amount: Money, at field: String) throws(EventRejection) {
        guard amount.isWithinInputBounds else {
            throw EventRejection(code: .amountOutOfRange, field: field,
                                 message: "amount \(amount.amountMinor) minor units lies outside ±\(Money.inputBoundMinor)")
        }
    }

    /// Refuses a negative amount, or one outside ±10^15 minor units, at `field`: every amount an ERP, a data
    /// provider or a collector sends.
    static func requireAmount(_ amount: Money, at field: String) throws(EventRejection) {
        try requireNonNegative(amount, at: field)
        try requireWithinBounds(amount, at: field)
    }

    /// An input that would take a sum of money beyond 64-bit minor units (`amount_overflow`).
    public static func amountOverflow(_ field: String = "amount") -> EventRejection {
        EventRejection(code: .amountOverflow, field: field,
                       message: "applying this amount would overflow a sum of money; the state is unchanged")
    }

    /// An amount in a currency without an exchange rate into the reporting currency (`unknown_exchange_rate`).
    public static func unknownExchangeRate(_ currency: Currency, reporting: Currency,
                                           field: String = "amount.currency") -> EventRejection {
        EventRejection(code: .unknownExchangeRate, field: field,
                       message: "the policy has no exchange rate from \(currency) into the reporting currency \(reporting)")
    }

    /// Refuses a negative amount at `field`.
    static func requireNonNegative(_ amount: Money, at field: String) throws(EventRejection) {
        guard amount.amountMinor >= 0 else {
            throw EventRejection(code: .negativeAmount, field: field,
                                 message: "amount must not be negative, found \(amount.amountMinor) minor units")
        }
    }

    /// Refuses a value outside its domain at `field`.
    static func require(_ condition: Bool, at field: String, _ message: @autoclosure () -> String) throws(EventRejection) {
        guard condition else { throw EventRejection(code: .invalidValue, field: field, message: message()) }
    }

    /// Refuses amounts that do not share the currency of the first one.
    static func requireSameCurrency(_ amounts: [(field: String, amount: Money)]) throws(EventRejection) {
        guard let first = amounts.first else { return }
        for (field, amount) in amounts where amount.currency != first.amount.currency {
            throw EventRejection(code: .mixedCurrency, field: field,
                                 message: "currency \(amount.currency) differs from \(first.field)'s \(first.amount.currency)")
        }
    }
}
