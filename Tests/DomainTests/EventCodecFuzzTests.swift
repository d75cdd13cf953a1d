@testable import Domain
import TestSupport
import Testing

/// Feeds tens of thousands of random and mutated records to the decoder: each must yield an event
/// or a typed rejection, never a crash, and anything accepted must be a stable, valid event.
@Suite struct EventCodecFuzzTests {
    static let iterations = 24_000

    enum Mutation: CaseIterable {
        case truncate, flipBits, insertBytes, deleteBytes, injectInvalidUTF8, corruptHeader, dropHeader,
             swapType, replaceToken, randomBytes
    }

    @Test func randomAndMutatedRecordsNeverCrashTheDecoder() async throws {
        try await onOwnThreads {
            var rng = SplitMix64(seed: 0xC0FFEE)
            let seeds = try (EventFixtures.minimal + EventFixtures.full).map { try EventCodec.encode(EventFixtures.envelope($0)) }
            var accepted = 0, codes: [EventRejection.Code: Int] = [:], mutationsSeen: Set<String> = []
            for _ in 0..<Self.iterations {
                var record = seeds[Int.random(in: 0..<seeds.count, using: &rng)]
                let mutation = Mutation.allCases.randomElement(using: &rng) ?? .truncate
                mutationsSeen.insert("\(mutation)")
                Self.apply(mutation, to: &record, using: &rng)
                do throws(EventRejection) {
                    let envelope = try EventCodec.decode(headers: record.headers, value: record.value)
                    accepted += 1
                    // Whatever is accepted re-encodes and decodes to itself, and passes its own rules.
                    let again = try EventCodec.encode(envelope)
                    #expect(try EventCodec.decode(headers: again.headers, value: again.value) == envelope)
                    try envelope.event.payload.validate()
                } catch {
                    codes[error.code, default: 0] += 1
                    #expect(!error.message.isEmpty)
                }
            }
            let rejected = codes.values.reduce(0, +)
            #expect(accepted + rejected == Self.iterations)
            #expect(mutationsSeen.count == Mutation.allCases.count)
            #expect(accepted > 0, "some mutations (e.g. a flipped letter inside a string) stay valid")
            #expect(rejected > Self.iterations / 2)
            for expected: EventRejection.Code in [.truncatedJSON, .invalidUTF8, .malformedJSON, .missingHeader, .invalidHeader,
                                                  .unknownType, .unsupportedVersion, .wrongType, .missingField] {
                #expect(codes[expected, default: 0] > 0, "no \(expected.rawValue) rejection was provoked")
            }
        }
    }

    static func apply(_ mutation: Mutation, to record: inout EncodedEvent, using rng: inout SplitMix64) {
        var value = record.value
        func position(_ upper: Int) -> Int { upper > 0 ? Int.random(in: 0..<upper, using: &rng) : 0 }
        switch mutation {
        case .truncate:
            value = Array(value.prefix(position(value.count)))
        case .flipBits:
            for _ in 0..<Int.random(in: 1...3, using: &rng) where !value.isEmpty {
                value[position(value.count)] ^= UInt8(1) << UInt8.random(in: 0..<8, using: &rng)
            }
        case .insertBytes:
            let bytes = (0..<Int.random(in: 1...8, using: &rng)).map { _ in UInt8.random(in: 0...255, using: &rng) }
            value.insert(contentsOf: bytes, at: position(value.count + 1))
        case .deleteBytes:
            let start = position(value.count)
            value.removeSubrange(start..<min(value.count, start + Int.random(in: 1...6, using: &rng)))
        case .injectInvalidUTF8:
            let sequences: [[UInt8]] = [[0xFF], [0xC0, 0x80], [0x80], [0xED, 0xA0, 0x80], [0xF5, 0x80, 0x80, 0x80], [0xE2, 0x82]]
            value.insert(contentsOf: sequences.randomElement(using: &rng) ?? [0xFF], at: position(value.count + 1))
        case .corruptHeader:
            let index = position(record.headers.count)
            record.headers[index].value = (0..<Int.random(in: 0...12, using: &rng)).map { _ in UInt8.random(in: 0...255, using: &rng) }
        case .dropHeader:
            record.headers.remove(at: position(record.headers.count))
        case .swapType:
            let names = EventKind.allCases.map(\.rawValue) + ["credence.unknown.thing", "", "credence.invoice"]
            let version = ["v1", "v2", "v0", "v99", "vx", ""].randomElement(using: &rng) ?? "v1"
            let type = "\(names.randomElement(using: &rng) ?? "").\(version)"
            if let index = record.headers.firstIndex(where: { $0.key == EventCodec.HeaderKey.type }) {
                record.headers[index].value = Array(type.utf8)
            }
        case .replaceToken:
            // Replace one scalar (a quoted string or a number) with a token of another JSON type.
            let replacements = [#""x""#, "-1", "null", "true", "1.5", "{}", "[]", #""2023-02-29""#, #""XYZ""#, "99999999999999999999"]
            let replacement = Array((replacements.randomElement(using: &rng) ?? "null").utf8)
            let colons = value.indices.filter { value[$0] == UInt8(ascii: ":") }
            if let colon = colons.randomElement(using: &rng) {
                var end = colon + 1
                if end < value.count, value[end] == UInt8(ascii: "\"") {
                    end += 1
                    while end < value.count, value[end] != UInt8(ascii: "\"") { end += 1 }
                    end = min(end + 1, value.count)
                } else {
                    while end < value.count, !",}]".utf8.contains(value[end]) { end += 1 }
                }
                value.replaceSubrange(colon + 1..<end, with: replacement)
            }
        case .randomBytes:
            value = (0..<position(64)).map { _ in UInt8.random(in: 0...255, using: &rng) }
        }
        record.value = value
    }
}
