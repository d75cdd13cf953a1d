@testable import Domain
import Foundation
import TestSupport
import Testing

/// The hand-written decoder against Foundation's on the same bytes: valid events, every truncation, and hostile
/// edits (bad escapes, lone surrogates, invalid UTF-8, huge and tiny numbers, fractions where integers belong,
/// leading zeros, duplicate and trailing members, deep nesting, byte order marks, stray bytes). Both must accept
/// or refuse alike — with the same rejection code and field — and accept the same event.
@Suite struct JSONDecoderDifferentialTests {
    /// Values that replace one scalar of a valid document.
    static let tokens = [
        "1e30", "-1e30", "1e400", "-1e400", "1e-400", "1e-324", "2.5e-324", "9223372036854775807", "9223372036854775808",
        "-9223372036854775808", "-9223372036854775809", "9223372036854775806.0", "9223372036854774784.0", "18446744073709551616",
        "1.5", "1.0", "1e2", "100e-2", "-0", "-0.0", "0e5", "01", "00", "-", "1.", ".5", "+1", "1e", "1e+", "0x10", "Infinity", "NaN",
        "9007199254740993.5", "123456789012345678901234567890", "1.00000000000000000001", "1E2", "-1",
        #""\u0041""#, #""\ud83d\ude00""#, #""\ud800""#, #""\udc00""#, #""\ud800\u0041""#, #""\x""#, #""\u00""#, #""\u00G0""#,
        #""a\/b""#, "\"\u{7F}\"", "\"\u{1}\"", #""\u0000""#, "tru", "nul", "True", "[]", "{}", "[1,]", "[,]", "{\"a\":1,}", "{,}",
        #""2024-02-30""#, #""XXX""#, #""""#, "null", "true", "false", String(repeating: "[", count: 511) + String(repeating: "]", count: 511),
        String(repeating: "[", count: 512) + String(repeating: "]", count: 512),
    ]

