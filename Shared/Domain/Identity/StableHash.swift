/// FNV-1a, 64 bits: a hash that is the same in every process and on every platform (Swift's `Hasher` is
/// seeded per process), for fingerprints that are stored and compared after a restart.
public enum StableHash {
    /// The FNV-1a 64 hash of `bytes`.
    public static func fnv1a64(_ bytes: some Sequence<UInt8>) -> UInt64 {
        var hasher = StableHasher()
        for byte in bytes { hasher.feed(byte) }
        return hasher.value
    }
}

/// FNV-1a 64 fed value by value — a fingerprint of a value's fields without encoding it first. Each value is
/// fed with its length or a tag, so that ("ab", "c") and ("a", "bc") differ.
public struct StableHasher: Sendable {
    public private(set) var value: UInt64 = 0xcbf2_9ce4_8422_2325

    public init() {}

    /// Feeds one byte as it is (no length or tag).
    public mutating func feed(_ byte: UInt8) {
        value ^= UInt64(byte)
        value &*= 0x0000_0100_0000_01B3
    }

    /// Feeds the 8 bytes of `number`, little-endian.
    public mutating func combine(_ number: UInt64) {
        for shift in stride(from: 0, to: 64, by: 8) { feed(UInt8(truncatingIfNeeded: number >> UInt64(shift))) }
    }

    public mutating func combine(_ number: Int64) { combine(UInt64(bitPattern: number)) }
    public mutating func combine(_ number: Int) { combine(Int64(number)) }
    public mutating func combine(_ flag: Bool) { feed(flag ? 1 : 0) }

    /// Feeds the UTF-8 bytes of `text` after their count.
    public mutating func combine(_ text: String) {
        combine(text.utf8.count)
        for byte in text.utf8 { feed(byte) }
    }

    /// Feeds an amount: its minor units and its currency.
    public mutating func combine(_ money: Money) {
        combine(money.amountMinor)
        combine(money.currency.code)
    }

    /// Feeds whether `money` is there, then the amount when it is.
    public mutating func combine(_ money: Money?) {
        combine(money != nil)
        if let money { combine(money) }
    }
}
