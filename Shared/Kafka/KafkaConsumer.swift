import CRdKafka
import Dispatch
import Logging
import Metrics
import Synchronization

/// A Kafka consumer: group subscription (`range` by default) or plain assignment, offsets stored and
/// committed by hand, rebalance hooks, pause/resume/seek per partition and batch polling.
///
/// Polling and closing run on the consumer's own serial dispatch queue, never on the cooperative pool;
/// the rebalance hooks run there too, inside the poll that triggered them.
public final class KafkaConsumer: Sendable {
    let client: RDClient
    private let pollQueue: DispatchQueue
    private let logger: Logger
    private let closed = Atomic<Bool>(false)
    /// Error names already logged by `poll`, so a persistent broker error is logged once, not per poll.
    private let reportedErrors = Mutex<Set<String>>([])

    /// Creates the consumer; an unknown or invalid property throws, naming it.
    public init(
        configuration: ConsumerConfiguration,
        rebalanceListener: (any RebalanceListener)? = nil,
        logger: Logger = Logger(label: "credence.kafka.consumer"),
        metrics: MetricsFactory = MetricsSystem.factory
    ) throws(KafkaError) {
        let context = RDClientContext(clientId: configuration.common.clientId, logger: logger, metrics: metrics)
        context.rebalance.withLock { $0 = rebalanceListener ?? NoRebalanceListener() }
        client = try RDClient(kind: .consumer, entries: configuration.entries, context: context) { conf in
            rd_kafka_conf_set_rebalance_cb(conf, rdRebalanceCallback)
            rd_kafka_conf_set_offset_commit_cb(conf, rdOffsetCommitCallback)
        }
        rd_kafka_poll_set_consumer(client.pointer)
        pollQueue = DispatchQueue(label: "credence.kafka.consumer.\(configuration.common.clientId)")
        self.logger = logger
    }

    // MARK: Membership

    /// Joins the group and subscribes to `topics`; partitions arrive through the rebalance hooks while polling.
    public func subscribe(_ topics: [String]) throws(KafkaError) {
        guard !topics.isEmpty else { throw KafkaError.state("subscribe needs at least one topic") }
        let list = RDPartitionList(topics.map { TopicPartitionOffset(topic: $0, partition: RD_KAFKA_PARTITION_UA, offset: KafkaOffset.stored) })
        let err = rd_kafka_subscribe(client.pointer, list.pointer)
        guard err == RD_KAFKA_RESP_ERR_NO_ERROR else { throw KafkaError(err, "subscribe", context: ["topics": topics.joined(separator: ",")]) }
    }

    /// Reads exactly these partitions from these offsets, without a group (e.g. to read a topic whole).
    public func assign(_ partitions: [TopicPartitionOffset]) throws(KafkaError) {
        let list = RDPartitionList(partitions)
        let err = rd_kafka_assign(client.pointer, list.pointer)
        guard err == RD_KAFKA_RESP_ERR_NO_ERROR else { throw KafkaError(err, "assign") }
    }

    /// The partitions currently assigned to this consumer.
    public func assignment() throws(KafkaError) -> [TopicPartition] {
        var list: UnsafeMutablePointer<rd_kafka_topic_partition_list_t>?
        let err = rd_kafka_assignment(client.pointer, &list)
        guard err == RD_KAFKA_RESP_ERR_NO_ERROR, let list else { throw KafkaError(err, "assignment") }
        defer { rd_kafka_topic_partition_list_destroy(list) }
        return RDPartitionList.read(list).map(\.0.topicPartition).sorted()
    }

    // MARK: Polling

    /// Waits up to `timeout` for a first record, then takes what else is ready, up to `maxRecords`.
    /// Rebalance hooks run during this call. Throws only when the consumer is closed or failed fatally.
    public func poll(maxRecords: Int = 500, timeout: Duration = .milliseconds(100)) async throws(KafkaError) -> [ConsumerRecord] {
        let result: Result<[ConsumerRecord], KafkaError> = await withCheckedContinuation { continuation in
            pollQueue.async {
                do throws(KafkaError) {
                    continuation.resume(returning: .success(try self.pollOnQueue(maxRecords: maxRecords, timeout: timeout)))
                } catch {
                    continuation.resume(returning: .failure(error))
                }
            }
        }
        return try result.get()
    }

    /// The blocking form of `poll`, for dedicated threads and for another consumer's rebalance hooks.
    /// Never call it from this consumer's own hooks (they run inside its poll) or on the cooperative pool.
    public func pollBlocking(maxRecords: Int = 500, timeout: Duration = .milliseconds(100)) throws(KafkaError) -> [ConsumerRecord] {
        let result: Result<[ConsumerRecord], KafkaError> = pollQueue.sync {
            do throws(KafkaError) {
                return .success(try pollOnQueue(maxRecords: maxRecords, timeout: timeout))
            } catch {
                return .failure(error)
            }
        }
        return try result.get()
    }

