import Domain
import Foundation
import Kafka
import Logging
import Synchronization
@testable import Runtime
import Testing

/// The runner's pure core, driven without a broker: planning, the event-time merge, punctuation, changelog
/// writes and revocation, from records built in the test.
@Suite("The stage's state machine, without a broker")
struct StageStateMachineTests {
    /// Sums `amount` per key from `in.a` and `in.b`; each input emits the key's total, each punctuation a snapshot.
    struct Totals: StageProcessor {
        struct State: Codable, Sendable, Equatable { var total: Int64 }
        let name = "totals"
        var inputTopics = ["in.a", "in.b"]

        func decode(_ record: InputRecord) -> Decoded<Int64> {
            let text = String(decoding: record.value ?? [], as: UTF8.self)
            if text.hasPrefix("tick ") {
                return .tick(Date(timeIntervalSince1970: Double(text.dropFirst(5)) ?? 0))
            }
            let fields = text.split(separator: " ")
            guard fields.count == 3, let amount = Int64(fields[1]), let seconds = Double(fields[2]) else {
                return .rejected(EventRejection(code: .malformedJSON, field: "", message: "not '<id> <amount> <seconds>'"))
            }
            return .input(key: String(decoding: record.key ?? [], as: UTF8.self), id: String(fields[0]),
                          eventTime: Date(timeIntervalSince1970: seconds), amount)
        }

        func process(state: State?, input: Int64, context: ProcessingContext) -> Outcome<State> {
            let total = (state?.total ?? 0) + input
            return Outcome(state: State(total: total), outputs: [
                OutputRecord(topic: "out", key: context.key, id: "\(context.causeID)/total", value: Array("\(total)".utf8)),
            ])
        }

        /// The keys punctuated, in order.
        let punctuated = PunctuationLog()

        func punctuate(state: State, key: String, context: ProcessingContext) -> Outcome<State> {
            punctuated.keys.withLock { $0.append(key) }
            return Outcome(state: state, outputs: state.total == 0 ? [] : [
                OutputRecord(topic: "out", key: key, id: context.causeID, value: Array("snapshot \(state.total)".utf8)),
            ])
        }

        /// A zero total has no snapshot to give.
        func isDormant(_ state: State) -> Bool { state.total == 0 }
    }

    final class PunctuationLog: Sendable {
        let keys = Mutex<[String]>([])
    }

    static func machine(clock: String = "stream", maxIdle: String = "100", processor: Totals = Totals()) throws -> StageStateMachine<Totals> {
        let configuration = try StageConfiguration.load(
            stage: "totals", defaultHTTPPort: 0,
            arguments: ["--bootstrap-servers", "localhost:1", "--clock", clock, "--max-idle-ms", maxIdle, "--punctuation-seconds", "86400"],
            environment: [:]
        )
        var machine = StageStateMachine(processor: processor, configuration: configuration, logger: Logger(label: "test"))
        machine.assign(partition: 0, restored: PartitionState(partition: 0), inputs: [TopicPartition("in.a", 0), TopicPartition("in.b", 0)])
        return machine
    }

    static func record(_ topic: String, _ offset: Int64, key: String = "b1", _ value: String) -> ConsumerRecord {
        ConsumerRecord(topic: topic, partition: 0, offset: offset, key: Array(key.utf8), value: Array(value.utf8), headers: [], timestamp: nil)
    }

    static let day: Double = 86_400

    @Test("inputs of a task are handed over in event-time order across its topics, whatever order they were polled in")
    func eventTimeOrderAcrossTopics() throws {
        var machine = try Self.machine()
        machine.buffer([Self.record("in.b", 0, "late 5 \(3 * Self.day)"), Self.record("in.a", 0, "early 7 \(1 * Self.day)")])
        let first = machine.take(limit: 10, lag: [:], now: 0)
        #expect(first.records.map(\.topic) == ["in.a"], "on the stream clock a later record waits while an emptied input's lag is unknown")
        let rest = machine.take(limit: 10, lag: [TopicPartition("in.a", 0): 0, TopicPartition("in.b", 0): 0], now: 0)
        #expect(rest.records.map(\.topic) == ["in.b"])
        let plan = machine.plan(first.records + rest.records, tables: GlobalTableValues(), systemNow: Date(timeIntervalSince1970: 0), writeChangelog: false)
        #expect(plan.outputs.map { String(decoding: $0.value ?? [], as: UTF8.self) }.filter { !$0.hasPrefix("snapshot") } == ["7", "12"])
    }

