import Domain
import Foundation
import Hummingbird
import Logging
import Prometheus
import Runtime
import ServiceLifecycle

#if canImport(Glibc)
import Glibc
#endif

/// The entry point of `credence-console`: the stage configuration and ops listener (as `StageMain` gives every
/// stage), the topic feed filling the views and the web application, run as one `ServiceGroup` with the stages'
/// SIGTERM drain.
public enum ConsoleMain {
    /// Runs the console until a signal or a fatal error; never returns.
    public static func run(arguments: [String] = Array(CommandLine.arguments.dropFirst())) async -> Never {
        if arguments.contains("--help") || arguments.contains("-h") {
            print("usage: credence-console [options]\n\(StageConfiguration.usage)\n\(ConsoleSettings.usage)")
            exit(0)
        }
        let environment = ProcessInfo.processInfo.environment
        var configuration: StageConfiguration
        let settings: ConsoleSettings
        let users: UserDirectory
        let sessions: SessionCodec
        do throws(any Error) {
            configuration = try StageConfiguration.load(stage: "console", defaultHTTPPort: ConsoleSettings.defaultOpsPort,
                                                        arguments: arguments, environment: environment)
            settings = try ConsoleSettings(options: configuration.options, environment: environment)
            users = try UserDirectory.load(path: settings.usersPath)
            sessions = try settings.sessionCodec()
        } catch {
            fail("configuration error: \(error)", code: StageMain.configurationExitCode)
        }
        let policy: Policy
        do { policy = try configuration.loadPolicy() } catch { fail("configuration error: \(error)", code: StageMain.configurationExitCode) }
        let logger = StageMain.bootstrapLogging(stage: "console", configuration: configuration)
        configuration.kafkaProperties = await configuration.kafka.tunedForCluster().properties

        let registry = PrometheusCollectorRegistry()
        StageMetrics.bootstrapSwiftMetrics(registry: registry)
        let feed: TopicFeed
        let writer: CollectionsWriter
        do {
            feed = try TopicFeed(kafka: configuration.kafka, logger: logger)
            writer = try CollectionsWriter(kafka: configuration.kafka, logger: logger)
        } catch {
            fail("cannot start: \(error)", code: StageMain.configurationExitCode)
        }
        let views = ConsoleViews(policy: policy, isCaughtUp: { feed.isCaughtUp })
        var services = ConsoleServices(views: views, writer: writer, users: users, sessions: sessions,
                                       clock: configuration.clock, registry: registry)
        services.secureCookies = settings.secureCookies
        let metrics = services.metrics
        let ops: OpsServer
        do {
            ops = try await OpsServer.start(
                host: configuration.httpHost, port: configuration.httpPort, registry: registry,
                readiness: {
                    if let failure = feed.failure { return Readiness(isReady: false, detail: "reading the topics failed: \(failure)") }
                    return views.isReady ? Readiness(isReady: true, detail: "views rebuilt from the topics")
                        : Readiness(isReady: false, detail: "rebuilding the views from the topics")
                },
                readinessGauge: metrics.ready, logger: logger)
        } catch {
            fail("cannot open the ops listener: \(error)", code: StageMain.configurationExitCode)
        }
        let webHost = settings.webHost
        let opsLine = "bootstrap \(configuration.bootstrapServers), http \(configuration.httpHost):\(ops.port)"
        let app = Application(
            router: ConsoleApp.router(services),
            configuration: .init(address: .hostname(settings.webHost, port: settings.webPort), serverName: "credence-console"),
            onServerRunning: { channel in
                let port = channel.localAddress?.port ?? settings.webPort
                print("credence-console started: \(opsLine), web http://\(webHost):\(port)/")
                fflush(nil)
            },
            logger: logger)

        // Started in this order and drained in the reverse one on SIGTERM or SIGINT: the open alert streams end,
        // the web server finishes its requests, the feed stops reading, and the ops listener closes last. A drain
        // longer than the grace period is cancelled.
        var lifecycle = ServiceGroupConfiguration(
            services: [
                .init(service: OpsService(server: ops)),
                .init(service: TopicFeedService(feed: feed) { deliveries in
                    views.apply(deliveries)
                    for (topic, records) in Dictionary(grouping: deliveries, by: \.envelope.topic) {
                        metrics.consumed(topic: topic, count: records.count)
                    }
                }),
                .init(service: app, successTerminationBehavior: .gracefullyShutdownGroup,
                      failureTerminationBehavior: .gracefullyShutdownGroup),
                .init(service: AlertStreamsService(broadcast: views.alertBroadcast, logger: logger)),
            ],
            gracefulShutdownSignals: [.sigterm, .sigint],
            logger: logger)
        lifecycle.maximumGracefulShutdownDuration = configuration.gracePeriod
        let outcome: Result<Void, any Error>
        do {
            try await ServiceGroup(configuration: lifecycle).run()
            outcome = .success(())
        } catch {
            outcome = .failure(error)
        }
        await writer.close()
        switch outcome {
        case .success:
            logger.notice("stopped cleanly")
            exit(0)
        case .failure(let error as CancellationError):
            logger.critical("drain took longer than the grace period (\(configuration.gracePeriod)): \(error)")
            fail("the drain took longer than the grace period (\(configuration.gracePeriod))", code: 1)
        case .failure(let error):
            logger.critical("console failed: \(error)")
            fail("fatal: \(error)", code: 1)
        }
    }

    private static func fail(_ message: String, code: Int32) -> Never {
        FileHandle.standardError.write(Data("credence-console: \(message)\n".utf8))
        exit(code)
    }
}