    private func pollOnQueue(maxRecords: Int, timeout: Duration) throws(KafkaError) -> [ConsumerRecord] {
        guard !closed.load(ordering: .acquiring) else { throw KafkaError.state("consumer is closed") }
        var records: [ConsumerRecord] = []
        var wait = timeout.timeoutMilliseconds
        while records.count < maxRecords, let message = rd_kafka_consumer_poll(client.pointer, wait) {
            wait = 0
            defer { rd_kafka_message_destroy(message) }
            if message.pointee.err == RD_KAFKA_RESP_ERR_NO_ERROR {
                records.append(RDMessage.record(message))
            } else {
                try handle(errorMessage: message)
            }
        }
        if records.isEmpty, let fatal = client.fatalError() { throw fatal }
        return records
    }

    private func handle(errorMessage message: UnsafeMutablePointer<rd_kafka_message_t>) throws(KafkaError) {
        let err = message.pointee.err
        if err == RD_KAFKA_RESP_ERR__PARTITION_EOF { return }
        if let fatal = client.fatalError() { throw fatal }
        var error = KafkaError(err, RDMessage.errorText(message))
        if let topic = message.pointee.rkt {
            error = error.with(["topic": String(cString: rd_kafka_topic_name(topic)), "partition": String(message.pointee.partition)])
        }
        let first = reportedErrors.withLock { $0.insert(error.name).inserted }
        logger.log(level: first ? .warning : .debug, "consumer error: \(error)")
    }

    // MARK: Offsets

    /// Marks records as processed: the next commit (sync, async or automatic) includes these positions.
    /// Each offset is the next one to read (`record.nextOffset`).
    public func store(_ offsets: [TopicPartitionOffset]) throws(KafkaError) {
        guard !offsets.isEmpty else { return }
        let list = RDPartitionList(offsets)
        let err = rd_kafka_offsets_store(client.pointer, list.pointer)
        // 2.0.2 reports success on partial failure: each partition's own error decides.
        if let partial = list.firstError("store offset") { throw partial }
        guard err == RD_KAFKA_RESP_ERR_NO_ERROR else { throw KafkaError(err, "store offsets") }
    }

    /// Commits `offsets` (or everything stored, when nil) and waits for the coordinator's answer.
    public func commit(_ offsets: [TopicPartitionOffset]? = nil) async throws(KafkaError) {
        try await BlockingExecutor.shared.run { () throws(KafkaError) in try self.commitBlocking(offsets) }
    }

    /// The blocking form of `commit`, for rebalance hooks and dedicated threads only.
    public func commitBlocking(_ offsets: [TopicPartitionOffset]? = nil) throws(KafkaError) {
        try commit(offsets, async: false)
    }

    /// Starts a commit without waiting; a failure is logged (the next commit carries the same positions again).
    public func commitAsync(_ offsets: [TopicPartitionOffset]? = nil) throws(KafkaError) {
        try commit(offsets, async: true)
    }

    private func commit(_ offsets: [TopicPartitionOffset]?, async: Bool) throws(KafkaError) {
        let err: rd_kafka_resp_err_t
        if let offsets {
            guard !offsets.isEmpty else { return }
            let list = RDPartitionList(offsets)
            err = rd_kafka_commit(client.pointer, list.pointer, async ? 1 : 0)
            if !async, let partial = list.firstError("commit") { throw partial }
        } else {
            err = rd_kafka_commit(client.pointer, nil, async ? 1 : 0)
        }
        // Nothing stored since the last commit is not a failure.
        guard err == RD_KAFKA_RESP_ERR_NO_ERROR || err == RD_KAFKA_RESP_ERR__NO_OFFSET else {
            throw KafkaError(err, "commit")
        }
    }

    /// The group's committed offsets for `partitions` (`KafkaOffset.invalid` where none).
    public func committed(_ partitions: [TopicPartition], timeout: Duration = .seconds(10)) async throws(KafkaError) -> [TopicPartitionOffset] {
        let client = self.client
        return try await BlockingExecutor.shared.run { () throws(KafkaError) in
            let list = RDPartitionList(partitions)
            let err = rd_kafka_committed(client.pointer, list.pointer, timeout.timeoutMilliseconds)
            guard err == RD_KAFKA_RESP_ERR_NO_ERROR else { throw KafkaError(err, "committed offsets") }
            if let partial = list.firstError("committed offset") { throw partial }
            return list.entries.map(\.0)
        }
    }

    /// The next offset this consumer will read from each partition (`KafkaOffset.stored` where unknown).
    public func positions(_ partitions: [TopicPartition]) throws(KafkaError) -> [TopicPartitionOffset] {
        let list = RDPartitionList(partitions)
        let err = rd_kafka_position(client.pointer, list.pointer)
        guard err == RD_KAFKA_RESP_ERR_NO_ERROR else { throw KafkaError(err, "position") }
        return list.entries.map(\.0)
    }

