/// How every Credence topic is partitioned: murmur2 of the record key (the buyer id's UTF-8 bytes), made
/// positive, modulo the topic's partition count — exactly what the Java client's default partitioner and
/// librdkafka's `partitioner=murmur2_random` compute, so any producer configured that way agrees with the stages.
public enum KeyPartitioner {
    /// The partition `key` belongs to on a topic of `partitions` partitions.
    public static func partition(of key: some Collection<UInt8>, partitions: Int) -> Int32 {
        precondition(partitions > 0, "a topic has at least one partition")
        return Int32(Int(murmur2(key) & 0x7fff_ffff) % partitions)
    }

    /// The partition a buyer's records belong to.
    public static func partition(of buyerId: BuyerId, partitions: Int) -> Int32 {
        partition(of: buyerId.rawValue.utf8, partitions: partitions)
    }

    /// Kafka's murmur2 (`org.apache.kafka.common.utils.Utils.murmur2`): 32-bit MurmurHash2 with seed 0x9747b28c,
    /// the tail bytes mixed in little-endian order.
    public static func murmur2(_ key: some Collection<UInt8>) -> Int32 {
        let m: UInt32 = 0x5bd1_e995
        let bytes = Array(key)
        var hash: UInt32 = 0x9747_b28c ^ UInt32(truncatingIfNeeded: bytes.count)
        let whole = bytes.count & ~3
        var index = 0
        while index < whole {
            var k = UInt32(bytes[index]) | UInt32(bytes[index + 1]) << 8 | UInt32(bytes[index + 2]) << 16 | UInt32(bytes[index + 3]) << 24
            k &*= m
            k ^= k >> 24
            k &*= m
            hash &*= m
            hash ^= k
            index += 4
        }
        let tail = bytes.count & 3
        if tail == 3 { hash ^= UInt32(bytes[whole + 2]) << 16 }
        if tail >= 2 { hash ^= UInt32(bytes[whole + 1]) << 8 }
        if tail >= 1 {
            hash ^= UInt32(bytes[whole])
            hash &*= m
        }
        hash ^= hash >> 13
        hash &*= m
        hash ^= hash >> 15
        return Int32(bitPattern: hash)
    }
}
