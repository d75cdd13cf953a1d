import Foundation
import Kafka
import Logging
import Pipeline

/// The broker's own copy rate, the yardstick the stages are measured against: Debian's `kcat` consuming a
/// stage's input topics from the beginning and piping them into a `kcat` producer on a sink topic.
///
/// kcat's simple consumer reads one topic, so each input topic gets its own `kcat -C … | kcat -P …` pipeline,
/// all started at once. Keys survive the copy (`-f '%k\t%s\n'` read back with `-K '\t'`: values
/// are JSON, which holds no raw tab or newline); headers do not, which a copy rate does not need. Timed from
/// starting them to the sink's high watermarks holding every record.
struct KcatCopy {
    let bootstrap: String
    let sink: String
    let partitions: Int
    let kafka: KafkaConfiguration
    let logFile: URL
    let logger: Logger

    /// Records copied and the time it took, like the Kafka-layer baseline's.
    typealias Result = PassThroughBaseline.Result

    /// `kcat` on PATH, or nil when it is not installed.
    static let executable: URL? = {
        let path = ProcessInfo.processInfo.environment["PATH"] ?? "/usr/local/bin:/usr/bin:/bin"
        return path.split(separator: ":").map { URL(fileURLWithPath: String($0)).appendingPathComponent("kcat") }
            .first { FileManager.default.isExecutableFile(atPath: $0.path) }
    }()

    /// The arguments of the consumer reading `topic` whole and of the producer writing to the sink;
    /// `fetchWaitMilliseconds` sets the consumer's `fetch.wait.max.ms` (nil: librdkafka's default, 500 ms).
    static func arguments(bootstrap: String, topic: String, sink: String, fetchWaitMilliseconds: Int?) -> (consumer: [String], producer: [String]) {
        (["-C", "-b", bootstrap, "-t", topic, "-o", "beginning", "-e", "-q"]
            + (fetchWaitMilliseconds.map { ["-X", "fetch.wait.max.ms=\($0)"] } ?? []) + ["-f", "%k\\t%s\\n"],
         ["-P", "-b", bootstrap, "-t", sink, "-K", "\\t"])
    }

    /// Copies every record of `topics` (`expected` of them) to the sink with kcat and times it.
    func run(topics: [String], expected: Int, fetchWaitMilliseconds: Int?) async throws -> Result {
        guard let kcat = Self.executable else { throw IngestError("kcat is not installed") }
        let consumer = try KafkaConsumer(configuration: ConsumerConfiguration(kafka, groupId: nil), logger: logger)
        func sinkRecords() async throws -> Int64 {
            var total: Int64 = 0
            for partition in 0..<Int32(partitions) { total += try await consumer.watermarks(TopicPartition(sink, partition)).high }
            return total
        }
        var processes: [Process] = []
        do {
            let before = try await sinkRecords()
            try? FileManager.default.createDirectory(at: logFile.deletingLastPathComponent(), withIntermediateDirectories: true)
            _ = FileManager.default.createFile(atPath: logFile.path, contents: nil)
            let log = try FileHandle(forWritingTo: logFile)
            // No shell between them: a shell started from this process inherits its blocked signals and never reaps.
            for topic in topics {
                let (consumerArguments, producerArguments) = Self.arguments(bootstrap: bootstrap, topic: topic, sink: sink,
                                                                            fetchWaitMilliseconds: fetchWaitMilliseconds)
                let pipe = Pipe()
                let consumer = Process(), producer = Process()
                consumer.executableURL = kcat
                consumer.arguments = consumerArguments
                consumer.standardOutput = pipe.fileHandleForWriting
                consumer.standardError = log
                producer.executableURL = kcat
                producer.arguments = producerArguments
                producer.standardInput = pipe.fileHandleForReading
                producer.standardOutput = FileHandle.nullDevice
                producer.standardError = log
                processes += [producer, consumer]
            }
            let started = ContinuousClock.now
            for process in processes { try process.run() }
            for process in processes {
                // The parent's ends of the pipes: closed, so each producer sees end of input when its consumer exits.
                try? (process.standardOutput as? FileHandle)?.close()
                try? (process.standardInput as? FileHandle)?.close()
            }
            var exitedAt: ContinuousClock.Instant?
            while try await sinkRecords() - before < Int64(expected) {
                if let failed = processes.first(where: { !$0.isRunning && $0.terminationStatus != 0 }) {
                    throw IngestError("kcat exited with status \(failed.terminationStatus); see \(logFile.path)")
                }
                if processes.allSatisfy({ !$0.isRunning }) {
                    // The producers have flushed: a short count now is records kcat could not copy, not lag.
                    if let exitedAt, ContinuousClock.now - exitedAt > .seconds(5) {
                        throw IngestError("kcat copied \(try await sinkRecords() - before) of \(expected) records; see \(logFile.path)")
                    }
                    exitedAt = exitedAt ?? .now
                }
                if ContinuousClock.now - started > .seconds(600) { throw IngestError("kcat did not copy \(expected) records within 600 s") }
                try await Task.sleep(for: .milliseconds(5))
            }
            let seconds = Bench.seconds(ContinuousClock.now - started)
            for process in processes { process.waitUntilExit() }
            await consumer.close()
            return Result(records: expected, seconds: seconds)
        } catch {
            for process in processes where process.isRunning { process.terminate() }
            await consumer.close()
            throw error
        }
    }
}
