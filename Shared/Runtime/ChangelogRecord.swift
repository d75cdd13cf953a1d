import Domain

/// The changelog's two kinds of records, both written to the changelog partition with the number of the
/// input partition they mirror:
/// - `s/<key>`: one key's state, with the input offsets it reflects and the ids it applied recently;
/// - `o/<partition>`: the input offsets (and stream time) the partition's state reflects as a whole.
enum ChangelogKey {
    static func state(_ key: String) -> String { "s/" + key }
    static func offsets(_ partition: Int32) -> String { "o/\(partition)" }

    /// The state key a changelog key names, if it is a state record.
    static func stateKey(_ changelogKey: String) -> String? {
        changelogKey.hasPrefix("s/") ? String(changelogKey.dropFirst(2)) : nil
    }
}

/// One key's state as stored in the changelog.
struct KeyEntry<State: Codable & Sendable>: Codable, Sendable {
    var state: State
    /// Per input topic, the highest offset applied to this key: a re-delivered input at or below it is skipped.
    var applied: [String: Int64]
    /// 64-bit hashes of the ids of the most recent inputs applied to this key, oldest first: a duplicate
    /// delivery is skipped. Hashes keep changelog records small; a false match needs a 64-bit collision
    /// within one key's window.
    var recentIDs: [UInt64]
    /// Fingerprints of the content of those inputs, index for index (0 where exempt): the same id with other
    /// content is a conflicting duplicate. Absent in records written before it existed.
    var recentContents: [UInt64]?
}

/// The offsets record of one partition.
struct PartitionCheckpoint: Codable, Sendable, Equatable {
    /// Per input topic, the next offset to read.
    var offsets: [String: Int64]
    /// The stream clock, milliseconds since the epoch (nil before the first event time).
    var streamTime: Int64?
    /// The last punctuation time, milliseconds since the epoch.
    var lastPunctuation: Int64?
    /// How many keys the partition held when this checkpoint was written, right after their state records: a
    /// restore that reads fewer live keys up to it lost records (nil in checkpoints written before it was kept).
    var keys: Int?
}

/// The one coder of changelog records: ``BinaryCodec`` (its first byte the format's version, members sorted so equal
/// state gives equal bytes). It also reads the JSON records written before the binary format — a JSON object starts
/// with `{` — so a stage upgraded in place restores the changelog it left.
enum ChangelogCoder {
    static func encode<T: Encodable>(_ value: T) throws -> [UInt8] {
        try BinaryCodec.encode(value)
    }

    static func decode<T: Decodable>(_ type: T.Type, from bytes: [UInt8]) throws -> T {
        if bytes.first == UInt8(ascii: "{") { return try JSONCodec.decode(type, from: bytes) }
        return try BinaryCodec.decode(type, from: bytes)
    }
}