    /// Asks the partition leader for the low and high watermarks (the high one is the next offset to be written).
    public func watermarks(_ partition: TopicPartition, timeout: Duration = .seconds(10)) async throws(KafkaError) -> (low: Int64, high: Int64) {
        try await BlockingExecutor.shared.run { () throws(KafkaError) in try self.watermarksBlocking(partition, timeout: timeout) }
    }

    /// The blocking form of `watermarks`, for rebalance hooks and dedicated threads.
    public func watermarksBlocking(_ partition: TopicPartition, timeout: Duration = .seconds(10)) throws(KafkaError) -> (low: Int64, high: Int64) {
        var low: Int64 = 0
        var high: Int64 = 0
        let err = rd_kafka_query_watermark_offsets(client.pointer, partition.topic, partition.partition, &low, &high, timeout.timeoutMilliseconds)
        guard err == RD_KAFKA_RESP_ERR_NO_ERROR else {
            throw KafkaError(err, "watermarks", context: ["topic": partition.topic, "partition": String(partition.partition)])
        }
        return (low, high)
    }

    /// How many partitions `topic` has, from the cluster's metadata.
    public func partitionCount(of topic: String, timeout: Duration = .seconds(10)) async throws(KafkaError) -> Int {
        let client = self.client
        return try await BlockingExecutor.shared.run { () throws(KafkaError) in
            guard let handle = rd_kafka_topic_new(client.pointer, topic, nil) else {
                throw KafkaError(rd_kafka_last_error(), "topic handle", context: ["topic": topic])
            }
            defer { rd_kafka_topic_destroy(handle) }
            var metadata: UnsafePointer<rd_kafka_metadata>?
            let err = rd_kafka_metadata(client.pointer, 0, handle, &metadata, timeout.timeoutMilliseconds)
            guard err == RD_KAFKA_RESP_ERR_NO_ERROR, let metadata else { throw KafkaError(err, "metadata", context: ["topic": topic]) }
            defer { rd_kafka_metadata_destroy(metadata) }
            guard metadata.pointee.topic_cnt == 1, metadata.pointee.topics[0].err == RD_KAFKA_RESP_ERR_NO_ERROR else {
                let topicError = metadata.pointee.topic_cnt == 1 ? metadata.pointee.topics[0].err : RD_KAFKA_RESP_ERR__UNKNOWN_TOPIC
                throw KafkaError(topicError, "metadata", context: ["topic": topic])
            }
            return Int(metadata.pointee.topics[0].partition_cnt)
        }
    }

    /// Records still to read per partition: the high watermark (as last fetched) minus the consumer's position.
    /// Before the consumer has a position on a partition (nothing fetched since assignment), `resumeOffsets` says
    /// where it will start (the offset a restored state resumes at); without one, the low watermark is assumed.
    /// A partition whose high watermark is not known yet is left out.
    public func lag(_ partitions: [TopicPartition], resumingAt resumeOffsets: [TopicPartition: Int64] = [:]) -> [TopicPartition: Int64] {
        var result: [TopicPartition: Int64] = [:]
        guard let positions = try? positions(partitions) else { return result }
        for position in positions {
            var low: Int64 = 0
            var high: Int64 = 0
            guard rd_kafka_get_watermark_offsets(client.pointer, position.topic, position.partition, &low, &high) == RD_KAFKA_RESP_ERR_NO_ERROR,
                  high >= 0 else { continue }
            let next = position.offset >= 0 ? position.offset : (resumeOffsets[position.topicPartition] ?? low)
            result[position.topicPartition] = max(0, high - max(next, low))
        }
        return result
    }

    // MARK: Flow control

    /// Stops fetching from `partitions` until resumed; the assignment is kept.
    public func pause(_ partitions: [TopicPartition]) throws(KafkaError) {
        let list = RDPartitionList(partitions)
        let err = rd_kafka_pause_partitions(client.pointer, list.pointer)
        guard err == RD_KAFKA_RESP_ERR_NO_ERROR else { throw KafkaError(err, "pause") }
        if let partial = list.firstError("pause") { throw partial }
    }

    /// Fetches again from paused `partitions`.
    public func resume(_ partitions: [TopicPartition]) throws(KafkaError) {
        let list = RDPartitionList(partitions)
        let err = rd_kafka_resume_partitions(client.pointer, list.pointer)
        guard err == RD_KAFKA_RESP_ERR_NO_ERROR else { throw KafkaError(err, "resume") }
        if let partial = list.firstError("resume") { throw partial }
    }

