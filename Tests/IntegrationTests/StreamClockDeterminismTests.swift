import Domain
import Foundation
import Kafka
import TestSupport
import Testing

/// On the stream clock a stage's outputs are a function of its inputs alone (docs/runtime.md "Clocks"), however the
/// stages run and however often they are killed: the demo's scenario goes through the four stages twice, on two
/// clusters, all four side by side each time — once undisturbed and once with every stage killed with SIGKILL twice
/// mid-way and started again — and both publish the same events on every topic, each id with the same value.
///
/// Side by side, a stage reads other stages' outputs as they come: it holds an input back until every stage it reads
/// from has promised on `credence.progress` everything before it (docs/runtime.md "Stages side by side").
@Suite("The stream-clock pipeline is a function of its input", .serialized)
struct StreamClockDeterminismTests {
    static let arguments = ["--clock", "stream"]
    static let inputTopics = [TopicCatalog.erpInvoices, TopicCatalog.erpOrders, TopicCatalog.buyerSignals, TopicCatalog.collectionsUpdates]
    static let outputTopics = [
        TopicCatalog.creditAssessments, TopicCatalog.creditDecisions, TopicCatalog.receivablesPositions, TopicCatalog.receivablesOverdue,
        TopicCatalog.dunningActions, TopicCatalog.claimsEvents, TopicCatalog.alerts,
    ]
    static var deadLetterTopics: [String] { Stage.allCases.map(TopicCatalog.deadLetter) }

    @Test func stagesSideBySideKilledRepeatedlyPublishTheSameEventsOnEveryTopic() async throws {
        // The input: the demo's scenario (ten buyers, 150 days, seed 42) as its simulated ERP sends it, with a tick at
        // every midnight; recorded once and copied, so both runs read the very same records in the same order.
        let undisturbed = try PipelineFixture()
        let demo = try ChildProcess("credence", [
            "demo", "--bootstrap-servers", undisturbed.bootstrap, "--partitions", String(PipelineFixture.partitions),
            "--speed", "2592000", "--days", "150", "--status-seconds", "60",
        ])
        try #require(await demo.exitStatus(timeout: .seconds(120)) == 0, "\(demo.standardError.suffix(2_000))")
        let crashed = try PipelineFixture()
        try await crashed.send(records: try await undisturbed.contents(of: Self.inputTopics))
        let invoices = try await crashed.watermarks([TopicCatalog.erpInvoices]).values.reduce(0) { $0 + $1.high }

        // All four stages start together on each cluster.
        var calm: [CrashingStage] = []
        var crashing: [Stage: CrashingStage] = [:]
        for stage in Stage.allCases {
            calm.append(try await CrashingStage(stage, on: undisturbed, arguments: Self.arguments))
            crashing[stage] = try await CrashingStage(stage, on: crashed, arguments: Self.arguments)
        }
        // Each stage is killed twice, at shares of the ERP's invoices it has read, in the order those shares come.
        var schedule = KillSchedule(seed: 18)
        let kills = Stage.allCases.flatMap { stage in schedule.shares(2).map { (stage, $0) } }.sorted { $0.1 < $1.1 }
        for (stage, share) in kills {
            guard let target = crashing[stage] else { continue }
            let killed = try await target.crash(whenRemaining: Int(Double(invoices) * (1 - share)), on: TopicCatalog.erpInvoices,
                                                timeout: .seconds(180))
            #expect(killed, "credence-\(stage.rawValue) read \(Int(share * 100)) % of the \(invoices) invoice records before kill \(target.crashes + 1)")
        }
        let everyStage = calm + Stage.allCases.compactMap { crashing[$0] }
        #expect(try await undisturbed.waitUntilSettled(timeout: .seconds(300)) { await Self.drained(calm) }, "the undisturbed pipeline finished")
        #expect(try await crashed.waitUntilSettled(timeout: .seconds(300)) { await Self.drained(everyStage) }, "the pipeline finished after its crashes")
        for stage in everyStage { _ = await stage.stop() }

        let expected = PublishedEvents(try await undisturbed.contents(of: Self.outputTopics + Self.deadLetterTopics))
        let actual = PublishedEvents(try await crashed.contents(of: Self.outputTopics + Self.deadLetterTopics))
        await undisturbed.test.shutdown()
        await crashed.test.shutdown()
        for topic in Self.outputTopics {
            #expect(!expected.ids(topic).isEmpty, "the scenario makes the stages publish on \(topic)")
        }
        for topic in Self.outputTopics + Self.deadLetterTopics {
            let differences = expected.differences(from: actual, on: topic)
            #expect(differences.missing.count == 0,
                    "\(topic): \(differences.missing.count) ids missing after the crashes, e.g. \(differences.missing.prefix(3))")
            #expect(differences.extra.count == 0,
                    "\(topic): \(differences.extra.count) ids not published undisturbed, e.g. \(differences.extra.prefix(3))")
            #expect(differences.changed.count == 0,
                    "\(topic): \(differences.changed.count) ids published with other values, e.g. \(actual.describe(topic, differences.changed.first))")
            #expect(differences.ambiguous.count == 0,
                    "\(topic): \(differences.ambiguous.count) ids published with two values in one run, e.g. \(differences.ambiguous.prefix(3))")
        }
        // `concentration` and the periodic review compare a buyer with the whole portfolio, read from the positions
        // table, which the other partitions' tasks write: on the stream clock a rule reads it as it stood at the start
        // of the day, once monitoring has promised everything before it on every partition — so these alerts are the
        // same in both runs too (compared above with the rest).
        #expect(expected.tableDependent[TopicCatalog.alerts, default: []].count >= 5, "the scenario raises alerts read from the positions table")
    }

    /// Whether every stage has read all its inputs.
    static func drained(_ stages: [CrashingStage]) async -> Bool {
        for stage in stages where await stage.remaining() != 0 { return false }
        return true
    }
}

