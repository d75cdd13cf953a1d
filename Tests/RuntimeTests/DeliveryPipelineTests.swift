import Kafka
@testable import Runtime
import Testing

@Suite("Pipelined delivery: what may be produced and stored, in which order")
struct DeliveryPipelineTests {
    /// A plan with `outputs` output records and `changelog` changelog records, and a position for input offset `offset`.
    static func plan(outputs: Int, changelog: Int, offset: Int64? = nil) -> BatchPlan {
        var plan = BatchPlan()
        plan.outputs = (0..<outputs).map { ProducerRecord(topic: "out", key: "k\($0)", value: "v") }
        plan.changelog = (0..<changelog).map { ProducerRecord(topic: "stage.changelog", partition: 0, key: "state:k\($0)", value: "s") }
        if let offset { plan.positions = [TopicPartitionOffset(topic: "in", partition: 0, offset: offset)] }
        plan.consumedPerTopic = ["in": 1]
        return plan
    }

    static let timedOut = KafkaError(code: -185, name: "_TIMED_OUT", classification: .retriable, message: "timed out")

    @Test("a batch's outputs are produced at once, its changelog only after they are acknowledged")
    func changelogFollowsOutputs() {
        var pipeline = DeliveryPipeline()
        let orders = pipeline.submit(Self.plan(outputs: 2, changelog: 1, offset: 10))
        #expect(orders.map(\.phase) == [.outputs])
        #expect(orders.first?.records.count == 2)
        #expect(pipeline.inFlightRecords == 2)
        #expect(pipeline.acknowledged(batch: 0, phase: .outputs, index: 0, error: nil).isEmpty)
        let released = pipeline.acknowledged(batch: 0, phase: .outputs, index: 1, error: nil)
        #expect(released.map(\.phase) == [.changelog])
        #expect(pipeline.takeCompleted().isEmpty, "not complete while its changelog is in flight")
        #expect(pipeline.acknowledged(batch: 0, phase: .changelog, index: 0, error: nil).isEmpty)
        #expect(pipeline.takeCompleted().map(\.positions.first?.offset) == [10])
        #expect(pipeline.isQuiescent && pipeline.isEmpty)
    }

