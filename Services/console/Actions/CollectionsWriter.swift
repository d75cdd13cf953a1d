import Domain
import Foundation
import Kafka
import Logging
import Runtime

/// The record headers that say who recorded a collector's update (beside the CloudEvents headers, which dunning
/// reads; these are for audit and for the console's own views).
public enum AuditHeader {
    /// The console user who recorded the event.
    public static let user = "credence_audit_user"
    /// That user's role when they recorded it.
    public static let role = "credence_audit_role"
}

/// The console's only writer: sends a collector's validated event to `collections.updates`, keyed by buyer, with
/// its CloudEvents headers and the audit headers, and waits for the broker's acknowledgement.
public final class CollectionsWriter: Sendable {
    /// `ce_source` of every event the console writes.
    public static let source = "credence/console"

    private let producer: KafkaProducer

    /// A writer with an idempotent producer on the cluster `kafka` describes.
    public init(kafka: KafkaConfiguration, logger: Logger) throws(KafkaError) {
        var common = kafka
        common.clientId += "-collections"
        producer = try KafkaProducer(configuration: ProducerConfiguration(common), logger: logger)
    }

    /// The record `event` becomes: a fresh id, `time` as `ce_time`, and who recorded it.
    public static func record(_ event: DomainEvent, user: String, role: Role, time: Timestamp) throws(EventRejection) -> ProducerRecord {
        let envelope = EventEnvelope(id: "console-\(UUID().uuidString.lowercased())", source: source, time: time, event: event)
        var record = try ProducerRecord(envelope)
        record.headers.append(KafkaHeader(key: AuditHeader.user, value: Array(user.utf8)))
        record.headers.append(KafkaHeader(key: AuditHeader.role, value: Array(role.rawValue.utf8)))
        return record
    }

    /// Sends `event` and returns its delivery (partition, offset) once the broker has it.
    public func send(_ event: DomainEvent, user: String, role: Role, time: Timestamp) async throws -> DeliveryReport {
        try await producer.send(try Self.record(event, user: user, role: role, time: time))
    }

    /// Flushes what is in flight and closes the producer.
    public func close() async { await producer.close() }
}