extension PipelineFixture {
    /// Sends records read from another cluster unchanged: key, value, headers, timestamp and partition.
    func send(records: [ConsumerRecord]) async throws {
        let producer = try test.producer()
        _ = try await producer.send(records.map {
            ProducerRecord(topic: $0.topic, partition: $0.partition, key: $0.key, value: $0.value, headers: $0.headers, timestamp: $0.timestamp)
        })
        await producer.close()
    }
}

/// What the stages published: per topic, each event's identity (`ce_source` and `ce_id`) with the distinct values it
/// was published with — a replay may publish an event again, but always with the same value. A dead letter's value is
/// its error code (its source offsets depend on how often the outputs it came from were published).
struct PublishedEvents {
    private(set) var topics: [String: [String: Set<[UInt8]>]] = [:]
    /// Per topic, the ids of events a rule derived from a global table (`concentration` and periodic-review alerts).
    private(set) var tableDependent: [String: Set<String>] = [:]
    /// The alerts whose rule reads a global table: monitoring's `concentration` (the positions table) and scoring's
    /// periodic review (the largest exposures, from the same table).
    static let readFromTables: Set<String> = ["concentration", "credit.review.periodic"]

    init(_ records: [ConsumerRecord]) {
        for record in records {
            let id = "\(record.header("ce_source")?.stringValue ?? "-") \(record.header("ce_id")?.stringValue ?? "-")"
            let value = record.topic.hasSuffix(".dlq") ? Array((record.header("dlq.error.code")?.stringValue ?? "-").utf8) : record.value ?? []
            topics[record.topic, default: [:]][id, default: []].insert(value)
            if record.topic == TopicCatalog.alerts, let type = (try? record.envelope())?.alertType, Self.readFromTables.contains(type.rawValue) {
                tableDependent[record.topic, default: []].insert(id)
            }
        }
    }

    /// How `other` differs on `topic`.
    func differences(from other: PublishedEvents, on topic: String) -> Differences {
        func ids(_ run: PublishedEvents) -> Set<String> { Set(run.topics[topic].map { Array($0.keys) } ?? []) }
        let (mine, theirs) = (ids(self), ids(other))
        return Differences(
            missing: mine.subtracting(theirs).sorted(), extra: theirs.subtracting(mine).sorted(),
            changed: mine.intersection(theirs).filter { values(topic, $0) != other.values(topic, $0) }.sorted(),
            ambiguous: mine.filter { values(topic, $0).count > 1 }.union(theirs.filter { other.values(topic, $0).count > 1 }).sorted())
    }

    /// Ids one run published and the other did not, ids published with other values, and ids published with two
    /// values within a run.
    struct Differences {
        var missing: [String], extra: [String], changed: [String], ambiguous: [String]
        var isEmpty: Bool { missing.isEmpty && extra.isEmpty && changed.isEmpty && ambiguous.isEmpty }
    }

    func ids(_ topic: String) -> Set<String> { Set(topics[topic].map { Array($0.keys) } ?? []) }

    func values(_ topic: String, _ id: String) -> Set<[UInt8]> { topics[topic]?[id] ?? [] }

    /// An id and its values as text, for a failure message.
    func describe(_ topic: String, _ id: String?) -> String {
        guard let id else { return "-" }
        return "\(id): " + values(topic, id).map { String(decoding: $0, as: UTF8.self) }.sorted().joined(separator: " | ")
    }
}
