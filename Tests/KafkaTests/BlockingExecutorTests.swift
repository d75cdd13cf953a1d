import Dispatch
import Foundation
import Kafka
import Synchronization
import Testing

/// Blocking librdkafka calls (close, flush, destroy, sync commit) must not take the cooperative pool's threads:
/// with one of those per core, a few consumers closing at once would stop every other task of the process.
@Suite("Blocking calls off the cooperative pool")
struct BlockingExecutorTests {
    final class Tally: Sendable {
        let started = Atomic<Int>(0)
        let released = Atomic<Bool>(false)
        let releasedInTime = Atomic<Int>(0)
    }

    /// More calls run at once than there are cores, each busy until released (so dispatch never sees them blocked
    /// and adds no thread for them). The pool must still run a task, and that task is what releases them; a call
    /// not released within 10 s counts as starved.
    @Test func moreBlockedCallsThanCoresLeaveThePoolFree() async {
        let blocked = ProcessInfo.processInfo.activeProcessorCount + 2
        let tally = Tally()
        await withTaskGroup(of: Void.self) { group in
            for _ in 0..<blocked {
                group.addTask {
                    await BlockingExecutor.shared.runDetached {
                        tally.started.add(1, ordering: .relaxed)
                        let deadline = ContinuousClock.now + .seconds(10)
                        while !tally.released.load(ordering: .acquiring), ContinuousClock.now < deadline {}
                        if tally.released.load(ordering: .acquiring) { tally.releasedInTime.add(1, ordering: .relaxed) }
                    }
                }
            }
            // This task needs a thread of the pool while every call above is blocked.
            group.addTask {
                let deadline = ContinuousClock.now + .seconds(10)
                while tally.started.load(ordering: .relaxed) < blocked, ContinuousClock.now < deadline {
                    try? await Task.sleep(for: .milliseconds(5))
                }
                tally.released.store(true, ordering: .releasing)
            }
        }
        #expect(tally.started.load(ordering: .relaxed) == blocked)
        #expect(tally.releasedInTime.load(ordering: .relaxed) == blocked, "calls blocked on the pool's threads starved the task that releases them")
    }
}