    @Test("a batch's watermarks go out after every output before them is acknowledged, with the end offsets written so far")
    func progressFollowsOutputs() throws {
        var pipeline = DeliveryPipeline()
        pipeline.progressTarget = (stage: "dunning", topic: "credence.progress")
        var first = Self.plan(outputs: 2, changelog: 0)
        first.outputs = [ProducerRecord(topic: "dunning.actions", key: "b1", value: "a"), ProducerRecord(topic: "credence.alerts", key: "b1", value: "x")]
        _ = pipeline.submit(first)
        var second = Self.plan(outputs: 0, changelog: 1, offset: 5)
        second.progress = [3: TaskWatermark(all: 1_000, topics: ["dunning.actions": 2_000])]
        #expect(pipeline.submit(second).isEmpty, "a watermark promises what is before it was written: it waits for the first batch")
        _ = pipeline.acknowledged(batch: 0, phase: .outputs, index: 0, error: nil,
                                  report: DeliveryReport(topic: "dunning.actions", partition: 3, offset: 41))
        let released = pipeline.acknowledged(batch: 0, phase: .outputs, index: 1, error: nil,
                                             report: DeliveryReport(topic: "credence.alerts", partition: 3, offset: 7))
        let records = try #require(released.first { $0.batch == 1 }?.records)
        #expect(records.map(\.topic) == ["stage.changelog", "credence.progress"], "the changelog, then the progress")
        let value = try #require(records.last?.value)
        let progress = try #require(StageProgress.decode(value))
        #expect(progress == StageProgress(stage: "dunning", partition: 3, watermark: 1_000, topics: ["dunning.actions": 2_000],
                                          offsets: ["dunning.actions": 42, "credence.alerts": 8]))
        #expect(records.last?.partition == 3 && records.last?.key == Array("dunning".utf8))
    }

    @Test("a later batch goes out before an earlier one is acknowledged, but its changelog and positions wait")
    func laterBatchesWaitForEarlierOutputs() {
        var pipeline = DeliveryPipeline()
        _ = pipeline.submit(Self.plan(outputs: 1, changelog: 0))
        let second = pipeline.submit(Self.plan(outputs: 0, changelog: 2, offset: 20))
        #expect(second.isEmpty, "the changelog says the inputs were applied: it waits for every earlier output")
        let released = pipeline.acknowledged(batch: 0, phase: .outputs, index: 0, error: nil)
        #expect(released.map(\.batch) == [1])
        #expect(pipeline.takeCompleted().count == 1, "the first batch is done; the second's changelog is in flight")
        _ = pipeline.acknowledged(batch: 1, phase: .changelog, index: 1, error: nil)
        _ = pipeline.acknowledged(batch: 1, phase: .changelog, index: 0, error: nil)
        #expect(pipeline.takeCompleted().map(\.positions.first?.offset) == [20])
    }

    @Test("batches complete in order even when a later one is acknowledged first")
    func completionInOrder() {
        var pipeline = DeliveryPipeline()
        _ = pipeline.submit(Self.plan(outputs: 1, changelog: 0, offset: 1))
        _ = pipeline.submit(Self.plan(outputs: 1, changelog: 0, offset: 2))
        _ = pipeline.acknowledged(batch: 1, phase: .outputs, index: 0, error: nil)
        #expect(pipeline.takeCompleted().isEmpty)
        _ = pipeline.acknowledged(batch: 0, phase: .outputs, index: 0, error: nil)
        #expect(pipeline.takeCompleted().compactMap(\.positions.first?.offset) == [1, 2])
    }

    @Test("a failed output holds back its changelog and every later one, and nothing past it completes")
    func failureHoldsEverythingAfter() {
        var pipeline = DeliveryPipeline()
        _ = pipeline.submit(Self.plan(outputs: 2, changelog: 1, offset: 1))
        _ = pipeline.submit(Self.plan(outputs: 1, changelog: 1, offset: 2))
        #expect(pipeline.acknowledged(batch: 0, phase: .outputs, index: 0, error: Self.timedOut).isEmpty)
        #expect(pipeline.acknowledged(batch: 0, phase: .outputs, index: 1, error: nil).isEmpty)
        #expect(pipeline.acknowledged(batch: 1, phase: .outputs, index: 0, error: nil).isEmpty)
        #expect(pipeline.hasFailures && pipeline.isQuiescent)
        #expect(pipeline.takeCompleted().isEmpty)
        let batches = pipeline.takeAll()
        #expect(batches.map(\.id) == [0, 1])
        #expect(batches[0].outputs.failed.keys.sorted() == [0], "only the failed record is resent")
        #expect(batches.allSatisfy { $0.changelog == nil }, "no changelog went out past the failure")
    }

    @Test("records and bytes in flight are counted until answered")
    func inFlightBound() {
        var pipeline = DeliveryPipeline()
        _ = pipeline.submit(Self.plan(outputs: 3, changelog: 1))
        #expect(pipeline.inFlightRecords == 3)
        #expect(pipeline.inFlightBytes == 3 * ("k0".utf8.count + 1))
        for index in 0..<3 { _ = pipeline.acknowledged(batch: 0, phase: .outputs, index: index, error: nil) }
        #expect(pipeline.inFlightRecords == 1, "the changelog record is in flight now")
        _ = pipeline.acknowledged(batch: 0, phase: .changelog, index: 0, error: nil)
        #expect(pipeline.inFlightRecords == 0 && pipeline.inFlightBytes == 0)
    }

    @Test("batches are never taken out while a record is in flight")
    func nothingTakenInFlight() {
        var pipeline = DeliveryPipeline()
        _ = pipeline.submit(Self.plan(outputs: 1, changelog: 0))
        #expect(pipeline.takeAll().isEmpty)
        #expect(!pipeline.isEmpty, "the batch stays in the pipeline")
    }

    @Test("an empty batch completes at once, in its turn")
    func emptyBatch() {
        var pipeline = DeliveryPipeline()
        #expect(pipeline.submit(Self.plan(outputs: 0, changelog: 0)).isEmpty)
        #expect(pipeline.takeCompleted().count == 1)
    }
}
