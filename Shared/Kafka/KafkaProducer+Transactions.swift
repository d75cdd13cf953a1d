import CRdKafka

/// Kafka transactions: outputs and the consumer's positions committed atomically (KIP-98, with the consumer
/// group's metadata of KIP-447 so a zombie instance is fenced by the group generation). The producer needs a
/// `transactional.id` (`ProducerConfiguration.transactionalId`). Every call blocks in librdkafka, so each runs
/// on the blocking executor, never on the cooperative pool.
///
/// A thrown error says what may follow: `isRetriable` — call the same method again; `requiresAbort` — abort the
/// transaction and start over from the last committed positions; `isFatal` — the producer is unusable.
extension KafkaProducer {
    /// Registers the transactional id with the coordinator and fences older producers of the same id.
    public func initTransactions(timeout: Duration = .seconds(30)) async throws(KafkaError) {
        try await transactionCall("init transactions") { rd_kafka_init_transactions($0, timeout.timeoutMilliseconds) }
    }

    /// Starts a transaction; every record sent until the commit or abort belongs to it.
    public func beginTransaction() async throws(KafkaError) {
        try await transactionCall("begin transaction") { rd_kafka_begin_transaction($0) }
    }

    /// Adds `offsets` (the next offsets to read) of `consumer`'s group to the transaction: they are committed
    /// with it, or not at all.
    public func sendOffsetsToTransaction(_ offsets: [TopicPartitionOffset], of consumer: KafkaConsumer,
                                         timeout: Duration = .seconds(30)) async throws(KafkaError) {
        try await BlockingExecutor.shared.run { () throws(KafkaError) in
            try self.sendOffsetsToTransactionBlocking(offsets, of: consumer, timeout: timeout)
        }
    }

    /// Commits the transaction: flushes its records, then makes them and its offsets visible at once.
    public func commitTransaction(timeout: Duration = .seconds(30)) async throws(KafkaError) {
        try await transactionCall("commit transaction") { rd_kafka_commit_transaction($0, timeout.timeoutMilliseconds) }
    }

    /// Aborts the transaction: its records are never seen by `read_committed` readers, its offsets never committed.
    public func abortTransaction(timeout: Duration = .seconds(30)) async throws(KafkaError) {
        try await transactionCall("abort transaction") { rd_kafka_abort_transaction($0, timeout.timeoutMilliseconds) }
    }

    /// The blocking form of `sendOffsetsToTransaction`, for rebalance hooks only (never the cooperative pool).
    public func sendOffsetsToTransactionBlocking(_ offsets: [TopicPartitionOffset], of consumer: KafkaConsumer,
                                                 timeout: Duration = .seconds(30)) throws(KafkaError) {
        guard !offsets.isEmpty else { return }
        let consumerClient = consumer.client
        try transactionCallBlocking("send offsets to transaction") { producer in
            guard let metadata = rd_kafka_consumer_group_metadata(consumerClient.pointer) else { return nil }
            defer { rd_kafka_consumer_group_metadata_destroy(metadata) }
            let list = RDPartitionList(offsets)
            return rd_kafka_send_offsets_to_transaction(producer, list.pointer, metadata, timeout.timeoutMilliseconds)
        }
    }

    /// The blocking form of `commitTransaction`, for rebalance hooks only.
    public func commitTransactionBlocking(timeout: Duration = .seconds(30)) throws(KafkaError) {
        try transactionCallBlocking("commit transaction") { rd_kafka_commit_transaction($0, timeout.timeoutMilliseconds) }
    }

    /// The blocking form of `abortTransaction`, for rebalance hooks only.
    public func abortTransactionBlocking(timeout: Duration = .seconds(30)) throws(KafkaError) {
        try transactionCallBlocking("abort transaction") { rd_kafka_abort_transaction($0, timeout.timeoutMilliseconds) }
    }

    private func transactionCall(_ operation: String,
                                 _ body: @escaping @Sendable (OpaquePointer) -> OpaquePointer?) async throws(KafkaError) {
        try await BlockingExecutor.shared.run { () throws(KafkaError) in try self.transactionCallBlocking(operation, body) }
    }

    private func transactionCallBlocking(_ operation: String, _ body: (OpaquePointer) -> OpaquePointer?) throws(KafkaError) {
        guard !client.isDestroyed else { throw KafkaError.state("producer is closed") }
        if let error = body(client.pointer) {
            var failure = KafkaError.consuming(error, context: ["operation": operation])
            failure.message = "\(operation): \(failure.message)"
            throw failure
        }
    }
}
