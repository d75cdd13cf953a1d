/// One record header as it travels with a Kafka record: a name and raw bytes.
/// A plain value so that the Domain module does not depend on the Kafka layer.
public struct EventHeader: Sendable, Hashable, CustomStringConvertible {
    public var key: String
    public var value: [UInt8]

    public init(key: String, value: [UInt8]) {
        self.key = key
        self.value = value
    }

    /// A header whose value is the UTF-8 of `value`.
    public init(key: String, value: String) {
        self.init(key: key, value: Array(value.utf8))
    }

    public var description: String { "\(key)=\(String(decoding: value, as: UTF8.self))" }
}

extension Array where Element == EventHeader {
    /// The value of the first header named `key`, if any.
    public func value(for key: String) -> [UInt8]? {
        first { $0.key == key }?.value
    }
}
