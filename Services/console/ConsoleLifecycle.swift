import Logging
import ServiceLifecycle

/// The topic feed as a `Service`: reads the topics into the views until the group shuts down, then stops reading.
/// A feed that fails keeps the process up, not ready (`/readyz` says why), as a stage's failed table would not.
struct TopicFeedService: Service {
    let feed: TopicFeed
    let deliver: @Sendable ([TopicFeed.Delivery]) -> Void

    func run() async throws {
        async let reading: Void = feed.run(deliver: deliver)
        try? await gracefulShutdown()
        await feed.stop()
        await reading
    }
}

/// Ends every open alert stream (server-sent events) when the drain starts, so the web server, drained after it,
/// does not wait on connections that never finish by themselves.
struct AlertStreamsService: Service {
    let broadcast: AlertBroadcast
    let logger: Logger

    func run() async throws {
        try? await gracefulShutdown()
        logger.notice("shutdown requested: closing the alert streams, then draining the web server")
        broadcast.finishAll()
    }
}
