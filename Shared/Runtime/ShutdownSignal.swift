import Dispatch
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Waits for SIGTERM or SIGINT without Foundation's or the C library's default handlers killing the process.
public enum ShutdownSignal {
    /// Suspends until one of `signals` arrives and returns it. Installs its handlers on first use.
    public static func wait(for signals: [Int32] = [SIGTERM, SIGINT]) async -> Int32 {
        let stream = AsyncStream<Int32> { continuation in
            let queue = DispatchQueue(label: "credence.signals")
            let sources = signals.map { number -> DispatchSourceSignal in
                signal(number, SIG_IGN)
                let source = DispatchSource.makeSignalSource(signal: number, queue: queue)
                source.setEventHandler { continuation.yield(number) }
                source.resume()
                return source
            }
            let retained = SignalSources(sources: sources)
            continuation.onTermination = { _ in retained.cancel() }
        }
        for await number in stream { return number }
        return SIGTERM
    }
}

/// Keeps the dispatch sources alive until the stream ends.
private final class SignalSources: @unchecked Sendable {
    // Only touched at creation and once in `cancel`, from the stream's termination handler.
    let sources: [DispatchSourceSignal]
    init(sources: [DispatchSourceSignal]) { self.sources = sources }
    func cancel() { sources.forEach { $0.cancel() } }
}