    @Test("side by side on the stream clock: a task publishes its watermark as it moves, and another stage's event moves the clock only when the task waits on that stage")
    func watermarksAndDerivedEvents() throws {
        func run(coordinated: Bool) throws -> (plan: BatchPlan, streamTime: Int64?) {
            var machine = try Self.machine(processor: Totals(inputTopics: [TopicCatalog.erpInvoices, TopicCatalog.dunningActions]))
            if coordinated { machine.coordinate(through: TopicCatalog.progress, grace: 0) }
            machine.assign(partition: 0, restored: PartitionState(partition: 0),
                           inputs: [TopicPartition(TopicCatalog.erpInvoices, 0), TopicPartition(TopicCatalog.dunningActions, 0)])
            let promise = StageProgress(stage: "dunning", partition: 0, watermark: Int64(5 * Self.day * 1000))
            var action = Self.record(TopicCatalog.dunningActions, 0, "a1 1 \(2 * Self.day)")
            action.headers = [KafkaHeader(key: "ce_source", string: "credence/dunning")]
            machine.buffer([
                ConsumerRecord(topic: TopicCatalog.progress, partition: 0, offset: 0, key: Array("dunning".utf8), value: promise.encoded(), headers: []),
                Self.record(TopicCatalog.erpInvoices, 0, "e1 10 \(Self.day + 60)"), action,
            ])
            let lag = [TopicPartition(TopicCatalog.erpInvoices, 0): Int64(0), TopicPartition(TopicCatalog.dunningActions, 0): 0]
            let taken = machine.take(limit: 10, lag: lag, now: 10_000)
            #expect(taken.records.count == 2)
            let plan = machine.plan(taken.records, tables: GlobalTableValues(), systemNow: Date(), writeChangelog: false)
            return (plan, machine.partitions[0]?.checkpoint.streamTime)
        }
        let waited = try run(coordinated: true)
        #expect(waited.streamTime == Int64(2 * Self.day * 1000), "dunning's action of day 2 came in event-time order: it moves the clock")
        // The clock at day 2 punctuated day 2; nothing more on the ERP's partition, dunning promised day 5: the next
        // thing the task can write is day 3's punctuation.
        #expect(waited.plan.progress[0] == TaskWatermark(all: Int64(3 * Self.day * 1000)))
        let alone = try run(coordinated: false)
        #expect(alone.streamTime == Int64((Self.day + 60) * 1000), "not waited for, the action is applied at the task's own time")
        #expect(alone.plan.progress.isEmpty, "a task that does not coordinate publishes nothing")
    }

    @Test("the stream clock punctuates every day it passes, before the input that passes it, on the day's boundary")
    func streamPunctuation() throws {
        var machine = try Self.machine()
        let first = machine.plan([Self.record("in.a", 0, "e1 10 \(Self.day + 60)")], tables: GlobalTableValues(), systemNow: Date(), writeChangelog: false)
        #expect(first.outputs.count == 1, "the first input only starts the clock")
        let second = machine.plan([Self.record("in.a", 1, "e2 5 \(3 * Self.day + 60)")], tables: GlobalTableValues(), systemNow: Date(), writeChangelog: false)
        let values = second.outputs.map { String(decoding: $0.value ?? [], as: UTF8.self) }
        #expect(values == ["snapshot 10", "snapshot 10", "15"], "days 2 and 3 are punctuated before the input of day 3")
        #expect(second.outputs.prefix(2).map(\.headers.isEmpty) == [true, true])
    }

    @Test("a dormant key is not punctuated: only the keys with something time-driven are, every day the clock passes")
    func dormantKeysAreNotPunctuated() throws {
        let processor = Totals()
        var machine = try Self.machine(processor: processor)
        _ = machine.plan([Self.record("in.a", 0, key: "busy", "e1 10 \(Self.day + 60)"),
                          Self.record("in.a", 1, key: "idle", "e2 0 \(Self.day + 120)")],
                         tables: GlobalTableValues(), systemNow: Date(), writeChangelog: false)
        let later = machine.plan([Self.record("in.a", 2, key: "busy", "e3 1 \(4 * Self.day + 60)")],
                                 tables: GlobalTableValues(), systemNow: Date(), writeChangelog: false)
        #expect(processor.punctuated.keys.withLock { $0 } == ["busy", "busy", "busy"], "days 2, 3 and 4, for the busy key alone")
        #expect(later.outputs.map { String(decoding: $0.value ?? [], as: UTF8.self) } == ["snapshot 10", "snapshot 10", "snapshot 10", "11"])
    }

