import CRdKafka
import Foundation
import Logging
import Metrics
import Synchronization

/// Owns one `rd_kafka_t` and the Swift context its C callbacks reach through the opaque pointer.
///
/// `@unchecked Sendable`: librdkafka documents its handle as thread-safe for every call we make through it;
/// the pointer is written once in `init` and freed exactly once, in `destroy()`, guarded by `destroyed`.
final class RDClient: @unchecked Sendable {
    let pointer: OpaquePointer
    let context: RDClientContext
    private let destroyed = Atomic<Bool>(false)

    enum Kind { case producer, consumer }

    /// Creates the handle; `configure` may install more callbacks on the configuration first.
    init(
        kind: Kind,
        entries: [(String, String)],
        context: RDClientContext,
        configure: (OpaquePointer) -> Void = { _ in }
    ) throws(KafkaError) {
        let conf = try RDConfiguration.make(entries)
        let opaque = Unmanaged.passRetained(context).toOpaque()
        rd_kafka_conf_set_opaque(conf, opaque)
        rd_kafka_conf_set_log_cb(conf, rdLogCallback)
        rd_kafka_conf_set_error_cb(conf, rdErrorCallback)
        rd_kafka_conf_set_stats_cb(conf, rdStatisticsCallback)
        configure(conf)
        var errorText = [CChar](repeating: 0, count: 512)
        let type = kind == .producer ? RD_KAFKA_PRODUCER : RD_KAFKA_CONSUMER
        guard let handle = rd_kafka_new(type, conf, &errorText, errorText.count) else {
            // rd_kafka_new frees the configuration only on success.
            rd_kafka_conf_destroy(conf)
            Unmanaged<RDClientContext>.fromOpaque(opaque).release()
            let reason = String(errorBuffer: errorText)
            throw KafkaError(RD_KAFKA_RESP_ERR__INVALID_ARG, "cannot create the client: \(reason)")
                .with(["client.id": context.clientId])
        }
        self.pointer = handle
        self.context = context
    }

    var name: String { String(cString: rd_kafka_name(pointer)) }

    /// The error that made this instance unusable, if any (idempotent producer failures, fencing).
    func fatalError() -> KafkaError? {
        var text = [CChar](repeating: 0, count: 512)
        let err = rd_kafka_fatal_error(pointer, &text, text.count)
        guard err != RD_KAFKA_RESP_ERR_NO_ERROR else { return nil }
        let reason = String(errorBuffer: text)
        return KafkaError(err, "fatal client error: \(reason)", fatal: true)
    }

    /// Frees the handle; blocks while librdkafka shuts its threads down, so never call it on the cooperative pool.
    func destroy() {
        guard !destroyed.exchange(true, ordering: .acquiringAndReleasing) else { return }
        rd_kafka_destroy(pointer)
        Unmanaged.passUnretained(context).release()
    }

    var isDestroyed: Bool { destroyed.load(ordering: .acquiring) }

    deinit {
        if !isDestroyed {
            let client = UnsafeHandle(pointer: pointer, context: context)
            BlockingExecutor.shared.detach { client.destroy() }
        }
    }
}

/// A handle moved to the blocking executor by `deinit`, which can no longer use `self`.
private struct UnsafeHandle: @unchecked Sendable {
    // Sendable by construction: created in deinit after the last reference is gone, used once on one thread.
    let pointer: OpaquePointer
    let context: RDClientContext
    func destroy() {
        rd_kafka_destroy(pointer)
        Unmanaged.passUnretained(context).release()
    }
}

/// What C callbacks need from Swift: the logger, the statistics sink, and per-kind hooks.
final class RDClientContext: Sendable {
    let clientId: String
    let logger: Logger
    let statistics: KafkaStatisticsRecorder
    /// Set for consumers: called from librdkafka's rebalance callback on the polling thread.
    let rebalance: Mutex<RebalanceHandler?> = Mutex(nil)

    init(clientId: String, logger: Logger, metrics: MetricsFactory = MetricsSystem.factory) {
        self.clientId = clientId
        self.logger = logger
        self.statistics = KafkaStatisticsRecorder(clientId: clientId, factory: metrics)
    }

    static func from(_ opaque: UnsafeMutableRawPointer?) -> RDClientContext? {
        guard let opaque else { return nil }
        return Unmanaged<RDClientContext>.fromOpaque(opaque).takeUnretainedValue()
    }
}

private func rdLogCallback(_ rk: OpaquePointer?, _ level: Int32, _ facility: UnsafePointer<CChar>?, _ text: UnsafePointer<CChar>?) {
    guard let rk, let context = RDClientContext.from(rd_kafka_opaque(rk)) else { return }
    let logLevel: Logger.Level
    switch level {
    case ...3: logLevel = .error
    case 4: logLevel = .warning
    case 5: logLevel = .notice
    case 6: logLevel = .info
    default: logLevel = .debug
    }
    let facilityName = facility.map { String(cString: $0) } ?? ""
    let message = text.map { String(cString: $0) } ?? ""
    context.logger.log(level: logLevel, "\(message)", metadata: ["librdkafka.facility": "\(facilityName)", "client": "\(context.clientId)"])
}

private func rdErrorCallback(_ rk: OpaquePointer?, _ err: Int32, _ reason: UnsafePointer<CChar>?, _ opaque: UnsafeMutableRawPointer?) {
    guard let context = RDClientContext.from(opaque) else { return }
    let code = rd_kafka_resp_err_t(rawValue: err)
    let error = KafkaError(code, reason.map { String(cString: $0) })
    // Broker connection errors are routine and retried by librdkafka; only fatal ones need attention.
    let level: Logger.Level = code == RD_KAFKA_RESP_ERR__FATAL ? .critical : (error.isRetriable ? .info : .warning)
    context.logger.log(level: level, "\(error.message)", metadata: ["kafka.error": "\(error.name)", "client": "\(context.clientId)"])
}

private func rdStatisticsCallback(_ rk: OpaquePointer?, _ json: UnsafeMutablePointer<CChar>?, _ length: Int, _ opaque: UnsafeMutableRawPointer?) -> Int32 {
    guard let context = RDClientContext.from(opaque), let json else { return 0 }
    let bytes = UnsafeRawBufferPointer(start: json, count: length)
    context.statistics.record(json: Data(bytes))
    return 0  // librdkafka frees the JSON.
}
