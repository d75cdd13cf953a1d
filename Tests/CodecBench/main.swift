import Domain
import Foundation

// Encode and decode throughput of the hand-written codecs against Foundation's, on the same values in the same
// process: event values (JSON both ways) and changelog records (Foundation's sorted-key JSON, as the changelog was
// written before, against the binary format). Prints ratios, asserts nothing.
//
//     swift run -c release credence-codec-bench [rounds]

/// A changelog record shaped as the runtime's `KeyEntry`: a buyer's state, the applied offsets, the remembered ids.
struct ChangelogEntry: Codable, Equatable {
    struct Ledger: Codable, Equatable {
        var openInvoices: [String: Money]
        var lastPayment: CalendarDate?
        var daysBeyondTerms: [Double]
        var onCreditHold: Bool
    }
    var state: Ledger
    var applied: [String: Int64]
    var recentIDs: [UInt64]
    var recentContents: [UInt64]?
}

func date(_ day: Int) -> CalendarDate { CalendarDate(dayNumber: 19_700 + day) }
func usd(_ minor: Int64) -> Money { Money(amountMinor: minor, currency: .usd) }

func events(_ count: Int) -> [DomainEvent] {
    (0..<count).map { index in
        let buyer = BuyerId("BUYER-\(index % 977)")
        let invoice = InvoiceId("INV-2024-\(index)")
        switch index % 5 {
        case 0:
            return .invoiceIssued(InvoiceIssued(buyerId: buyer, invoiceId: invoice, amount: usd(Int64(index) * 137 % 9_000_000),
                                                issueDate: date(index % 300), dueDate: date(index % 300 + 30), termsDays: 30))
        case 1:
            return .paymentApplied(PaymentApplied(buyerId: buyer, invoiceId: invoice, paymentId: "PAY-\(index)",
                                                  amount: usd(Int64(index) * 71 % 500_000), paymentDate: date(index % 330)))
        case 2:
            return .overdueTransition(OverdueTransition(buyerId: buyer, invoiceId: invoice, daysPastDue: index % 120, dueDate: date(index % 300),
                                                        asOf: date(index % 300 + index % 120), openAmount: usd(50_000), disputed: index % 7 == 0))
        case 3:
            return .dunningAction(DunningAction(buyerId: buyer, invoiceId: invoice, level: 1 + index % 4, action: .reminder, channel: .email,
                                                date: date(index % 330), daysPastDue: index % 90, openAmount: usd(Int64(index) % 90_000),
                                                note: "reminder / \(index)"))
        default:
            return .creditAssessment(CreditAssessment(
                buyerId: buyer, assessedAt: Timestamp(millisecondsSinceEpoch: 1_711_900_000_000 + Int64(index) * 1_000),
                score: Double(index % 10_000) / 100, grade: 1 + index % 10, creditClass: .b, creditLimit: usd(1_500_000),
                terms: CreditTerms(openAccountDays: 60, prepaymentShare: 0.25, prepaymentDiscount: 0.05),
                reasons: [ScoreReason(factor: "paymentBehaviour.paydex", impact: -3.5, detail: "PAYDEX 68"),
                          ScoreReason(factor: "events.litigation", impact: -1.25)],
                modelVersion: "scorecard-2024.1", policyVersion: 1,
                components: ScoreComponents(financialStrength: 55.5, paymentBehaviour: 68.5, countryIndustry: 62.5, events: 90.5),
                probabilityOfDefault: 0.035, altmanZDoublePrime: 2.75, paydex: 68, averageDaysBeyondTerms: 12.5))
        }
    }
}

func entries(_ count: Int) -> [ChangelogEntry] {
    (0..<count).map { index in
        let invoices = Dictionary(uniqueKeysWithValues: (0..<(1 + index % 12)).map { ("INV-\(index)-\($0)", usd(Int64($0 * 10_000 + index))) })
        return ChangelogEntry(
            state: .init(openInvoices: invoices, lastPayment: date(index % 300), daysBeyondTerms: (0..<(index % 8)).map { Double($0) * 1.5 },
                         onCreditHold: index % 9 == 0),
            applied: ["erp.invoices": Int64(index * 13), "erp.payments": Int64(index * 7), "clock.ticks": 12],
            recentIDs: (0..<32).map { UInt64($0 &* 0x9E37_79B9_7F4A_7C15 &+ UInt64(index)) },
            recentContents: (0..<32).map { UInt64($0 &* 0xBF58_476D_1CE4_E5B9 &+ UInt64(index)) })
    }
}

