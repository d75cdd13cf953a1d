import CRdKafka
import Foundation
import Logging
import Metrics
import Synchronization

/// An idempotent Kafka producer whose sends resolve with the delivery report or a `KafkaError`.
///
/// A dedicated thread serves librdkafka's delivery callbacks; no call here blocks a cooperative thread.
public final class KafkaProducer: Sendable {
    let client: RDClient
    private let poller: PollThread
    private let logger: Logger

    /// Creates the producer; an unknown or invalid property throws, naming it.
    /// - Parameter metrics: where librdkafka's statistics go when `statisticsInterval` is set.
    public init(
        configuration: ProducerConfiguration,
        logger: Logger = Logger(label: "credence.kafka.producer"),
        metrics: MetricsFactory = MetricsSystem.factory
    ) throws(KafkaError) {
        let context = RDClientContext(clientId: configuration.common.clientId, logger: logger, metrics: metrics)
        let client = try RDClient(kind: .producer, entries: configuration.entries, context: context) { conf in
            rd_kafka_conf_set_dr_msg_cb(conf, rdDeliveryCallback)
        }
        self.client = client
        self.logger = logger
        self.poller = PollThread(name: "kafka-producer-\(configuration.common.clientId)") {
            rd_kafka_poll(client.pointer, 100)
        }
    }

    /// Enqueues a record and calls `completion` once, from the delivery thread, with where it was stored or why not.
    /// Throws at once when the record cannot be enqueued (queue full: retriable; bad topic or size: bad input).
    public func produce(_ record: ProducerRecord, completion: @escaping @Sendable (Result<DeliveryReport, KafkaError>) -> Void) throws(KafkaError) {
        if let fatal = client.fatalError() { throw fatal }
        guard !client.isDestroyed else { throw KafkaError.state("producer is closed", context: ["topic": record.topic]) }
        let box = Unmanaged.passRetained(DeliveryBox(topic: record.topic, completion: completion)).toOpaque()
        if let error = RDProduce.enqueue(client.pointer, record, opaque: box) {
            Unmanaged<DeliveryBox>.fromOpaque(box).release()
            throw error
        }
    }

    /// Sends a record and returns where it was stored; waits while the local queue is full.
    public func send(_ record: ProducerRecord) async throws(KafkaError) -> DeliveryReport {
        let promise = DeliveryPromise()
        await enqueueWaitingForRoom(record) { promise.complete($0) }
        return try await promise.result().get()
    }

    /// Sends records in order and returns their reports in the same order; the first failure throws
    /// (after every record has been delivered or failed, so nothing is left in flight).
    public func send(_ records: [ProducerRecord]) async throws(KafkaError) -> [DeliveryReport] {
        var reports: [DeliveryReport] = []
        reports.reserveCapacity(records.count)
        for result in await sendEach(records) { reports.append(try result.get()) }
        return reports
    }

    /// Sends records in order and returns each one's outcome in the same order, once every record has been
    /// delivered or failed: what a caller needs to retry only the records that failed.
    public func sendEach(_ records: [ProducerRecord]) async -> [Result<DeliveryReport, KafkaError>] {
        var promises: [DeliveryPromise] = []
        promises.reserveCapacity(records.count)
        for record in records {
            let promise = DeliveryPromise()
            promises.append(promise)
            await enqueueWaitingForRoom(record) { promise.complete($0) }
        }
        var results: [Result<DeliveryReport, KafkaError>] = []
        results.reserveCapacity(promises.count)
        for promise in promises { results.append(await promise.result()) }
        return results
    }

    /// The blocking form of `sendEach`, for rebalance hooks and dedicated threads only (never the cooperative
    /// pool): waits up to `timeout` for every outcome; a record still in flight then fails as timed out.
    public func sendEachBlocking(_ records: [ProducerRecord], timeout: Duration) -> [Result<DeliveryReport, KafkaError>] {
        let outcomes = Mutex<[Result<DeliveryReport, KafkaError>?]>(Array(repeating: nil, count: records.count))
        let group = DispatchGroup()
        for (index, record) in records.enumerated() {
            group.enter()
            let complete: @Sendable (Result<DeliveryReport, KafkaError>) -> Void = { result in
                outcomes.withLock { $0[index] = result }
                group.leave()
            }
            while true {
                do {
                    try produce(record, completion: complete)
                    break
                } catch where error.code == RD_KAFKA_RESP_ERR__QUEUE_FULL.rawValue {
                    Thread.sleep(forTimeInterval: 0.002)
                } catch {
                    complete(.failure(error))
                    break
                }
            }
        }
        _ = group.wait(timeout: .now() + .milliseconds(Int(timeout.milliseconds)))
        return outcomes.withLock { outcomes in
            outcomes.map { $0 ?? .failure(KafkaError(RD_KAFKA_RESP_ERR__TIMED_OUT, "delivery still in flight after \(timeout)")) }
        }
    }

    private func enqueueWaitingForRoom(_ record: ProducerRecord, completion: @escaping @Sendable (Result<DeliveryReport, KafkaError>) -> Void) async {
        while true {
            do {
                try produce(record, completion: completion)
                return
            } catch where error.code == RD_KAFKA_RESP_ERR__QUEUE_FULL.rawValue {
                try? await Task.sleep(for: .milliseconds(2))
            } catch {
                completion(.failure(error))
                return
            }
        }
    }

