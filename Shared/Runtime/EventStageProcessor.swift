import Domain
import Foundation

/// A stage whose inputs and outputs are Credence domain events in CloudEvents binary mode: the runtime
/// decodes each record with the one `EventCodec`, turns clock ticks into stream-clock ticks, and the
/// processor emits `EventEnvelope`s through `Outcome.emitting`.
public protocol EventStageProcessor: StageProcessor where Input == EventEnvelope {
    /// The `ce_source` of this stage's outputs, e.g. `credence/monitoring`.
    var source: String { get }

    /// The issue date of an invoice the state knows, for the rule that no movement predates its invoice;
    /// nil when the state does not know the invoice (or keeps no invoices).
    func issueDate(of invoiceId: InvoiceId, in state: State) -> CalendarDate?
}

extension EventStageProcessor {
    public var source: String { EventStageIdentity.stageSourcePrefix + name }

    public func issueDate(of invoiceId: InvoiceId, in state: State) -> CalendarDate? { nil }

    /// Refuses a payment or other invoice movement dated before its invoice's issue date (`date_before_issue`).
    public func admit(state: State?, input: EventEnvelope) -> EventRejection? {
        guard let movement = input.event.invoiceMovement, let state,
              let issued = issueDate(of: movement.invoiceId, in: state) else { return nil }
        do {
            try movement.requireOnOrAfter(issueDate: issued)
            return nil
        } catch {
            return error
        }
    }

    /// Events another Credence stage produced are exempt: re-emitted after a crash on the wall clock, the same
    /// output id may carry a later clock reading (`assessedAt`, `asOf`), which is a redelivery, not a conflict.
    public func contentFingerprint(_ record: InputRecord) -> UInt64? {
        if let source = record.header(EventCodec.HeaderKey.source)?.value,
           source.starts(with: EventStageIdentity.stageSourcePrefix.utf8) { return nil }
        return StableHash.fnv1a64(record.value ?? [])
    }

    /// Decodes a record with the domain codec and checks it against the contract (`RecordContract`): any bad
    /// input becomes a rejection naming its field.
    public func decode(_ record: InputRecord) -> Decoded<EventEnvelope> {
        let envelope: EventEnvelope
        do {
            envelope = try record.contractEnvelope()
        } catch {
            return .rejected(error)
        }
        if case .clockTick(let tick) = envelope.event {
            return .tick(tick.time.date)
        }
        // An event another stage derived carries that stage's clock; the runtime lets it move this stage's stream
        // clock only when the merge waited for that stage (so it comes in event-time order with everything else).
        return .input(key: envelope.buyerId.rawValue, id: EventStageIdentity.inputID(envelope), eventTime: envelope.time.date, envelope)
    }
}

/// How the runtime names an event input for duplicate detection: `ce_source` and `ce_id` together.
public enum EventStageIdentity {
    /// The duplicate-detection id of an event input.
    public static func inputID(_ envelope: EventEnvelope) -> String { envelope.source + "/" + envelope.id }

    /// The `ce_source` prefix of events a Credence stage produced (`credence/<stage>`).
    public static let stageSourcePrefix = "credence/"
}

extension OutputRecord {
    /// Encodes a domain event for its topic, keyed by its buyer.
    public init(_ envelope: EventEnvelope) throws(EventRejection) {
        let encoded = try EventCodec.encode(envelope)
        self.init(
            topic: envelope.topic,
            key: envelope.buyerId.rawValue,
            id: envelope.id,
            value: encoded.value,
            headers: encoded.headers.map { RecordHeader(key: $0.key, value: $0.value) }
        )
    }
}

extension Outcome {
    /// The new state and the events to emit. An event that cannot be encoded (a rule produced an invalid
    /// value) refuses the input instead, so the failure reaches the dead-letter topic rather than vanishing.
    public static func emitting(_ state: State?, _ events: [EventEnvelope]) -> Outcome {
        var outputs: [OutputRecord] = []
        outputs.reserveCapacity(events.count)
        for event in events {
            do {
                outputs.append(try OutputRecord(event))
            } catch {
                return Outcome(state: state, rejection: EventRejection(
                    code: error.code, field: "output.\(event.type).\(error.field)",
                    message: "the stage produced an invalid \(event.type): \(error.message)"
                ))
            }
        }
        return Outcome(state: state, outputs: outputs)
    }
}
