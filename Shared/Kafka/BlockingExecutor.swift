import Dispatch

/// Runs blocking librdkafka calls (flush, close, destroy, sync commit, metadata) on threads outside
/// Swift's cooperative pool, so a slow broker never starves async tasks.
///
/// Each call gets a serial queue of its own. Serial queues run on dispatch's overcommitting threads, which are
/// started while the others are blocked. A concurrent queue would run on the width-limited threads (one per core)
/// that the cooperative pool uses too: two consumers closing during a rebalance would stop every task.
public final class BlockingExecutor: Sendable {
    /// The process-wide executor used by every client.
    public static let shared = BlockingExecutor()

    private var queue: DispatchQueue { DispatchQueue(label: "credence.kafka.blocking") }

    /// Runs `body` on a blocking thread and resumes the caller with its result.
    public func run<T: Sendable>(_ body: @escaping @Sendable () throws(KafkaError) -> T) async throws(KafkaError) -> T {
        let result: Result<T, KafkaError> = await withCheckedContinuation { continuation in
            queue.async {
                do throws(KafkaError) {
                    continuation.resume(returning: .success(try body()))
                } catch {
                    continuation.resume(returning: .failure(error))
                }
            }
        }
        return try result.get()
    }

    /// Runs a non-throwing blocking `body` and waits for it to finish.
    public func runDetached(_ body: @escaping @Sendable () -> Void) async {
        await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
            queue.async {
                body()
                continuation.resume()
            }
        }
    }

    /// Runs `body` on a blocking thread without waiting for it.
    public func detach(_ body: @escaping @Sendable () -> Void) {
        queue.async(execute: body)
    }
}
