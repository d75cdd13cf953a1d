import Kafka
import TestSupport
import Synchronization
import Testing

@Suite("Faults injected into the embedded cluster")
struct FaultToleranceTests {
    @Test func aBrokerDownAndBackUpUnderLoadLosesNoRecord() async throws {
        let test = try TestCluster(brokers: 3, topics: ["outage": 6], replicationFactor: 3)
        let producer = try test.producer()
        let total = 6_000
        let outage = Task {
            try await Task.sleep(for: .milliseconds(300))
            try test.cluster.setBrokerDown(2)
            try await Task.sleep(for: .seconds(3))
            try test.cluster.setBrokerUp(2)
        }
        var failures: [KafkaError] = []
        for batch in 0..<60 {
            let records = (0..<100).map { ProducerRecord(topic: "outage", key: "buyer-\($0 % 17)", value: "record-\(batch * 100 + $0)") }
            do {
                _ = try await producer.send(records)
            } catch {
                failures.append(error)
            }
            try await Task.sleep(for: .milliseconds(50))
        }
        try await outage.value
        await producer.close()
        #expect(failures.isEmpty, "no delivery failed: \(failures.prefix(3))")

        let consumed = try await test.readAll("outage", partitions: 6, count: total, timeout: .seconds(60))
        let values = consumed.compactMap(\.valueString)
        #expect(Set(values) == Set((0..<total).map { "record-\($0)" }), "every record arrived")
        #expect(values.count == total, "and none twice (idempotent producer)")
        await test.shutdown()
    }

    /// A record over `message.max.bytes` is bad input: no resend can mend it, so a stage stops at once instead of
    /// backing off eight times; a timeout, by contrast, may heal.
    @Test func aRecordTooLargeIsBadInputThatNoResendMends() async throws {
        let test = try TestCluster(topics: ["big": 1])
        let producer = try test.producer { $0.common.properties["message.max.bytes"] = "2000" }
        let refused = await #expect(throws: KafkaError.self) {
            _ = try await producer.send(ProducerRecord(topic: "big", key: "k", value: String(repeating: "x", count: 5_000)))
        }
        #expect(refused?.classification == .badInput, "\(String(describing: refused))")
        #expect(refused?.mayHealOnResend == false)
        let timedOut = try #require(KafkaError.code(named: "_MSG_TIMED_OUT"))
        #expect(KafkaError(code: timedOut, name: "_MSG_TIMED_OUT", classification: .retriable, message: "").mayHealOnResend)
        await producer.close()
        await test.shutdown()
    }

    @Test func aRefusedProduceIsSurfacedAsATypedError() async throws {
        let test = try TestCluster(topics: ["refused": 1])
        let producer = try test.producer()
        guard let denied = KafkaError.code(named: "TOPIC_AUTHORIZATION_FAILED") else {
            Issue.record("librdkafka has no TOPIC_AUTHORIZATION_FAILED")
            return
        }
        try test.cluster.injectRequestErrors(.produce, errors: [denied])
        await #expect {
            _ = try await producer.send(ProducerRecord(topic: "refused", key: "k", value: "v"))
        } throws: { error in
            guard let error = error as? KafkaError else { return false }
            return error.name == "TOPIC_AUTHORIZATION_FAILED" && error.classification == .permanent && error.context["topic"] == "refused"
        }
        await producer.close()
        await test.shutdown()
    }

    @Test func retriableErrorsPastTheMessageTimeoutFailTheDelivery() async throws {
        let test = try TestCluster(topics: ["slow": 1])
        let producer = try test.producer { $0.messageTimeout = .seconds(1) }
        guard let notLeader = KafkaError.code(named: "NOT_LEADER_FOR_PARTITION") else {
            Issue.record("librdkafka has no NOT_LEADER_FOR_PARTITION")
            return
        }
        try test.cluster.injectRequestErrors(.produce, errors: Array(repeating: notLeader, count: 500))
        let outcome: Result<DeliveryReport, KafkaError>
        do {
            outcome = .success(try await producer.send(ProducerRecord(topic: "slow", key: "k", value: "v")))
        } catch {
            outcome = .failure(error)
        }
        guard case .failure(let error) = outcome else {
            Issue.record("the delivery succeeded although every produce request failed")
            return
        }
        #expect(error.name == "_MSG_TIMED_OUT" || error.isFatal, "got \(error)")
        try test.cluster.clearRequestErrors(.produce)
        await producer.close()
        await test.shutdown()
    }
}
