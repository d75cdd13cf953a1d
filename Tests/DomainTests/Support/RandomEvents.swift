@testable import Domain

/// Random, valid events of every kind: each fixture of `EventFixtures` (minimal and full) is encoded to a tree, its
/// leaves are replaced by random values of the same kind (text with quotes, slashes, control characters and
/// emoji; other dates, instants, currencies; integers and doubles across their ranges), and the tree is decoded back;
/// a draw its type or its rules refuse (an unknown enum word, a score over 100) is drawn again.
enum RandomEvents {
    static let seeds = EventFixtures.minimal + EventFixtures.full
    static let currencies = Currency.exponents.keys.sorted()

    /// One random event of the kind of `seeds[index]`.
    static func event(like index: Int, using rng: inout SplitMix64) -> DomainEvent {
        let seed = seeds[index % seeds.count]
        guard let tree = try? CodedValueEncoder().encode(seed.payload) else { return seed }
        for _ in 0..<40 {
            let candidate = randomize(tree, using: &rng)
            if let payload = try? decode(seed.kind.payloadType, from: candidate), (try? payload.validate()) != nil {
                return payload.domainEvent
            }
        }
        return seed
    }

    static func decode<Payload: DomainEventPayload>(_ type: Payload.Type, from tree: CodedValue) throws -> Payload {
        try CodedValueDecoder().decode(type, from: tree)
    }

    static func randomize(_ value: CodedValue, using rng: inout SplitMix64) -> CodedValue {
        let keep = Int.random(in: 0..<4, using: &rng) == 0
        switch value {
        case .object(let members):
            return .object(members.map { CodedMember(key: $0.key, value: randomize($0.value, using: &rng)) })
        case .array(let elements):
            var randomized = elements.map { randomize($0, using: &rng) }
            if let first = randomized.first, Bool.random(using: &rng) {
                randomized.append(contentsOf: (0..<Int.random(in: 0...3, using: &rng)).map { _ in randomize(first, using: &rng) })
            }
            return .array(randomized)
        case .string(let text) where !keep:
            if (try? CalendarDate(text)) != nil { return .string(CalendarDate(dayNumber: Int.random(in: -3_000...60_000, using: &rng)).description) }
            if (try? Timestamp(rfc3339: text)) != nil {
                return .string(Timestamp(millisecondsSinceEpoch: Int64.random(in: -10_000_000_000_000...10_000_000_000_000, using: &rng)).description)
            }
            if (try? Currency(code: text)) != nil { return .string(currencies.randomElement(using: &rng) ?? text) }
            return .string(Bool.random(using: &rng) ? randomText(using: &rng) : text)
        case .integer(let number) where !keep:
            let choices: [Int64] = [0, 1, -1, Int64.random(in: 0...100, using: &rng), Int64.random(in: 0...1_000_000_000_000_000, using: &rng),
                                    Int64.random(in: Int64.min...Int64.max, using: &rng), Int64.max, Int64.min, number]
            return .integer(choices.randomElement(using: &rng) ?? number)
        case .double(let number) where !keep:
            let choices: [Double] = [0, -0.0, 1, 100, 0.1, 1e-7, Double.random(in: 0...1, using: &rng), Double.random(in: 0...100, using: &rng),
                                     Double.random(in: -1e6...1e6, using: &rng), Double(Int.random(in: -1000...1000, using: &rng)),
                                     Double.random(in: -1e300...1e300, using: &rng), 1e16, 5e-324, Double.greatestFiniteMagnitude, number]
            return .double(choices.randomElement(using: &rng) ?? number)
        case .bool where !keep:
            return .bool(Bool.random(using: &rng))
        default:
            return value
        }
    }

    /// Text that exercises every escaping rule: quotes, backslashes, slashes, control characters, non-ASCII.
    static func randomText(using rng: inout SplitMix64) -> String {
        let pieces = ["a", "Z", "0", " ", "/", "\"", "\\", "\n", "\t", "\r", "\u{8}", "\u{C}", "\u{0}", "\u{1}", "\u{1F}", "\u{7F}",
                      "é", "ß", "€", "\u{2028}", "\u{FEFF}", "😀", "👩‍👩‍👧", "中", "e\u{301}", "</script>", "\\u0041"]
        return (0..<Int.random(in: 1...12, using: &rng)).map { _ in pieces.randomElement(using: &rng) ?? "a" }.joined()
    }
}