/// The best of `rounds` runs, in values per second.
func measure(rounds: Int, count: Int, _ body: () throws -> Void) rethrows -> Double {
    var best = Duration.seconds(1_000)
    for _ in 0..<rounds {
        let start = ContinuousClock.now
        try body()
        best = min(best, ContinuousClock.now - start)
    }
    let seconds = Double(best.components.seconds) + Double(best.components.attoseconds) / 1e18
    return Double(count) / seconds
}

func row(_ name: String, foundation: Double, handWritten: Double) {
    func rate(_ value: Double) -> String { String(format: "%10.0f/s", value) }
    print("| \(name) | \(rate(foundation)) | \(rate(handWritten)) | \(String(format: "%.2f", handWritten / foundation))× |")
}

let rounds = CommandLine.arguments.dropFirst().first.flatMap(Int.init) ?? 5
let sample = events(20_000)
let foundationEncoder = JSONEncoder()
foundationEncoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
let foundationDecoder = JSONDecoder()

func encodeFoundation(_ event: DomainEvent) throws -> [UInt8] {
    Array(try foundationEncoder.encode(event.payload))
}

func decodeFoundation<Payload: DomainEventPayload>(_ type: Payload.Type, _ bytes: [UInt8]) throws -> DomainEvent {
    try foundationDecoder.decode(type, from: Data(bytes)).domainEvent
}

let encoded = try sample.map { try EventCodec.encodeValue($0) }
let sameBytes = try zip(sample, encoded).allSatisfy { try encodeFoundation($0.0) == $0.1 }
let bytes = encoded.reduce(0) { $0 + $1.count }
print("events: \(sample.count) values, \(bytes / sample.count) bytes each on average; identical bytes to Foundation's: \(sameBytes)")

print("| measure | Foundation | hand-written | ratio |")
print("| --- | --- | --- | --- |")
let encodeFoundationRate = try measure(rounds: rounds, count: sample.count) {
    for event in sample { _ = try encodeFoundation(event) }
}
let encodeHandWritten = try measure(rounds: rounds, count: sample.count) {
    for event in sample { _ = try EventCodec.encodeValue(event) }
}
row("event value, encode", foundation: encodeFoundationRate, handWritten: encodeHandWritten)
let decodeFoundationRate = try measure(rounds: rounds, count: sample.count) {
    for (event, value) in zip(sample, encoded) { _ = try decodeFoundation(event.kind.payloadType, value) }
}
let decodeHandWritten = try measure(rounds: rounds, count: sample.count) {
    for (event, value) in zip(sample, encoded) { _ = try EventCodec.decodeValue(value, as: event.kind) }
}
row("event value, decode (with rules)", foundation: decodeFoundationRate, handWritten: decodeHandWritten)

let records = entries(20_000)
let changelogEncoder = JSONEncoder()
changelogEncoder.outputFormatting = [.sortedKeys]
let jsonRecords = try records.map { Array(try changelogEncoder.encode($0)) }
let binaryRecords = try records.map { try BinaryCodec.encode($0) }
let roundTrips = try zip(records, binaryRecords).allSatisfy { try BinaryCodec.decode(ChangelogEntry.self, from: $0.1) == $0.0 }
print("")
print("changelog: \(records.count) records, \(jsonRecords.reduce(0) { $0 + $1.count } / records.count) bytes each as JSON, "
      + "\(binaryRecords.reduce(0) { $0 + $1.count } / records.count) as binary; binary reads back equal: \(roundTrips)")
print("| measure | Foundation JSON | binary | ratio |")
print("| --- | --- | --- | --- |")
let changelogEncodeFoundation = try measure(rounds: rounds, count: records.count) {
    for record in records { _ = try changelogEncoder.encode(record) }
}
let changelogEncodeBinary = try measure(rounds: rounds, count: records.count) {
    for record in records { _ = try BinaryCodec.encode(record) }
}
row("changelog record, encode", foundation: changelogEncodeFoundation, handWritten: changelogEncodeBinary)
let changelogDecodeFoundation = try measure(rounds: rounds, count: records.count) {
    for record in jsonRecords { _ = try foundationDecoder.decode(ChangelogEntry.self, from: Data(record)) }
}
let changelogDecodeBinary = try measure(rounds: rounds, count: records.count) {
    for record in binaryRecords { _ = try BinaryCodec.decode(ChangelogEntry.self, from: record) }
}
row("changelog record, decode", foundation: changelogDecodeFoundation, handWritten: changelogDecodeBinary)
let changelogDecodeLegacy = try measure(rounds: rounds, count: records.count) {
    for record in jsonRecords { _ = try JSONCodec.decode(ChangelogEntry.self, from: record) }
}
row("changelog record, decode old JSON (upgrade path)", foundation: changelogDecodeFoundation, handWritten: changelogDecodeLegacy)
