import CRdKafka

/// An owned `rd_kafka_topic_partition_list_t`, freed when this value goes away.
struct RDPartitionList: ~Copyable {
    let pointer: UnsafeMutablePointer<rd_kafka_topic_partition_list_t>

    init(_ partitions: [TopicPartitionOffset]) {
        pointer = rd_kafka_topic_partition_list_new(Int32(max(partitions.count, 1)))
        for entry in partitions {
            let element = rd_kafka_topic_partition_list_add(pointer, entry.topic, entry.partition)
            element?.pointee.offset = entry.offset
        }
    }

    init(_ partitions: [TopicPartition]) {
        self.init(partitions.map { TopicPartitionOffset($0, offset: KafkaOffset.stored) })
    }

    deinit { rd_kafka_topic_partition_list_destroy(pointer) }

    /// The entries, with their per-partition errors.
    var entries: [(TopicPartitionOffset, rd_kafka_resp_err_t)] { Self.read(pointer) }

    /// Reads a list librdkafka owns.
    static func read(_ list: UnsafePointer<rd_kafka_topic_partition_list_t>) -> [(TopicPartitionOffset, rd_kafka_resp_err_t)] {
        let count = Int(list.pointee.cnt)
        guard count > 0, let elements = list.pointee.elems else { return [] }
        return (0..<count).map { index in
            let element = elements[index]
            return (TopicPartitionOffset(topic: String(cString: element.topic), partition: element.partition, offset: element.offset), element.err)
        }
    }

    /// The first per-partition error, as a `KafkaError` naming the partition.
    func firstError(_ operation: String) -> KafkaError? {
        for (entry, err) in entries where err != RD_KAFKA_RESP_ERR_NO_ERROR {
            return KafkaError(err, operation, context: ["topic": entry.topic, "partition": String(entry.partition)])
        }
        return nil
    }
}
