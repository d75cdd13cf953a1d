import Domain
import Foundation
import Kafka
import Runtime

/// Keeps a running total per buyer of the amounts on `probe.input` and emits it after each input
/// on `probe.totals`; on each punctuation it emits a daily snapshot per buyer.
///
/// Input: `{"id": "e-1", "buyerId": "b-1", "amountMinor": 120, "time": "2024-01-01T10:00:00Z"}`,
/// or a tick `{"tick": "2024-01-02T00:00:00Z"}`.
struct RunningTotalProcessor: StageProcessor {
    struct Input: Sendable {
        var amountMinor: Int64
    }

    struct State: Codable, Sendable {
        var total: Int64
        var count: Int
    }

    let name = "probe"
    let inputTopics = ["probe.input"]

    func decode(_ record: InputRecord) -> Decoded<Input> {
        guard let value = record.value, let object = try? JSONSerialization.jsonObject(with: Data(value)) as? [String: Any] else {
            return .rejected(EventRejection(code: .malformedJSON, field: "", message: "the value is not a JSON object"))
        }
        if let tick = object["tick"] as? String {
            guard let time = Self.parseTime(tick) else { return .rejected(EventRejection(code: .invalidValue, field: "tick", message: "not an RFC 3339 time")) }
            return .tick(time)
        }
        guard let id = object["id"] as? String else { return .rejected(.missingField("id")) }
        guard let buyer = object["buyerId"] as? String else { return .rejected(.missingField("buyerId")) }
        guard let amount = (object["amountMinor"] as? NSNumber)?.int64Value else {
            return .rejected(.missingField("amountMinor"))
        }
        guard amount >= 0 else { return .rejected(EventRejection(code: .negativeAmount, field: "amountMinor", message: "amountMinor must not be negative")) }
        let time = (object["time"] as? String).flatMap(Self.parseTime)
        return .input(key: buyer, id: id, eventTime: time, Input(amountMinor: amount))
    }

    func process(state: State?, input: Input, context: ProcessingContext) -> Outcome<State> {
        var state = state ?? State(total: 0, count: 0)
        state.total += input.amountMinor
        state.count += 1
        let id = EventIdentity.derive(source: "credence/probe", causeSource: "probe.input", causeId: context.causeID, discriminator: "total")
        return Outcome(state: state, outputs: [
            output(id: id, fields: ["buyerId": context.key, "cause": context.causeID, "total": state.total, "count": state.count, "now": Self.format(context.now)], key: context.key)
        ])
    }

    func punctuate(state: State, key: String, context: ProcessingContext) -> Outcome<State> {
        let id = EventIdentity.derive(source: "credence/probe", causeSource: "credence/probe", causeId: context.causeID, discriminator: "daily")
        return Outcome(state: state, outputs: [
            output(id: id, fields: ["buyerId": key, "daily": true, "total": state.total, "count": state.count, "now": Self.format(context.now)], key: key)
        ])
    }

    private func output(id: String, fields: [String: Any], key: String) -> OutputRecord {
        var fields = fields
        fields["id"] = id
        let value = (try? JSONSerialization.data(withJSONObject: fields, options: [.sortedKeys])) ?? Data()
        return OutputRecord(topic: "probe.totals", key: key, id: id, value: Array(value), headers: [RecordHeader(key: "ce_id", string: id)])
    }

    static func parseTime(_ text: String) -> Date? { ISO8601DateFormatter().date(from: text) }
    static func format(_ date: Date) -> String { ISO8601DateFormatter().string(from: date) }
}
