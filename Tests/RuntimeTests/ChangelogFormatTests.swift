import Domain
import Foundation
import Testing
@testable import Runtime

/// Changelog records are binary (first byte the format's version), and the JSON records written before the binary
/// format still restore.
@Suite struct ChangelogFormatTests {
    struct Ledger: Codable, Sendable, Equatable {
        var total: Int64
        var openInvoices: [String: Int64]
        var lastPayment: String?
        var ratio: Double
    }

    static let entry = KeyEntry(
        state: Ledger(total: 1_234_567, openInvoices: ["INV-1": 100, "INV-2": -5], lastPayment: "2024-03-01", ratio: 0.125),
        applied: ["erp.invoices": 9_000_000_001, "buyer.signals": 3],
        recentIDs: [1, UInt64.max, 0x8000_0000_0000_0000], recentContents: [7, 0, UInt64.max - 1])

    /// The JSON coder every changelog record was written with before the binary format.
    static func legacyJSON<T: Encodable>(_ value: T) throws -> [UInt8] {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        return Array(try encoder.encode(value))
    }

    @Test func aStateRecordIsBinaryStartsWithTheVersionAndReadsBack() throws {
        let bytes = try ChangelogCoder.encode(Self.entry)
        #expect(bytes.first == BinaryCodec.version)
        #expect(bytes.count < (try Self.legacyJSON(Self.entry)).count)
        let decoded = try ChangelogCoder.decode(KeyEntry<Ledger>.self, from: bytes)
        #expect(decoded.state == Self.entry.state)
        #expect(decoded.applied == Self.entry.applied)
        #expect(decoded.recentIDs == Self.entry.recentIDs)
        #expect(decoded.recentContents == Self.entry.recentContents)
    }

    @Test func aJSONStateRecordWrittenBeforeTheBinaryFormatRestores() throws {
        let decoded = try ChangelogCoder.decode(KeyEntry<Ledger>.self, from: try Self.legacyJSON(Self.entry))
        #expect(decoded.state == Self.entry.state)
        #expect(decoded.applied == Self.entry.applied)
        #expect(decoded.recentIDs == Self.entry.recentIDs)
        #expect(decoded.recentContents == Self.entry.recentContents)
        // A record from before recentContents existed.
        let older = #"{"applied":{"probe.input":4},"recentIDs":[18446744073709551615],"state":{"count":5,"total":500}}"#
        let oldEntry = try ChangelogCoder.decode(KeyEntry<[String: Int]>.self, from: Array(older.utf8))
        #expect(oldEntry.state == ["count": 5, "total": 500])
        #expect(oldEntry.recentIDs == [UInt64.max])
        #expect(oldEntry.recentContents == nil)
    }

    @Test func aCheckpointReadsBackInEitherFormat() throws {
        let checkpoint = PartitionCheckpoint(offsets: ["erp.invoices": 42, "clock.ticks": 0], streamTime: -1_000,
                                             lastPunctuation: 1_711_900_000_000, keys: 3)
        let binary = try ChangelogCoder.encode(checkpoint)
        #expect(binary.first == BinaryCodec.version)
        #expect(try ChangelogCoder.decode(PartitionCheckpoint.self, from: binary) == checkpoint)
        #expect(try ChangelogCoder.decode(PartitionCheckpoint.self, from: try Self.legacyJSON(checkpoint)) == checkpoint)
        let sparse = PartitionCheckpoint(offsets: [:])
        #expect(try ChangelogCoder.decode(PartitionCheckpoint.self, from: try ChangelogCoder.encode(sparse)) == sparse)
    }

    @Test func bytesOfNeitherFormatAreRefused() {
        #expect(throws: (any Error).self) { try ChangelogCoder.decode(PartitionCheckpoint.self, from: []) }
        #expect(throws: (any Error).self) { try ChangelogCoder.decode(PartitionCheckpoint.self, from: [0x02, 0x0A, 0x00]) }
        #expect(throws: (any Error).self) { try ChangelogCoder.decode(PartitionCheckpoint.self, from: Array("{\"offsets\":".utf8)) }
    }
}
