import Domain
import Foundation

/// The in-memory state of one assigned partition: every key's entry, what changed since the last
/// changelog write, the input positions and the stream clock.
struct PartitionState<State: Codable & Sendable>: Sendable {
    let partition: Int32
    var entries: [String: KeyEntry<State>] = [:]
    /// Keys whose entry changed (or was removed) since the last changelog write.
    var dirtyKeys: Set<String> = []
    var checkpoint: PartitionCheckpoint
    /// True when positions moved since the last checkpoint write.
    var checkpointDirty = false
    /// The input positions as of the last changelog write: what may be committed while later changes are still
    /// only in memory.
    var writtenOffsets: [String: Int64] = [:]

    /// Bytes this instance wrote to the partition's changelog since it restored it (records' keys, values and
    /// an allowance for their framing): the position `lastWrittenAt` is measured in.
    var writtenBytes: Int64 = 0
    /// Where each key's latest changelog record lies in `writtenBytes`; absent for a key last written before
    /// this instance restored the partition.
    var lastWrittenAt: [String: Int64] = [:]

    /// Whether the partition changed since its last changelog write.
    var hasUnwrittenChanges: Bool { !dirtyKeys.isEmpty || checkpointDirty }

    init(partition: Int32, checkpoint: PartitionCheckpoint = PartitionCheckpoint(offsets: [:])) {
        self.partition = partition
        self.checkpoint = checkpoint
    }

    /// Whether the input at `offset` of `topic`, with `id` and content fingerprint `content`, was already
    /// applied to `key`: the same input again (a redelivery), or the same id with other content.
    func delivery(key: String, topic: String, offset: Int64, id: String, content: UInt64?) -> Delivery {
        guard let entry = entries[key] else { return .new }
        if let applied = entry.applied[topic], offset <= applied { return .redelivery }
        guard let index = entry.recentIDs.lastIndex(of: Self.fingerprint(id)) else { return .new }
        guard let content, let contents = entry.recentContents, contents.count == entry.recentIDs.count,
              contents[index] != 0, contents[index] != Self.contentFingerprint(content) else { return .redelivery }
        return .conflictingDuplicate
    }

    /// What an input is to the key it is for.
    enum Delivery: Equatable {
        /// Not applied yet.
        case new
        /// Applied already, with the same content: skipped.
        case redelivery
        /// Its id was applied with other content: a producer bug, dead-lettered.
        case conflictingDuplicate
    }

    /// Stores a key's new state (nil removes it) and remembers the input that produced it.
    mutating func apply(key: String, state: State?, topic: String, offset: Int64, id: String, content: UInt64?, rememberedIDs: Int) {
        dirtyKeys.insert(key)
        guard let state else {
            entries[key] = nil
            return
        }
        // Taken out while updated, so its `applied` table and id window are mutated in place, not copied.
        var entry = entries.removeValue(forKey: key) ?? KeyEntry(state: state, applied: [:], recentIDs: [], recentContents: [])
        entry.state = state
        entry.applied[topic] = max(entry.applied[topic] ?? -1, offset)
        var contents = entry.recentContents ?? []
        // A window restored from a record written before contents were kept has none for its older ids.
        if contents.count != entry.recentIDs.count { contents = Array(repeating: 0, count: entry.recentIDs.count) }
        entry.recentIDs.append(Self.fingerprint(id))
        contents.append(content.map(Self.contentFingerprint) ?? 0)
        if entry.recentIDs.count > rememberedIDs {
            entry.recentIDs.removeFirst(entry.recentIDs.count - rememberedIDs)
            contents.removeFirst(contents.count - rememberedIDs)
        }
        entry.recentContents = contents
        entries[key] = entry
    }

    /// Stores a key's state after punctuation (no input behind it).
    mutating func replace(key: String, state: State?) {
        dirtyKeys.insert(key)
        if let state {
            entries[key]?.state = state
        } else {
            entries[key] = nil
        }
    }

    /// On a broker that keeps only the last `window` bytes of a partition and never compacts (the embedded
    /// broker), marks for writing again every key whose latest changelog record was written more than half a
    /// window ago, or before this instance restored the partition — so every live key always has a record inside
    /// the window and a restore finds the whole state. Returns how many keys were marked.
    @discardableResult
    mutating func refreshRecordsLeaving(window: Int64) -> Int {
        let due = writtenBytes - window / 2
        var marked = 0
        for key in entries.keys where (lastWrittenAt[key] ?? Int64.min) < due && !dirtyKeys.contains(key) {
            dirtyKeys.insert(key)
            marked += 1
        }
        return marked
    }

    /// Records that a changelog record of `size` bytes for `key` (nil: the checkpoint) was written.
    mutating func noteWritten(key: String?, size: Int, removed: Bool) {
        if let key {
            lastWrittenAt[key] = removed ? nil : writtenBytes
        }
        writtenBytes += Int64(size + Self.recordFraming)
    }

    /// What a record costs in a partition's log beyond its key and value (Kafka's record and batch framing, roughly).
    static var recordFraming: Int { 70 }

    /// Moves the position of `topic` past `offset`.
    mutating func advance(topic: String, past offset: Int64) {
        checkpoint.offsets[topic] = max(checkpoint.offsets[topic] ?? 0, offset + 1)
        checkpointDirty = true
    }

    /// Moves the stream clock forward (never back).
    mutating func observe(eventTime: Date) {
        let millis = Int64((eventTime.timeIntervalSince1970 * 1000).rounded(.down))
        if millis > (checkpoint.streamTime ?? Int64.min) {
            checkpoint.streamTime = millis
            checkpointDirty = true
        }
    }

    /// FNV-1a 64 of an input id.
    static func fingerprint(_ id: String) -> UInt64 { StableHash.fnv1a64(id.utf8) }

    /// A content fingerprint as stored: never 0, which marks an input exempt from the comparison.
    static func contentFingerprint(_ content: UInt64) -> UInt64 { content == 0 ? 1 : content }

    var streamTime: Date? { checkpoint.streamTime.map { Date(timeIntervalSince1970: Double($0) / 1000) } }
}
