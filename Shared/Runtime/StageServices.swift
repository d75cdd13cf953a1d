import Logging
import ServiceLifecycle

/// The runner as a `Service`: processes until the group's graceful shutdown (SIGTERM or SIGINT) asks it to drain,
/// then commits, leaves the consumer group and closes its clients. A fatal error ends it with that error, which
/// shuts the group down.
struct StageRunnerService<Processor: StageProcessor>: Service {
    let runner: StageRunner<Processor>
    let logger: Logger

    func run() async throws {
        try await withGracefulShutdownHandler {
            try await runner.run()
        } onGracefulShutdown: {
            logger.notice("shutdown requested: draining")
            runner.stop()
        }
    }
}

/// The ops listener (`/healthz`, `/readyz`, `/metrics`) as a `Service`: open from the start, closed once the
/// services after it in the group (the runner, the console's feed and web server) have drained.
public struct OpsService: Service {
    let server: OpsServer

    /// The service of an open listener.
    public init(server: OpsServer) {
        self.server = server
    }

    public func run() async throws {
        try? await gracefulShutdown()
        await server.shutdown()
    }
}
