@testable import Domain
import Foundation
import PropertyBased
import TestSupport
import Testing

/// The hand-written JSON codec writes what Foundation's `JSONEncoder` wrote, byte for byte, reads back what it
/// writes, and accepts and refuses what Foundation's `JSONDecoder` accepted and refused — with the same
/// rejection codes and fields.
@Suite struct JSONCodecTests {
    @Test func randomEventsOfEveryKindEncodeToFoundationsBytesAndDecodeToThemselves() async {
        await onOwnThreads {
            await propertyCheck(count: 60, input: Gen.uint64()) { seed in
                var rng = SplitMix64(seed: seed)
                for index in RandomEvents.seeds.indices {
                    let event = RandomEvents.event(like: index, using: &rng)
                    let bytes = try EventCodec.encodeValue(event)
                    #expect(bytes == (try FoundationReference.encodeValue(event)), "\(event.kind)")
                    #expect(try EventCodec.decodeValue(bytes, as: event.kind) == event, "\(event.kind)")
                }
            }
        }
    }

    @Test func everyFixtureEncodesToFoundationsBytes() throws {
        for event in RandomEvents.seeds {
            #expect(try EventCodec.encodeValue(event) == (try FoundationReference.encodeValue(event)), "\(event.kind)")
        }
    }

    @Test func stringsAndNumbersAreWrittenAsFoundationWritesThem() throws {
        struct Sample: Codable, Equatable {
            var text: String
            var number: Double
            var small: Float
            var whole: Int64
            var big: UInt64
            var flags: [Bool]
            var table: [String: Int]
        }
        var rng = SplitMix64(seed: 19)
        let numbers: [Double] = [0, -0.0, 1, 100, 0.1, 1e16, 1e21, 1e-7, 5e-324, .greatestFiniteMagnitude, 123456789.123, -2.5]
        for number in numbers {
            let sample = Sample(text: RandomEvents.randomText(using: &rng), number: number, small: Float(min(number, 1e30) / 3),
                                whole: Int64.random(in: .min ... .max, using: &rng), big: UInt64.max - 7,
                                flags: [true, false], table: ["b": 1, "B": 2, "a10": 3, "a2": 4, "_": 5, "é": 6])
            let foundation = JSONEncoder()
            foundation.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
            let bytes = try JSONCodec.encode(sample)
            #expect(bytes == Array(try foundation.encode(sample)), "\(String(decoding: bytes, as: UTF8.self))")
            #expect(try JSONCodec.decode(Sample.self, from: bytes) == sample)
        }
    }

    @Test func aNaNScoreIsRefusedAtItsField() throws {
        guard case .creditAssessment(var assessment) = EventFixtures.minimal.first(where: { $0.kind == .creditAssessment }) else {
            Issue.record("no assessment fixture")
            return
        }
        assessment.score = .nan
        #expect(throws: EventRejection.self) { try EventCodec.encodeValue(.creditAssessment(assessment)) }
        do {
            _ = try EventCodec.encodeValue(.creditAssessment(assessment))
        } catch {
            #expect(error.code == .invalidValue)
            #expect(error.field == "score")
        }
    }

    @Test func theReaderAcceptsWhatFoundationAcceptsBeyondTheRFC() throws {
        struct Numbers: Codable, Equatable { var a: Int; var b: [Int]? }
        #expect(try JSONCodec.decode(Numbers.self, from: Array(#"{"a":1,}"#.utf8)) == Numbers(a: 1))
        #expect(try JSONCodec.decode(Numbers.self, from: Array(#"{"a":1,"b":[2,],}"#.utf8)) == Numbers(a: 1, b: [2]))
        #expect(try JSONCodec.decode(Numbers.self, from: [0xEF, 0xBB, 0xBF] + Array(#"{"a":1}"#.utf8)) == Numbers(a: 1))
        #expect(try JSONCodec.decode(Numbers.self, from: Array(#"{"a":1,"a":2}"#.utf8)) == Numbers(a: 1), "the first of two members counts")
        #expect(try JSONCodec.decode(Numbers.self, from: Array(#"{"a":1e2}"#.utf8)) == Numbers(a: 100))
        #expect(try JSONCodec.decode(Numbers.self, from: Array(#"{"a":9007199254740993.5}"#.utf8)) == Numbers(a: 9_007_199_254_740_993))
        #expect(throws: JSONReadError.self) { try JSONCodec.decode(Numbers.self, from: Array(#"{,}"#.utf8)) }
        #expect(throws: JSONReadError.self) { try JSONCodec.decode(Numbers.self, from: Array(#"{"a":[1,,2]}"#.utf8)) }
        #expect(throws: DecodingError.self) { try JSONCodec.decode(Numbers.self, from: Array(#"{"a":1.5}"#.utf8)) }
    }

    @Test func nestingStopsAt512LevelsAsInFoundation() {
        func nested(_ depth: Int) -> [UInt8] {
            Array((#"{"a":"# + String(repeating: "[", count: depth - 1) + String(repeating: "]", count: depth - 1) + "}").utf8)
        }
        #expect((try? JSONCodec.read(nested(512))) != nil)
        #expect(throws: JSONReadError.self) { try JSONCodec.read(nested(513)) }
    }

    @Test func utf16AndUTF32ValuesAreRefusedThoughFoundationTranscodedThem() {
        let utf16 = Array(EventCodecRejectionTests.issued.utf16).flatMap { [UInt8($0 & 0xFF), UInt8($0 >> 8)] }
        #expect(FoundationReference.looksLikeUTF16or32(utf16))
        #expect(throws: EventRejection.self) { try EventCodec.decodeValue(utf16, as: .invoiceIssued) }
        do {
            _ = try EventCodec.decodeValue(utf16, as: .invoiceIssued)
        } catch {
            #expect(error.code == .malformedJSON)
        }
    }
}