    /// Moves the read position of assigned partitions; blocking, so for rebalance hooks and dedicated threads.
    public func seekBlocking(_ offsets: [TopicPartitionOffset], timeout: Duration = .seconds(10)) throws(KafkaError) {
        let list = RDPartitionList(offsets)
        // librdkafka before 2.1.0 reads this timeout as microseconds; scale it so the wait is the one asked for.
        let scale: Int64 = rd_kafka_version() < 0x0201_0000 ? 1000 : 1
        let wait = Int32(clamping: timeout.milliseconds * scale)
        if let error = rd_kafka_seek_partitions(client.pointer, list.pointer, wait) {
            throw KafkaError.consuming(error, context: ["operation": "seek"])
        }
        if let partial = list.firstError("seek") { throw partial }
    }

    /// Moves the read position of assigned partitions.
    public func seek(_ offsets: [TopicPartitionOffset], timeout: Duration = .seconds(10)) async throws(KafkaError) {
        try await BlockingExecutor.shared.run { () throws(KafkaError) in try self.seekBlocking(offsets, timeout: timeout) }
    }

    // MARK: Shutdown

    /// Leaves the group (running the revoke hook first, so offsets can be committed) and frees the client.
    /// Waits for an in-progress poll to finish. Safe to call more than once.
    public func close() async {
        await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
            pollQueue.async {
                self.closeOnQueue()
                continuation.resume()
            }
        }
    }

    /// The blocking form of `close`, for dedicated threads. Never call it from this consumer's own hooks.
    public func closeBlocking() {
        pollQueue.sync { closeOnQueue() }
    }

    private func closeOnQueue() {
        guard !closed.exchange(true, ordering: .acquiringAndReleasing) else { return }
        let err = rd_kafka_consumer_close(client.pointer)
        if err != RD_KAFKA_RESP_ERR_NO_ERROR {
            logger.warning("consumer close: \(KafkaError(err))")
        }
        client.destroy()
    }
}

private func rdRebalanceCallback(
    _ rk: OpaquePointer?,
    _ err: rd_kafka_resp_err_t,
    _ partitions: UnsafeMutablePointer<rd_kafka_topic_partition_list_t>?,
    _ opaque: UnsafeMutableRawPointer?
) {
    guard let rk, let partitions, let context = RDClientContext.from(opaque) else { return }
    let listener: any RebalanceListener = context.rebalance.withLock { $0 } ?? NoRebalanceListener()
    let cooperative = rd_kafka_rebalance_protocol(rk).map { String(cString: $0) } == "COOPERATIVE"
    let topicPartitions = RDPartitionList.read(partitions).map(\.0.topicPartition)
    switch err {
    case RD_KAFKA_RESP_ERR__ASSIGN_PARTITIONS:
        let starts = listener.partitionsAssigning(topicPartitions)
        if !starts.isEmpty, let elements = partitions.pointee.elems {
            for index in 0..<Int(partitions.pointee.cnt) {
                let key = TopicPartition(String(cString: elements[index].topic), elements[index].partition)
                if let offset = starts[key] { elements[index].offset = offset }
            }
        }
        if cooperative {
            if let error = rd_kafka_incremental_assign(rk, partitions) {
                context.logger.error("incremental assign failed: \(KafkaError.consuming(error))")
            }
        } else {
            let result = rd_kafka_assign(rk, partitions)
            if result != RD_KAFKA_RESP_ERR_NO_ERROR { context.logger.error("assign failed: \(KafkaError(result))") }
        }
        context.logger.info("partitions assigned", metadata: ["partitions": "\(topicPartitions.map(\.description))"])
        listener.partitionsAssigned(topicPartitions)
    case RD_KAFKA_RESP_ERR__REVOKE_PARTITIONS:
        let lost = rd_kafka_assignment_lost(rk) != 0
        context.logger.info("partitions revoking", metadata: ["partitions": "\(topicPartitions.map(\.description))", "lost": "\(lost)"])
        listener.partitionsRevoking(topicPartitions, lost: lost)
        if cooperative {
            if let error = rd_kafka_incremental_unassign(rk, partitions) {
                context.logger.error("incremental unassign failed: \(KafkaError.consuming(error))")
            }
        } else {
            _ = rd_kafka_assign(rk, nil)
        }
    default:
        context.logger.error("rebalance failed: \(KafkaError(err))")
        _ = rd_kafka_assign(rk, nil)
    }
}

private func rdOffsetCommitCallback(
    _ rk: OpaquePointer?,
    _ err: rd_kafka_resp_err_t,
    _ offsets: UnsafeMutablePointer<rd_kafka_topic_partition_list_t>?,
    _ opaque: UnsafeMutableRawPointer?
) {
    guard err != RD_KAFKA_RESP_ERR_NO_ERROR, err != RD_KAFKA_RESP_ERR__NO_OFFSET, let context = RDClientContext.from(opaque) else { return }
    context.logger.warning("offset commit failed: \(KafkaError(err))")
}
