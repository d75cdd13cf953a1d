import Domain
import Foundation
import Kafka
import TestSupport
import Testing

/// Reading the fixture's topics whole, and telling when the stages have processed everything sent to them.
extension PipelineFixture {
    /// The input topics of each stage's consumer group (the processors' `inputTopics`).
    static let stageInputs: [Stage: [String]] = [
        .scoring: [TopicCatalog.buyerSignals, TopicCatalog.erpInvoices],
        .monitoring: [TopicCatalog.erpInvoices, TopicCatalog.erpOrders, TopicCatalog.creditAssessments, TopicCatalog.dunningActions,
                      TopicCatalog.buyerSignals, TopicCatalog.collectionsUpdates],
        .dunning: [TopicCatalog.receivablesOverdue, TopicCatalog.erpInvoices, TopicCatalog.collectionsUpdates],
        .claims: [TopicCatalog.dunningActions, TopicCatalog.buyerSignals, TopicCatalog.creditAssessments, TopicCatalog.erpInvoices,
                  TopicCatalog.receivablesOverdue, TopicCatalog.collectionsUpdates],
    ]

    /// Every partition of `topics`.
    static func partitions(of topics: [String]) -> [TopicPartition] {
        topics.flatMap { topic in (0..<Int32(partitions)).map { TopicPartition(topic, $0) } }
    }

    /// The low and high watermark of every partition of `topics`.
    func watermarks(_ topics: [String]) async throws -> [TopicPartition: (low: Int64, high: Int64)] {
        let consumer = try test.consumer(group: nil)
        var result: [TopicPartition: (low: Int64, high: Int64)] = [:]
        do {
            for partition in Self.partitions(of: topics) { result[partition] = try await consumer.watermarks(partition) }
        } catch {
            await consumer.close()
            throw error
        }
        await consumer.close()
        return result
    }

    /// Every record of `topics` up to the high watermarks of the moment, in offset order within each partition.
    func contents(of topics: [String], timeout: Duration = .seconds(60)) async throws -> [ConsumerRecord] {
        let ends = try await watermarks(topics)
        var remaining = ends.filter { $0.value.high > $0.value.low }.mapValues(\.high)
        let consumer = try test.consumer(group: nil)
        try consumer.assign(remaining.keys.map { TopicPartitionOffset($0, offset: KafkaOffset.beginning) })
        var records: [ConsumerRecord] = []
        let deadline = ContinuousClock.now + timeout
        while !remaining.isEmpty, ContinuousClock.now < deadline {
            for record in try await consumer.poll(maxRecords: 5_000, timeout: .milliseconds(200)) {
                guard let end = remaining[record.topicPartition], record.offset < end else { continue }
                records.append(record)
                if record.offset + 1 >= end { remaining[record.topicPartition] = nil }
            }
        }
        await consumer.close()
        try #require(remaining.isEmpty, "read \(topics) to their ends within \(timeout): \(remaining.keys.sorted()) short")
        return records
    }

    /// Waits until `caughtUp` holds and no topic of the catalog grew between two looks `interval` apart, so that
    /// nothing more is on its way; returns whether that happened within `timeout`.
    func waitUntilSettled(timeout: Duration = .seconds(120), interval: Duration = .milliseconds(1_000),
                          caughtUp: () async -> Bool) async throws -> Bool {
        let topics = TopicCatalog(partitions: Self.partitions).topics.map(\.name)
        let deadline = ContinuousClock.now + timeout
        var previous: [TopicPartition: Int64]?
        while ContinuousClock.now < deadline {
            let idle = await caughtUp()
            let highs = try await watermarks(topics).mapValues(\.high)
            if idle, previous == highs { return true }
            previous = idle ? highs : nil
            try await Task.sleep(for: interval)
        }
        return false
    }
}