    @Test("a redelivered input is skipped, and the same id with other content is dead-lettered")
    func redeliveriesAndConflicts() throws {
        var machine = try Self.machine()
        _ = machine.plan([Self.record("in.a", 0, "e1 10 100")], tables: GlobalTableValues(), systemNow: Date(), writeChangelog: false)
        let again = machine.plan([Self.record("in.a", 1, "e1 10 100")], tables: GlobalTableValues(), systemNow: Date(), writeChangelog: false)
        #expect(again.outputs.isEmpty && again.deadLetters.isEmpty)
        #expect(again.skippedPerTopic == [:] || again.skippedPerTopic["in.a"] == 1)
        let conflicting = machine.plan([Self.record("in.a", 2, "e1 99 100")], tables: GlobalTableValues(), systemNow: Date(), writeChangelog: false)
        #expect(conflicting.deadLetterCauses.map(\.code) == ["conflicting_duplicate"])
    }

    @Test("a changelog write carries each changed key once, then the checkpoint, and makes the positions storable")
    func changelogWrite() throws {
        var machine = try Self.machine()
        _ = machine.plan([Self.record("in.a", 0, "e1 10 100"), Self.record("in.a", 1, "e2 5 101")], tables: GlobalTableValues(), systemNow: Date(), writeChangelog: false)
        let plan = machine.plan([Self.record("in.b", 0, key: "b2", "e3 1 102")], tables: GlobalTableValues(), systemNow: Date(), writeChangelog: true)
        let keys = plan.changelog.map { String(decoding: $0.key ?? [], as: UTF8.self) }
        #expect(keys == [ChangelogKey.state("b1"), ChangelogKey.state("b2"), ChangelogKey.offsets(0)])
        #expect(Set(plan.positions.map(\.topic)) == ["in.a", "in.b"])
        #expect(plan.positions.first { $0.topic == "in.a" }?.offset == 2)
        let nothing = machine.plan([], tables: GlobalTableValues(), systemNow: Date(), writeChangelog: true)
        #expect(nothing.changelog.isEmpty, "nothing changed since the write")
    }

    @Test("revoking a partition writes what it changed since its last write and lets its state and buffers go")
    func revoke() throws {
        var machine = try Self.machine()
        machine.buffer([Self.record("in.b", 0, "e9 1 500")])
        _ = machine.plan([Self.record("in.a", 0, "e1 10 100")], tables: GlobalTableValues(), systemNow: Date(), writeChangelog: false)
        let written = machine.prepareRevocation(of: [0], writing: true)
        #expect(written.changelog.count == 2)
        #expect(written.positions == [TopicPartitionOffset(topic: "in.a", partition: 0, offset: 1)])
        #expect(written.previousPositions.isEmpty, "nothing was written before")
        machine.release([0])
        #expect(machine.partitions.isEmpty)
        #expect(machine.take(limit: 10, lag: [:], now: 0).records.isEmpty)
    }

    @Test("on a broker that keeps only a window, a key is written again before its last record leaves it")
    func keysAreRewrittenBeforeTheyLeaveTheWindow() throws {
        var partition = PartitionState<Totals.State>(partition: 0)
        partition.entries["old"] = KeyEntry(state: Totals.State(total: 1), applied: [:], recentIDs: [], recentContents: [])
        partition.entries["new"] = KeyEntry(state: Totals.State(total: 2), applied: [:], recentIDs: [], recentContents: [])
        #expect(partition.refreshRecordsLeaving(window: 10_000) == 2, "keys restored from before this instance are written at once")
        partition.dirtyKeys = []
        partition.noteWritten(key: "old", size: 100, removed: false)
        partition.noteWritten(key: "new", size: 100, removed: false)
        #expect(partition.refreshRecordsLeaving(window: 10_000) == 0, "both records lie within half a window")
        partition.noteWritten(key: "new", size: 5_000, removed: false)
        partition.noteWritten(key: "new", size: 100, removed: false)
        #expect(partition.refreshRecordsLeaving(window: 10_000) == 1)
        #expect(partition.dirtyKeys == ["old"], "old's record is more than half a window behind")
    }
}
