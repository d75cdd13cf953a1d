import Foundation
import Kafka
import Logging
import Prometheus
import ServiceLifecycle

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The entry point of every stage executable: configuration, logging, metrics, the ops listener,
/// the runner, and the lifecycle (SIGTERM/SIGINT drain within the grace period; fatal errors exit non-zero).
public enum StageMain {
    /// EX_CONFIG: the configuration cannot be used.
    public static let configurationExitCode: Int32 = 78

    /// Runs the stage until a signal or a fatal error; never returns.
    /// - Parameters:
    ///   - stage: the stage's name (consumer group `credence-<stage>`).
    ///   - defaultHTTPPort: the ops port when none is configured; distinct per stage so four stages share a host.
    ///   - makeProcessor: builds the processor from the configuration (e.g. loading the policy file);
    ///     a `RuntimeError.configuration` it throws stops the start with its message.
    public static func run<Processor: StageProcessor>(
        stage: String,
        defaultHTTPPort: Int,
        arguments: [String] = Array(CommandLine.arguments.dropFirst()),
        makeProcessor: (StageConfiguration) throws -> Processor
    ) async -> Never {
        if arguments.contains("--help") || arguments.contains("-h") {
            print("usage: credence-\(stage) [options]\n\(StageConfiguration.usage)")
            exit(0)
        }
        var configuration: StageConfiguration
        let processor: Processor
        do {
            configuration = try StageConfiguration.load(
                stage: stage, defaultHTTPPort: defaultHTTPPort, arguments: arguments, environment: ProcessInfo.processInfo.environment
            )
            processor = try makeProcessor(configuration)
        } catch {
            fail("configuration error: \(error)", stage: stage, code: configurationExitCode)
        }
        let logger = bootstrapLogging(stage: stage, configuration: configuration)

        // The embedded broker answers an empty fetch only when the fetch wait expires: there a short one (and no linger)
        // is the default.
        if await configuration.kafka.isEmbeddedCluster() {
            // The embedded broker keeps only a window of each partition and never compacts: the changelog is kept inside it.
            configuration.changelogWindowBytes = KafkaConfiguration.embeddedLogWindowBytes
            configuration.kafkaProperties = configuration.kafka.tunedForEmbeddedBroker().properties
            logger.info("embedded broker: fetch.wait.max.ms=\(KafkaConfiguration.embeddedFetchWaitMilliseconds), linger.ms=\(KafkaConfiguration.embeddedLingerMilliseconds) unless set")
        }

        let registry = PrometheusCollectorRegistry()
        StageMetrics.bootstrapSwiftMetrics(registry: registry)
        let metrics = StageMetrics(registry: registry, stage: stage)

        let runner: StageRunner<Processor>
        do {
            runner = try StageRunner(processor: processor, configuration: configuration, observer: metrics, logger: logger)
        } catch {
            fail("cannot start: \(error)", stage: stage, code: configurationExitCode)
        }
        let ops: OpsServer
        do {
            ops = try await OpsServer.start(
                host: configuration.httpHost,
                port: configuration.httpPort,
                registry: registry,
                readiness: {
                    let (ready, detail) = runner.readiness
                    return Readiness(isReady: ready, detail: detail)
                },
                readinessGauge: metrics.ready,
                logger: logger
            )
        } catch {
            fail("cannot open the ops listener: \(error)", stage: stage, code: configurationExitCode)
        }
        announce("credence-\(stage) started: bootstrap \(configuration.bootstrapServers), group \(configuration.groupID), http \(configuration.httpHost):\(ops.port)")

        // The ops listener first, the runner last: on SIGTERM or SIGINT the group drains the runner first, then
        // closes the listener; a drain longer than the grace period is cancelled.
        var lifecycle = ServiceGroupConfiguration(
            services: [
                .init(service: OpsService(server: ops)),
                .init(service: StageRunnerService(runner: runner, logger: logger),
                      successTerminationBehavior: .gracefullyShutdownGroup,
                      failureTerminationBehavior: .gracefullyShutdownGroup),
            ],
            gracefulShutdownSignals: [.sigterm, .sigint],
            logger: logger
        )
        lifecycle.maximumGracefulShutdownDuration = configuration.gracePeriod
        do {
            try await ServiceGroup(configuration: lifecycle).run()
        } catch is CancellationError {
            logger.critical("drain took longer than the grace period")
            fail("the drain took longer than the grace period (\(configuration.gracePeriod))", stage: stage, code: 1)
        } catch {
            var context: Logger.Metadata = [:]
            if let error = error as? RuntimeError {
                context["code"] = "\(error.code)"
                if let topic = error.topic { context["topic"] = "\(topic)" }
                if let partition = error.partition { context["partition"] = "\(partition)" }
            }
            logger.critical("stage failed: \(error)", metadata: context)
            fail("fatal: \(error)", stage: stage, code: 1)
        }
        logger.notice("stopped cleanly")
        exit(0)
    }

    /// Sends every log to standard error at the configured level, once per process, and returns the process's
    /// logger with the stage and instance in its metadata (what every Credence executable logs with).
    public static func bootstrapLogging(stage: String, configuration: StageConfiguration) -> Logger {
        let logLevel = configuration.logLevel
        LoggingSystem.bootstrap { label in
            var handler = StreamLogHandler.standardError(label: label)
            handler.logLevel = logLevel
            return handler
        }
        var logger = Logger(label: "credence.\(stage)")
        logger[metadataKey: "stage"] = "\(stage)"
        logger[metadataKey: "instance"] = "\(configuration.instanceID)"
        return logger
    }

    private static func fail(_ message: String, stage: String, code: Int32) -> Never {
        FileHandle.standardError.write(Data("credence-\(stage): \(message)\n".utf8))
        exit(code)
    }

    /// One line on standard output, flushed at once so supervisors and tests see it.
    static func announce(_ line: String) {
        print(line)
        fflush(nil)
    }
}
