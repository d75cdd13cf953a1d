import Testing
@testable import Domain

/// The partitioning rule of the contract is Kafka's: murmur2 of the key, made positive, modulo the partition count.
@Suite struct KeyPartitionerTests {
    /// The reference values of Kafka's own `UtilsTest.testMurmur2` (Java client).
    @Test(arguments: [
        ("21", Int32(-973_932_308)), ("foobar", -790_332_482), ("a-little-bit-long-string", -985_981_536),
        ("a-little-bit-longer-string", -1_486_304_829), ("lkjh234lh9fiuh90y23oiuhsafujhadof229phr9h19h89h8", -58_897_971),
        ("abc", 479_470_107),
    ])
    func murmur2MatchesTheJavaClient(key: String, expected: Int32) {
        #expect(KeyPartitioner.murmur2(key.utf8) == expected)
    }

    @Test func thePartitionIsThePositiveHashModuloThePartitionCount() {
        // -973932308 & 0x7fffffff = 1173551340: 0 modulo 12, 3 modulo 7.
        #expect(KeyPartitioner.partition(of: "21".utf8, partitions: 12) == 0)
        #expect(KeyPartitioner.partition(of: "21".utf8, partitions: 7) == 3)
        #expect(KeyPartitioner.partition(of: BuyerId("B-01"), partitions: 12) == 6)
        #expect(KeyPartitioner.partition(of: BuyerId("B-02"), partitions: 12) == 7)
        #expect(KeyPartitioner.partition(of: [UInt8](), partitions: 12) == KeyPartitioner.partition(of: "".utf8, partitions: 12))
    }

    @Test func aRecordOffItsKeysPartitionIsRefusedNamingTheRightOne() {
        #expect(throws: Never.self) { try RecordContract.requirePartition(key: "B-01".utf8, partition: 6, partitions: 12) }
        #expect(throws: EventRejection(code: .wrongPartition, field: "partition",
                                       message: "key \"B-01\" belongs on partition 6 of 12 (murmur2), not on 3")) {
            try RecordContract.requirePartition(key: "B-01".utf8, partition: 3, partitions: 12)
        }
    }
}
