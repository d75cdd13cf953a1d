import Domain
import Foundation
import Kafka
import Logging

/// Sends domain events to their topics keyed by buyer, and broadcasts stream-clock ticks to every partition
/// of `erp.invoices` (every stage reads it) at each midnight the events pass, so every partition's clock
/// moves with the history even where no buyer of it had an event that day.
package final class EventPublisher: Sendable {
    package let producer: KafkaProducer
    package let partitions: Int
    package let source: String

    /// A publisher on `kafka`; `partitions` is the partition count of `erp.invoices`.
    package init(kafka: KafkaConfiguration, partitions: Int, source: String, logger: Logger) throws {
        producer = try KafkaProducer(configuration: ProducerConfiguration(kafka), logger: logger)
        self.partitions = partitions
        self.source = source
    }

    /// Sends `events` in order, with a tick at each midnight between them when `ticks` is set, and finally
    /// ticks at `finalTick`; reports the number sent so far after every `progressEvery` events.
    package func publish(_ events: [EventEnvelope], ticks: Bool, finalTick: Timestamp?, progressEvery: Int = 500,
                 progress: (Int) -> Void = { _ in }) async throws -> (events: Int, ticks: Int) {
        var batch: [ProducerRecord] = []
        var tickCount = 0
        var lastDay: CalendarDate?
        var sent = 0
        var pending = 0
        for event in events {
            let day = event.time.calendarDate
            if ticks, day != lastDay {
                batch += try tickRecords(Timestamp(date: day))
                tickCount += partitions
                lastDay = day
            }
            batch.append(try ProducerRecord(event))
            pending += 1
            if pending >= progressEvery {
                _ = try await producer.send(batch)
                sent += pending
                batch = []
                pending = 0
                progress(sent)
            }
        }
        if let finalTick {
            batch += try tickRecords(finalTick)
            tickCount += partitions
        }
        if !batch.isEmpty { _ = try await producer.send(batch) }
        return (events.count, tickCount)
    }

    /// Broadcasts a tick at each of `times`, in order, to every partition of `erp.invoices`.
    package func tick(at times: [Timestamp]) async throws {
        guard !times.isEmpty else { return }
        _ = try await producer.send(try times.flatMap(tickRecords))
    }

    /// One tick per partition of `erp.invoices`, at `time`.
    package func tickRecords(_ time: Timestamp) throws -> [ProducerRecord] {
        try (0..<partitions).map { partition in
            let tick = EventEnvelope(id: "tick/\(time.millisecondsSinceEpoch)/\(partition)", source: source, time: time,
                                     event: .clockTick(ClockTick(buyerId: BuyerId("clock"), time: time, partition: partition)))
            return try ProducerRecord(tick, partition: Int32(partition))
        }
    }

    package func close() async { await producer.close() }
}
