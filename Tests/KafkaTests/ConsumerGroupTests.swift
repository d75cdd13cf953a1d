import Kafka
import TestSupport
import Synchronization
import Testing

/// Records what one member's hooks saw, in one log shared by the whole group, so their order can be checked.
final class RecordingListener: RebalanceListener {
    enum Event: Sendable, Equatable {
        case assigned(member: String, [TopicPartition])
        case revoking(member: String, [TopicPartition])
    }

    let member: String
    let log: EventLog<Event>
    let owned: Mutex<Set<TopicPartition>>

    init(member: String, log: EventLog<Event>) {
        self.member = member
        self.log = log
        self.owned = Mutex([])
    }

    func partitionsAssigned(_ partitions: [TopicPartition]) {
        owned.withLock { $0.formUnion(partitions) }
        log.append(.assigned(member: member, partitions))
    }

    func partitionsRevoking(_ partitions: [TopicPartition], lost: Bool) {
        log.append(.revoking(member: member, partitions))
        owned.withLock { $0.subtract(partitions) }
    }

    var ownedPartitions: Set<TopicPartition> { owned.withLock { $0 } }
}

/// Polls a consumer in the background until stopped, collecting what it reads.
final class PollingLoop: Sendable {
    let consumer: KafkaConsumer
    private let running = Atomic<Bool>(true)
    let records = EventLog<ConsumerRecord>()

    init(_ consumer: KafkaConsumer) {
        self.consumer = consumer
        Task { [self] in
            while running.load(ordering: .acquiring) {
                guard let batch = try? await consumer.poll(timeout: .milliseconds(100)) else { break }
                batch.forEach { records.append($0) }
            }
        }
    }

    func stop() { running.store(false, ordering: .releasing) }
}

@Suite("Consumer groups on the embedded cluster")
struct ConsumerGroupTests {
    @Test func twoMembersSharePartitionsAndRevokeBeforeThePartitionsMove() async throws {
        let test = try TestCluster(topics: ["shared": 6])
        let log = EventLog<RecordingListener.Event>()
        let listenerA = RecordingListener(member: "A", log: log)
        let listenerB = RecordingListener(member: "B", log: log)
        let all = Set((0..<Int32(6)).map { TopicPartition("shared", $0) })

        let a = try test.consumer(group: "sharing", listener: listenerA, clientId: "member-a")
        try a.subscribe(["shared"])
        let loopA = PollingLoop(a)
        #expect(await eventually(timeout: .seconds(90)) { listenerA.ownedPartitions == all })

        let b = try test.consumer(group: "sharing", listener: listenerB, clientId: "member-b")
        try b.subscribe(["shared"])
        let loopB = PollingLoop(b)
        #expect(await eventually(timeout: .seconds(90)) { listenerA.ownedPartitions.count == 3 && listenerB.ownedPartitions.count == 3 })
        #expect(listenerA.ownedPartitions.isDisjoint(with: listenerB.ownedPartitions))
        #expect(listenerA.ownedPartitions.union(listenerB.ownedPartitions) == all)

        // Every partition B received had been revoked by A earlier in the log.
        let events = log.all
        for (index, event) in events.enumerated() {
            guard case .assigned("B", let partitions) = event else { continue }
            for partition in partitions {
                let revokedBefore = events[..<index].contains {
                    if case .revoking("A", let revoked) = $0 { return revoked.contains(partition) }
                    return false
                }
                #expect(revokedBefore, "A revoked \(partition) before B got it")
            }
        }

        // B leaves: its revoke hook runs during close, and A takes every partition back.
        loopB.stop()
        await b.close()
        #expect(log.all.contains { if case .revoking("B", let p) = $0 { return p.count == 3 } else { return false } })
        #expect(await eventually(timeout: .seconds(90)) { listenerA.ownedPartitions == all })
        loopA.stop()
        await a.close()
        await test.shutdown()
    }

    /// `range` assignment (the default) gives a member the same partition numbers of every co-partitioned topic, so
    /// everything about one buyer — invoices and orders alike — reaches the one member that holds its state.
    @Test func coPartitionedTopicsStayTogetherOnOneMember() async throws {
        let test = try TestCluster(topics: ["invoices": 6, "orders": 6])
        let log = EventLog<RecordingListener.Event>()
        let listenerA = RecordingListener(member: "A", log: log)
        let listenerB = RecordingListener(member: "B", log: log)
        let a = try test.consumer(group: "together", listener: listenerA, clientId: "member-a")
        try a.subscribe(["invoices", "orders"])
        let loopA = PollingLoop(a)
        let b = try test.consumer(group: "together", listener: listenerB, clientId: "member-b")
        try b.subscribe(["invoices", "orders"])
        let loopB = PollingLoop(b)
        #expect(await eventually(timeout: .seconds(90)) { listenerA.ownedPartitions.count == 6 && listenerB.ownedPartitions.count == 6 })
        for listener in [listenerA, listenerB] {
            let owned = listener.ownedPartitions
            let invoices = Set(owned.filter { $0.topic == "invoices" }.map(\.partition))
            let orders = Set(owned.filter { $0.topic == "orders" }.map(\.partition))
            #expect(invoices.count == 3 && invoices == orders, "member \(listener.member): invoices \(invoices.sorted()), orders \(orders.sorted())")
        }
        loopA.stop()
        loopB.stop()
        await a.close()
        await b.close()
        await test.shutdown()
    }
}
