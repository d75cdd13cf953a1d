import Domain
import Foundation

/// A stage's decisions as a pure function: (state of one key, input, now) → (new state, outputs).
///
/// No Kafka, no clock, no I/O: the runtime decodes records with `decode`, feeds `process` in partition
/// order, produces the outputs, mirrors the state to the changelog and commits.
public protocol StageProcessor: Sendable {
    /// What `decode` turns a record into.
    associatedtype Input: Sendable
    /// Everything the stage keeps about one key (one buyer), restored from the changelog after a restart.
    associatedtype State: Codable & Sendable

    /// The stage's name: consumer group `credence-<name>`, topics `<name>.changelog` and `<name>.dlq`.
    var name: String { get }
    /// The co-partitioned topics the stage reads.
    var inputTopics: [String] { get }
    /// Compacted topics read whole by every instance, each decoded by its declaration, and offered to `process`
    /// and `punctuate` as `context.tables[declaration]`.
    var globalTables: [any GlobalTableDeclaring] { get }
    /// Per output topic, the input topics whose records can cause it — only for topics that not every input can
    /// cause. On the stream clock a task's watermark for such a topic does not wait on its other inputs, which is
    /// how two stages that read each other's outputs (monitoring and dunning) never wait on each other forever.
    /// By default empty: every input can cause every output.
    var outputCauses: [String: Set<String>] { get }

    /// Reads one record: an input for a key, a clock tick, or a rejection that sends it to the dead-letter topic.
    func decode(_ record: InputRecord) -> Decoded<Input>

    /// Applies one input to its key's state (nil when the key is new).
    func process(state: State?, input: Input, context: ProcessingContext) -> Outcome<State>

    /// Runs time-driven rules for one key when the stage clock passes a punctuation time.
    func punctuate(state: State, key: String, context: ProcessingContext) -> Outcome<State>

    /// Whether `punctuate` would keep `state` as it is and emit nothing, whatever the time and the tables: a key
    /// with nothing time-driven in it (a buyer without open invoices). The runner then does not punctuate it — the
    /// same outcome without the work, which matters when a stream clock passes many punctuation times for many
    /// idle keys at once. By default false: every key is punctuated.
    func isDormant(_ state: State) -> Bool

    /// A rule every input must pass against its key's current state before `process` sees it (e.g. no payment
    /// dated before its invoice); the refusal sends the input to the dead-letter topic. By default none.
    func admit(state: State?, input: Input) -> EventRejection?

    /// The fingerprint of a record's content, remembered with its id: the same id arriving again with another
    /// fingerprint is a `conflicting_duplicate`, with the same one a redelivery. Nil exempts a record from the
    /// comparison. By default the FNV-1a 64 hash of the value.
    func contentFingerprint(_ record: InputRecord) -> UInt64?
}

extension StageProcessor {
    public var globalTables: [any GlobalTableDeclaring] { [] }

    public var outputCauses: [String: Set<String>] { [:] }

    public func punctuate(state: State, key: String, context: ProcessingContext) -> Outcome<State> {
        .keep(state)
    }

    public func isDormant(_ state: State) -> Bool { false }

    public func admit(state: State?, input: Input) -> EventRejection? { nil }

    public func contentFingerprint(_ record: InputRecord) -> UInt64? { StableHash.fnv1a64(record.value ?? []) }
}

/// What a record decodes to.
public enum Decoded<Input: Sendable>: Sendable {
    /// An input for `key`. `id` identifies the event (its CloudEvents `ce_source`/`ce_id`): a second input with
    /// the same id for the same key is a duplicate delivery and is skipped. `eventTime` advances the stream clock.
    case input(key: String, id: String, eventTime: Date?, Input)
    /// A clock tick broadcast to every partition: advances the stream clock to `time`.
    case tick(Date)
    /// Input the stage cannot use; it goes to the dead-letter topic with this reason.
    case rejected(EventRejection)
}

/// What one step of a processor decided.
public struct Outcome<State: Sendable>: Sendable {
    /// The key's new state; nil removes the key.
    public var state: State?
    public var outputs: [OutputRecord]
    /// Set when the input is refused after all (e.g. a payment for an unknown invoice): the state is unchanged
    /// and the input goes to the dead-letter topic.
    public var rejection: EventRejection?
    /// Set when the input is normal traffic a rule ignores (a late word about an invoice the stage closed and
    /// forgot): the state is unchanged, nothing is parked, and the runtime counts it by this reason.
    public var ignored: String?

    /// The new state, what to emit, and optionally why the input is refused after all.
    public init(state: State?, outputs: [OutputRecord] = [], rejection: EventRejection? = nil, ignored: String? = nil) {
        self.state = state
        self.outputs = outputs
        self.rejection = rejection
        self.ignored = ignored
    }

    /// Leaves `state` as it was and counts the input as ignored for `reason`.
    public static func ignore(_ state: State?, reason: String) -> Outcome { Outcome(state: state, ignored: reason) }

    /// Keeps `state` and emits nothing.
    public static func keep(_ state: State?) -> Outcome { Outcome(state: state) }

    /// Leaves `state` as it was and sends the input to the dead-letter topic.
    public static func reject(_ state: State?, _ rejection: EventRejection) -> Outcome { Outcome(state: state, rejection: rejection) }
}

/// A record a processor emits. Its `id` must derive from its cause (see `EventIdentity`), so a replay emits the same ids.
public struct OutputRecord: Sendable, Hashable {
    public var topic: String
    public var key: String
    public var id: String
    public var value: [UInt8]
    public var headers: [RecordHeader]

    /// A record for `topic`, keyed by `key` (the buyer), with its stable `id`.
    public init(topic: String, key: String, id: String, value: [UInt8], headers: [RecordHeader] = []) {
        self.topic = topic
        self.key = key
        self.id = id
        self.value = value
        self.headers = headers
    }
}

/// What a processor may know besides its state and input: the stage clock's time and the global tables.
public struct ProcessingContext: Sendable {
    /// The stage clock's time for this step (wall, stream or accelerated).
    public var now: Date
    /// The key (buyer) whose state is being processed.
    public var key: String
    /// The id of the input being processed, or of the punctuation (`<key>@<time>`), to derive output ids from.
    public var causeID: String
    /// The partition being processed.
    public var partition: Int32
    /// The latest value per key of each global table the processor declared, read by its declaration.
    public var tables: GlobalTableValues

    /// The context of one processing step.
    public init(now: Date, key: String, causeID: String, partition: Int32, tables: GlobalTableValues = GlobalTableValues()) {
        self.now = now
        self.key = key
        self.causeID = causeID
        self.partition = partition
        self.tables = tables
    }
}