    /// Waits until every enqueued record is delivered or failed; throws a retriable timeout if some remain.
    public func flush(timeout: Duration) async throws(KafkaError) {
        let client = self.client
        try await BlockingExecutor.shared.run { () throws(KafkaError) in
            let err = rd_kafka_flush(client.pointer, timeout.timeoutMilliseconds)
            if err != RD_KAFKA_RESP_ERR_NO_ERROR {
                throw KafkaError(err, "flush left \(rd_kafka_outq_len(client.pointer)) records undelivered")
            }
        }
    }

    /// Learns the partitions and leaders of those of `topics` that exist before anything is produced to them, so
    /// the first record to each goes out at once instead of waiting for a metadata request. A topic that does not
    /// exist is left alone (never created). Returns the topics prepared.
    @discardableResult
    public func prepare(topics: [String], timeout: Duration = .seconds(10)) async -> [String] {
        let client = self.client
        return await (try? BlockingExecutor.shared.run { () throws(KafkaError) -> [String] in
            var metadata: UnsafePointer<rd_kafka_metadata>?
            guard rd_kafka_metadata(client.pointer, 1, nil, &metadata, timeout.timeoutMilliseconds) == RD_KAFKA_RESP_ERR_NO_ERROR,
                  let metadata else { return [] }
            let m = metadata.pointee
            let existing = Set((0..<Int(m.topic_cnt)).filter { m.topics[$0].err == RD_KAFKA_RESP_ERR_NO_ERROR }.map { String(cString: m.topics[$0].topic) })
            rd_kafka_metadata_destroy(metadata)
            var prepared: [String] = []
            for topic in topics where existing.contains(topic) {
                guard let handle = rd_kafka_topic_new(client.pointer, topic, nil) else { continue }
                var one: UnsafePointer<rd_kafka_metadata>?
                if rd_kafka_metadata(client.pointer, 0, handle, &one, timeout.timeoutMilliseconds) == RD_KAFKA_RESP_ERR_NO_ERROR, let one {
                    rd_kafka_metadata_destroy(one)
                    prepared.append(topic)
                }
                rd_kafka_topic_destroy(handle)
            }
            return prepared
        }) ?? []
    }

    /// The number of records enqueued and not yet delivered or failed.
    public var pendingCount: Int { Int(rd_kafka_outq_len(client.pointer)) }

    /// Flushes for up to `timeout`, fails what is left (each completion sees `_PURGE_QUEUE`), and frees the client.
    public func close(timeout: Duration = .seconds(10)) async {
        let client = self.client
        let poller = self.poller
        let logger = self.logger
        await BlockingExecutor.shared.runDetached {
            guard !client.isDestroyed else { return }
            if rd_kafka_flush(client.pointer, timeout.timeoutMilliseconds) != RD_KAFKA_RESP_ERR_NO_ERROR {
                logger.warning("producer closing with \(rd_kafka_outq_len(client.pointer)) undelivered records; failing them")
                rd_kafka_purge(client.pointer, RD_KAFKA_PURGE_F_QUEUE | RD_KAFKA_PURGE_F_INFLIGHT)
                rd_kafka_flush(client.pointer, 1000)
            }
            poller.stop()
            client.destroy()
        }
    }
}

/// What a produced record carries through librdkafka to its delivery callback.
final class DeliveryBox: Sendable {
    let topic: String
    let completion: @Sendable (Result<DeliveryReport, KafkaError>) -> Void

    init(topic: String, completion: @escaping @Sendable (Result<DeliveryReport, KafkaError>) -> Void) {
        self.topic = topic
        self.completion = completion
    }
}

private func rdDeliveryCallback(_ rk: OpaquePointer?, _ message: UnsafePointer<rd_kafka_message_t>?, _ opaque: UnsafeMutableRawPointer?) {
    guard let message, let boxPointer = message.pointee._private else { return }
    let box = Unmanaged<DeliveryBox>.fromOpaque(boxPointer).takeRetainedValue()
    let m = message.pointee
    if m.err == RD_KAFKA_RESP_ERR_NO_ERROR {
        box.completion(.success(DeliveryReport(topic: box.topic, partition: m.partition, offset: m.offset)))
    } else {
        var error = KafkaError(m.err, "delivery failed", context: ["topic": box.topic, "partition": String(m.partition)])
        if let rk, let context = RDClientContext.from(rd_kafka_opaque(rk)) {
            var text = [CChar](repeating: 0, count: 512)
            if rd_kafka_fatal_error(rk, &text, text.count) != RD_KAFKA_RESP_ERR_NO_ERROR {
                error.classification = .fatal
            }
            context.logger.debug("delivery failed: \(error)")
        }
        box.completion(.failure(error))
    }
}

/// One delivery's result, awaited by `send`; completed exactly once by the delivery callback.
final class DeliveryPromise: Sendable {
    private let state = Mutex<(result: Result<DeliveryReport, KafkaError>?, waiter: CheckedContinuation<Result<DeliveryReport, KafkaError>, Never>?)>((nil, nil))

    func complete(_ result: Result<DeliveryReport, KafkaError>) {
        let waiter = state.withLock { state in
            state.result = result
            return state.waiter.take()
        }
        waiter?.resume(returning: result)
    }

    func result() async -> Result<DeliveryReport, KafkaError> {
        await withCheckedContinuation { continuation in
            let ready: Result<DeliveryReport, KafkaError>? = state.withLock { state in
                if let result = state.result { return result }
                state.waiter = continuation
                return nil
            }
            if let ready { continuation.resume(returning: ready) }
        }
    }
}
