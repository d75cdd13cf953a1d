import Foundation
import Testing
@testable import Domain

/// The published JSON Schemas in `contracts/schemas` and the Swift event types must not drift apart.
@Suite struct ContractSchemaDriftTests {
    static let schemaFolder = RepositoryRoot.file("contracts/schemas")

    static func schemaURL(_ kind: EventKind) -> URL {
        schemaFolder.appendingPathComponent("\(kind.ceType).schema.json")
    }

    static func validator(_ kind: EventKind) throws -> SchemaValidator {
        SchemaValidator(document: try JSONValue.load(schemaURL(kind)))
    }

    @Test func everyEventKindHasASchemaAndEverySchemaAnEventKind() throws {
        let files = try FileManager.default.contentsOfDirectory(atPath: Self.schemaFolder.path).filter { $0.hasSuffix(".json") }
        let expected = EventKind.allCases.map { "\($0.ceType).schema.json" }
        #expect(Set(files) == Set(expected))
        #expect(files.count == EventKind.allCases.count)
    }

    @Test(arguments: EventKind.allCases)
    func schemaIsDraft2020AndUsesOnlyValidatedKeywords(kind: EventKind) throws {
        let document = try JSONValue.load(Self.schemaURL(kind))
        #expect(document["$schema"]?.string == "https://json-schema.org/draft/2020-12/schema")
        #expect(document["type"]?.string == "object")
        #expect(document["additionalProperties"] == .bool(false))
        #expect(SchemaValidator.unsupportedKeywords(in: document).isEmpty)
    }

    @Test(arguments: EventFixtures.minimal + EventFixtures.full)
    func encodedEventsValidateAgainstTheirSchema(event: DomainEvent) throws {
        let value = try JSONValue.parse(EventCodec.encodeValue(event))
        #expect(try Self.validator(event.kind).errors(in: value) == [])
    }

    @Test(arguments: Array(zip(EventFixtures.minimal, EventFixtures.full)))
    func requiredFieldsAreExactlyTheNonOptionalSwiftFields(minimal: DomainEvent, full: DomainEvent) throws {
        let validator = try Self.validator(minimal.kind)
        var mismatches: [String] = []
        // With every optional nil, each object holds exactly its schema's required keys …
        Self.compareKeys(validator, validator.document, try JSONValue.parse(EventCodec.encodeValue(minimal)),
                         keyword: "required", path: "$", mismatches: &mismatches)
        // … and with every optional set, exactly its schema's properties.
        Self.compareKeys(validator, validator.document, try JSONValue.parse(EventCodec.encodeValue(full)),
                         keyword: "properties", path: "$", mismatches: &mismatches)
        #expect(mismatches == [], "\(minimal.kind.ceType)")
    }

    @Test func theValidatorCatchesWhatTheSchemasForbid() throws {
        let validator = try Self.validator(.invoiceIssued)
        let good = try JSONValue.parse(EventCodec.encodeValue(EventFixtures.minimal[0]))
        #expect(validator.errors(in: good).isEmpty)
        let bad: [(String, String)] = [
            (#"{"buyerId":"B","invoiceId":"I","amount":{"amountMinor":-1,"currency":"USD"},"issueDate":"2024-03-01","dueDate":"2024-03-31","termsDays":30}"#, "below minimum"),
            (#"{"buyerId":"B","invoiceId":"I","amount":{"amountMinor":1,"currency":"usd"},"issueDate":"2024-03-01","dueDate":"2024-03-31","termsDays":30}"#, "does not match"),
            (#"{"buyerId":"B","invoiceId":"I","amount":{"amountMinor":1,"currency":"USD"},"issueDate":"2024-03-01","termsDays":30}"#, "missing required dueDate"),
            (#"{"buyerId":"B","invoiceId":"I","amount":{"amountMinor":1,"currency":"USD"},"issueDate":"2024-03-01","dueDate":"2024-03-31","termsDays":30,"extra":1}"#, "unexpected property extra"),
            (#"{"buyerId":"","invoiceId":"I","amount":{"amountMinor":1,"currency":"USD"},"issueDate":"2024-03-01","dueDate":"2024-03-31","termsDays":1.5}"#, "expected integer"),
        ]
        for (text, expected) in bad {
            let errors = validator.errors(in: try JSONValue.parse(Array(text.utf8)))
            #expect(errors.contains { $0.contains(expected) }, "\(errors)")
        }
        let alert = try Self.validator(.alert)
        let wrongSeverity = #"{"buyerId":"B","alertId":"a","alertType":"x","severity":"panic","raisedAt":"2024-03-31T17:05:00.000Z","figures":{"a":"b"}}"#
        let errors = alert.errors(in: try JSONValue.parse(Array(wrongSeverity.utf8)))
        #expect(errors.contains { $0.contains("not in the enum") } && errors.contains { $0.contains("$.figures.a") })
    }

    /// Walks schema and instance together and records every object whose keys differ from the keyword's names.
    static func compareKeys(_ validator: SchemaValidator, _ rawSchema: JSONValue, _ value: JSONValue, keyword: String,
                            path: String, mismatches: inout [String]) {
        let schema = validator.resolve(rawSchema)
        switch value {
        case .object(let members):
            if let properties = schema["properties"]?.object {
                let expected = keyword == "required"
                    ? Set(schema["required"]?.array?.compactMap(\.string) ?? []) : Set(properties.keys)
                if Set(members.keys) != expected {
                    mismatches.append("\(path): keys \(members.keys.sorted()) but schema \(keyword) \(expected.sorted())")
                }
                for (key, member) in members {
                    if let child = properties[key] {
                        compareKeys(validator, child, member, keyword: keyword, path: "\(path).\(key)", mismatches: &mismatches)
                    }
                }
            } else if let additional = schema["additionalProperties"], case .object = additional {
                for (key, member) in members {
                    compareKeys(validator, additional, member, keyword: keyword, path: "\(path).\(key)", mismatches: &mismatches)
                }
            }
        case .array(let items):
            if let itemSchema = schema["items"] {
                for (index, item) in items.enumerated() {
                    compareKeys(validator, itemSchema, item, keyword: keyword, path: "\(path)[\(index)]", mismatches: &mismatches)
                }
            }
        default:
            break
        }
    }
}
