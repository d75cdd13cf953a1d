import Domain
import Foundation
import Hummingbird
import Logging
import Prometheus
import Runtime

#if canImport(Glibc)
import Glibc
#endif

/// The entry point of `credence-console`: the stage configuration and ops listener (as `StageMain` gives every
/// stage), the topic feed filling the views, the web application, and the same SIGTERM drain.
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
        let feedTask = Task {
            await feed.run { deliveries in
                views.apply(deliveries)
                for (topic, records) in Dictionary(grouping: deliveries, by: \.envelope.topic) {
                    metrics.consumed(topic: topic, count: records.count)
                }
            }
        }
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
        let appTask = Task { try await app.run() }

        let grace = configuration.gracePeriod
        Task {
            let signal = await ShutdownSignal.wait()
            logger.notice("signal \(signal): draining", metadata: ["gracePeriod": "\(grace)"])
            views.alertBroadcast.finishAll()
            appTask.cancel()
            try? await Task.sleep(for: grace)
            logger.critical("drain took longer than the grace period; exiting")
            exit(1)
        }
        let result = await appTask.result
        views.alertBroadcast.finishAll()
        await feed.stop()
        _ = await feedTask.result
        await writer.close()
        await ops.shutdown()
        if case .failure(let error) = result, !(error is CancellationError) {
            logger.critical("console failed: \(error)")
            fail("fatal: \(error)", code: 1)
        }
        logger.notice("stopped cleanly")
        exit(0)
    }

    private static func fail(_ message: String, code: Int32) -> Never {
        FileHandle.standardError.write(Data("credence-console: \(message)\n".utf8))
        exit(code)
    }
}
