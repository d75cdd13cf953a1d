@testable import Domain
import PropertyBased
import TestSupport
import Testing

/// The binary changelog format: its first byte is its version, every value reads back as itself, equal values give
/// equal bytes, and damaged bytes are refused rather than misread.
@Suite struct BinaryCodecTests {
    @Test func randomEventsOfEveryKindReadBackAsThemselves() async {
        await onOwnThreads {
            await propertyCheck(count: 40, input: Gen.uint64()) { seed in
                var rng = SplitMix64(seed: seed)
                for index in RandomEvents.seeds.indices {
                    let event = RandomEvents.event(like: index, using: &rng)
                    let bytes = try BinaryCodec.encode(event.payload)
                    #expect(bytes.first == BinaryCodec.version)
                    #expect(try Self.decode(event.kind.payloadType, from: bytes) == event, "\(event.kind)")
                    #expect(bytes.count < (try JSONCodec.encode(event.payload)).count, "\(event.kind)")
                }
            }
        }
    }

    static func decode<Payload: DomainEventPayload>(_ type: Payload.Type, from bytes: [UInt8]) throws -> DomainEvent {
        try BinaryCodec.decode(type, from: bytes).domainEvent
    }

    @Test func extremeValuesReadBackExactly() throws {
        struct Extremes: Codable, Equatable {
            var integers: [Int64]
            var unsigned: [UInt64]
            var doubles: [Double]
            var text: [String]
            var missing: Int?
            var nested: [[String: [Int]]]
        }
        let value = Extremes(integers: [0, 1, -1, 63, -64, 64, .max, .min], unsigned: [0, 127, 128, .max],
                             doubles: [0, -0.0, 5e-324, .greatestFiniteMagnitude, 0.1, -2.5],
                             text: ["", "é😀", "\u{0}", String(repeating: "x", count: 300)], missing: nil,
                             nested: [["a": [1, 2]], ["a": [], "b": [3]]])
        let bytes = try BinaryCodec.encode(value)
        #expect(try BinaryCodec.decode(Extremes.self, from: bytes) == value)
        #expect(try BinaryCodec.decode(Extremes.self, from: bytes).doubles[1].sign == .minus)
    }

    @Test func equalDictionariesGiveEqualBytesWhateverTheirInsertionOrder() throws {
        var forward: [String: Int64] = [:], backward: [String: Int64] = [:]
        let names = (0..<200).map { "topic-\($0)" }
        for (offset, name) in names.enumerated() { forward[name] = Int64(offset) }
        for (offset, name) in names.enumerated().reversed() { backward[name] = Int64(offset) }
        #expect(try BinaryCodec.encode(forward) == (try BinaryCodec.encode(backward)))
    }

    @Test func aMemberNameIsWrittenOnce() throws {
        struct Line: Codable { var amountMinor: Int64 }
        let lines = (0..<100).map { Line(amountMinor: Int64($0)) }
        let bytes = try BinaryCodec.encode(lines)
        #expect(bytes.count < 100 * 7, "\(bytes.count) bytes: the name is referred to by number after its first use")
    }

    @Test func everyTruncationAndBitFlipIsRefusedOrReadWithoutCrashing() throws {
        let payload = try #require(RandomEvents.seeds.last).payload
        let bytes = try BinaryCodec.encode(payload)
        for length in 0..<bytes.count {
            #expect(throws: (any Error).self) { try BinaryCodec.decode(CodedValueProbe.self, from: Array(bytes.prefix(length))) }
        }
        var rng = SplitMix64(seed: 7)
        for _ in 0..<2_000 {
            var damaged = bytes
            damaged[Int.random(in: 0..<damaged.count, using: &rng)] ^= 1 << UInt8.random(in: 0..<8, using: &rng)
            _ = try? BinaryCodec.decode(CodedValueProbe.self, from: damaged)
        }
        #expect(throws: BinaryReadError.self) { try BinaryCodec.decode(CodedValueProbe.self, from: Array("{}".utf8)) }
    }
}

/// Accepts any value: lets a test read bytes as far as the format goes, whatever the shape.
private struct CodedValueProbe: Decodable {
    init(from decoder: any Decoder) throws {}
}
