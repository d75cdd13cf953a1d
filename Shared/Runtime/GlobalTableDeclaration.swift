import Domain

/// A global table as a processor declares it in `StageProcessor.globalTables`: a compacted topic read whole by every
/// instance, and what the table keeps of each record's value.
///
/// `decode` runs once per record as the table reads it, so a rule reads typed values at every review without
/// parsing anything, and a table of every buyer holds a few fields per buyer, not whole records.
public struct GlobalTableDeclaration<Value: Sendable>: GlobalTableDeclaring {
    public let topic: String
    private let decoder: @Sendable ([UInt8]) -> Value?

    /// A table of `topic`'s latest value per key, each as `decode` reads it.
    /// - Parameter decode: what the table keeps of a record's value; nil leaves the key out of the table (a
    ///   record the rules never read, or one that is not what the topic should hold).
    public init(topic: String, decode: @escaping @Sendable ([UInt8]) -> Value?) {
        self.topic = topic
        self.decoder = decode
    }

    /// What the table keeps of `value`; nil when it keeps nothing.
    public func decode(_ value: [UInt8]) -> Value? { decoder(value) }
}

/// A global table declaration of any value type: what lets a processor list tables of different values together.
public protocol GlobalTableDeclaring<Value>: Sendable {
    /// What the table keeps per key.
    associatedtype Value: Sendable
    /// The compacted topic the table reads.
    var topic: String { get }
    /// What the table keeps of a record's value; nil leaves the key out of the table.
    func decode(_ value: [UInt8]) -> Value?
}

/// The latest values of a processor's global tables at one moment, as `process` and `punctuate` see them in
/// `ProcessingContext.tables`: read by the table's declaration, so each rule gets its table's own value type.
public struct GlobalTableValues: Sendable {
    /// One table's values; a concrete box, so reading it back is a type check, not a cast of every element.
    private struct Values<Value: Sendable>: Sendable {
        var byKey: [String: Value]
    }

    private var byTopic: [String: any Sendable] = [:]

    /// No table at all (what a processor sees when the runtime offers none).
    public init() {}

    /// The latest value per key of the table `declaration` names; nil when the runtime offers no such table.
    public subscript<Declaration: GlobalTableDeclaring>(_ declaration: Declaration) -> [String: Declaration.Value]? {
        get { (byTopic[declaration.topic] as? Values<Declaration.Value>)?.byKey }
        set { byTopic[declaration.topic] = newValue.map { Values(byKey: $0) } }
    }

    /// Offers `values` as the table of `topic` (what the runner does with each table it reads).
    mutating func set<Value: Sendable>(_ values: [String: Value], topic: String) {
        byTopic[topic] = Values(byKey: values)
    }
}

extension GlobalTableDeclaration {
    /// A table of JSON records that keeps what `keep` takes of the fields it reads (`Fields`, a few of the record's),
    /// decoded with Domain's ``JSONCodec`` (Foundation's decisions, without Foundation's cost):
    /// a value that does not decode as `Fields`, or of which `keep` takes nothing, is left out.
    public static func json<Fields: Decodable>(topic: String, reading fields: Fields.Type,
                                               keep: @escaping @Sendable (Fields) -> Value?) -> GlobalTableDeclaration {
        GlobalTableDeclaration(topic: topic) { value in
            (try? JSONCodec.decode(Fields.self, from: value)).flatMap(keep)
        }
    }
}
