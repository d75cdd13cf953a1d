import Foundation
import Synchronization

/// A dedicated thread that calls `body` in a loop until stopped; `body` is expected to block for a short poll timeout.
final class PollThread: Sendable {
    private final class State: Sendable {
        let running = Atomic<Bool>(true)
        let finished = DispatchSemaphore(value: 0)
    }

    private let state = State()

    init(name: String, body: @escaping @Sendable () -> Void) {
        let state = self.state
        let thread = Thread {
            while state.running.load(ordering: .acquiring) {
                body()
            }
            state.finished.signal()
        }
        thread.name = name
        thread.start()
    }

    /// Stops the loop and waits for its current iteration to end. Blocking: call it off the cooperative pool.
    func stop() {
        guard state.running.exchange(false, ordering: .acquiringAndReleasing) else { return }
        state.finished.wait()
    }
}
