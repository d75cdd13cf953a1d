import Dispatch

/// Runs test work on threads outside Swift's cooperative pool.
///
/// The pool has one thread per core: two on the CI machine. A test that computes for a minute (fitting the
/// scorecard, fuzzing a decoder) or waits on a child process holds one of them. Two such tests hold both, and every
/// other test's tasks stop: a polling loop stops polling and misses a rebalance, a harness misses a line it waits for.
/// Work started here still uses the cores, but the kernel shares them, so the waiting tasks keep running.
///
/// Each body gets a serial queue of its own: a serial queue runs on dispatch's overcommitting threads, which are
/// started when the others are busy, whereas a concurrent queue shares the width-limited threads the pool uses.
public final class OwnThreadsExecutor: TaskExecutor {
    private let queue = DispatchQueue(label: "credence.tests.own-thread")

    public init() {}

    public func enqueue(_ job: consuming ExecutorJob) {
        let job = UnownedJob(job)
        let executor = asUnownedTaskExecutor()
        queue.async { job.runSynchronously(on: executor) }
    }
}

/// Runs `body` in the calling task (its `#expect`s are recorded as usual) on a thread outside the cooperative pool.
/// Wrap a test's body in it when the body computes for more than about a second or blocks.
public func onOwnThreads<T>(_ body: () async throws -> T) async rethrows -> T {
    try await withTaskExecutorPreference(OwnThreadsExecutor(), operation: body)
}
