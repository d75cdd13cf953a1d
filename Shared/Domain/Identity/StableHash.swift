/// FNV-1a, 64 bits: a hash that is the same in every process and on every platform (Swift's `Hasher` is
/// seeded per process), for fingerprints that are stored and compared after a restart.
public enum StableHash {
    /// The FNV-1a 64 hash of `bytes`.
    public static func fnv1a64(_ bytes: some Sequence<UInt8>) -> UInt64 {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in bytes {
            hash ^= UInt64(byte)
            hash &*= 0x0000_0100_0000_01B3
        }
        return hash
    }
}