    /// Edits of a whole document.
    static let wholeEdits: [@Sendable ([UInt8]) -> [UInt8]] = [
        { [0xEF, 0xBB, 0xBF] + $0 }, { [0xEF, 0xBB, 0xBF, 0xEF, 0xBB, 0xBF] + $0 }, { $0 + [0x20, 0x0A] }, { [0x09] + $0 },
        { $0 + Array(" x".utf8) }, { $0 + $0 }, { $0 + [0] }, { Array($0.dropLast()) + Array(",}".utf8) },
        { Array($0.dropLast()) + Array(", }".utf8) }, { Array("{,".utf8) + $0.dropFirst() },
        { Array(#"{"buyerId":"OTHER","#.utf8) + $0.dropFirst() }, { Array($0.dropLast()) + Array(#","buyerId":"OTHER"}"#.utf8) },
        { Array($0.dropLast()) + Array(#","buyerId":7}"#.utf8) }, { Array(#"{"buyerId":null,"#.utf8) + $0.dropFirst() },
        { Array(#"{"extra":[[[{"deep":1e999}]]],"#.utf8) + $0.dropFirst() }, { Array(#"{"extra":"\ud800","#.utf8) + $0.dropFirst() },
        { $0.map { $0 == UInt8(ascii: ":") ? UInt8(ascii: "=") : $0 } }, { [0xC3] + $0 }, { $0 + [0xFF] },
        { Array($0.prefix(1)) + [0xA0] + $0.dropFirst() },
    ]

    func compare(_ value: [UInt8], as kind: EventKind, _ context: String) {
        if FoundationReference.looksLikeUTF16or32(value) { return }
        let reference = FoundationReference.decodeValue(value, as: kind)
        let result: Result<DomainEvent, EventRejection>
        do { result = .success(try EventCodec.decodeValue(value, as: kind)) } catch { result = .failure(error) }
        let shown = String(decoding: value.prefix(400), as: UTF8.self)
        switch (reference, result) {
        case (.success(let expected), .success(let actual)):
            #expect(expected == actual, "\(context): \(shown)")
        case (.failure(let expected), .failure(let actual)):
            #expect(expected.code == actual.code && expected.field == actual.field,
                    "\(context): Foundation \(expected), hand-written \(actual): \(shown)")
        case (.success, .failure(let actual)):
            Issue.record("\(context): Foundation accepts, hand-written refuses (\(actual)): \(shown)")
        case (.failure(let expected), .success):
            Issue.record("\(context): Foundation refuses (\(expected)), hand-written accepts: \(shown)")
        }
    }

    @Test func validEventsAndEveryTruncationOfThem() async throws {
        try await onOwnThreads {
            var rng = SplitMix64(seed: 0xD1FF)
            for index in RandomEvents.seeds.indices {
                let event = RandomEvents.event(like: index, using: &rng)
                let bytes = try FoundationReference.encodeValue(event)
                compare(bytes, as: event.kind, "valid")
                for length in 0..<bytes.count { compare(Array(bytes.prefix(length)), as: event.kind, "truncated at \(length)") }
            }
        }
    }

    @Test func everyScalarReplacedByAHostileToken() async throws {
        try await onOwnThreads {
            for event in RandomEvents.seeds {
                let bytes = try FoundationReference.encodeValue(event)
                let scalars = Self.scalarRanges(in: bytes)
                for range in scalars {
                    for token in Self.tokens {
                        var edited = bytes
                        edited.replaceSubrange(range, with: Array(token.utf8))
                        compare(edited, as: event.kind, "token \(token.prefix(20))")
                    }
                }
            }
        }
    }

    @Test func wholeDocumentEdits() throws {
        for event in RandomEvents.seeds {
            let bytes = try FoundationReference.encodeValue(event)
            for (number, edit) in Self.wholeEdits.enumerated() { compare(edit(bytes), as: event.kind, "edit \(number)") }
        }
    }

    @Test func randomByteMutations() async throws {
        try await onOwnThreads {
            var rng = SplitMix64(seed: 0xBAD)
            let seeds = try RandomEvents.seeds.map { ($0.kind, try FoundationReference.encodeValue($0)) }
            for _ in 0..<20_000 {
                guard var (kind, bytes) = seeds.randomElement(using: &rng) else { continue }
                for _ in 0..<Int.random(in: 1...3, using: &rng) {
                    let position = Int.random(in: 0..<max(1, bytes.count), using: &rng)
                    switch Int.random(in: 0..<4, using: &rng) {
                    case 0: if !bytes.isEmpty { bytes[position] = Array(#"{}[]",:\/0123456789.eE+-tfnu "#.utf8).randomElement(using: &rng) ?? 0 }
                    case 1: if !bytes.isEmpty { bytes.remove(at: position) }
                    case 2: bytes.insert(UInt8.random(in: 0...255, using: &rng), at: min(position, bytes.count))
                    default: if !bytes.isEmpty { bytes[position] ^= 1 << UInt8.random(in: 0..<8, using: &rng) }
                    }
                }
                compare(bytes, as: kind, "mutated")
            }
        }
    }

    /// The byte ranges of the member values that are scalars (strings, numbers, literals) of a compact document.
    static func scalarRanges(in bytes: [UInt8]) -> [Range<Int>] {
        var ranges: [Range<Int>] = [], index = 0, inString = false, start = -1, afterColon = false
        while index < bytes.count {
            let byte = bytes[index]
            if inString {
                if byte == UInt8(ascii: "\\") { index += 2; continue }
                if byte == UInt8(ascii: "\"") {
                    inString = false
                    if start >= 0 { ranges.append(start..<(index + 1)); start = -1 }
                }
            } else if byte == UInt8(ascii: "\"") {
                inString = true
                if afterColon { start = index }
                afterColon = false
            } else if byte == UInt8(ascii: ":") {
                afterColon = true
            } else if afterColon, byte != UInt8(ascii: "{"), byte != UInt8(ascii: "[") {
                var end = index
                while end < bytes.count, !",}]".utf8.contains(bytes[end]) { end += 1 }
                ranges.append(index..<end)
                index = end
                afterColon = false
                continue
            } else {
                afterColon = false
            }
            index += 1
        }
        return ranges
    }
}
