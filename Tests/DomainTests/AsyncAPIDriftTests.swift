import Foundation
import Testing
@testable import Domain

/// `contracts/asyncapi.json` describes exactly the topics of the catalog and the messages each carries.
@Suite struct AsyncAPIDriftTests {
    let document: JSONValue
    let messages: [String: JSONValue]
    let channels: [String: JSONValue]

    init() throws {
        document = try JSONValue.load(RepositoryRoot.file("contracts/asyncapi.json"))
        messages = document["components"]?["messages"]?.object ?? [:]
        channels = document["channels"]?.object ?? [:]
    }

    func message(_ reference: JSONValue) -> JSONValue? {
        guard let path = reference["$ref"]?.string, path.hasPrefix("#/components/messages/") else { return nil }
        return messages[String(path.dropFirst("#/components/messages/".count))]
    }

    @Test func isAnAsyncAPI3Document() {
        #expect(document["asyncapi"]?.string == "3.0.0")
        #expect(document["info"]?["title"]?.string == "Credence")
        #expect(document["info"]?["version"]?.string != nil)
        #expect(document["defaultContentType"]?.string == "application/json")
    }

    @Test func channelsAreExactlyTheCatalogTopicsWithTheirKafkaBindings() throws {
        let catalog = TopicCatalog()
        let byAddress = Dictionary(uniqueKeysWithValues: channels.values.compactMap { c in c["address"]?.string.map { ($0, c) } })
        #expect(Set(byAddress.keys) == Set(catalog.topics.map(\.name)))
        #expect(channels.count == catalog.topics.count)
        for topic in catalog.topics {
            let kafka = byAddress[topic.name]?["bindings"]?["kafka"]
            #expect(kafka?["topic"]?.string == topic.name)
            #expect(kafka?["partitions"]?.integer == Int64(topic.partitions), "\(topic.name)")
            #expect(kafka?["topicConfiguration"]?["cleanup.policy"] == .array([.string(topic.cleanupPolicy.rawValue)]), "\(topic.name)")
        }
    }

    @Test func eachTopicCarriesExactlyTheEventKindsOfTheCatalog() throws {
        for channel in channels.values {
            guard let address = channel["address"]?.string else { Issue.record("channel without address"); continue }
            let names = Set((channel["messages"]?.object ?? [:]).values.compactMap { message($0)?["name"]?.string })
            let kinds = EventKind.kinds(on: address)
            if kinds.isEmpty {
                #expect(names.count == 1 && (names.contains("changelogRecord") || names.contains("deadLetterRecord")
                                             || names.contains("deadLetterReplayRecord")
                                             || names.contains("progressRecord")), "\(address)")
            } else {
                #expect(names == Set(kinds.map(\.ceType)), "\(address)")
            }
        }
        let carried = Set(channels.values.flatMap { ($0["messages"]?.object ?? [:]).values.compactMap { message($0)?["name"]?.string } })
        #expect(Set(EventKind.allCases.map(\.ceType)).isSubset(of: carried))
    }

    @Test func messagesReferenceExistingSchemasAndDeclareKeyAndCloudEventsHeaders() throws {
        for kind in EventKind.allCases {
            guard let message = messages.values.first(where: { $0["name"]?.string == kind.ceType }) else {
                Issue.record("no message for \(kind.ceType)"); continue
            }
            let reference = message["payload"]?["$ref"]?.string ?? ""
            #expect(reference == "./schemas/\(kind.ceType).schema.json")
            let file = RepositoryRoot.file("contracts").appendingPathComponent(reference)
            #expect(FileManager.default.fileExists(atPath: file.standardizedFileURL.path), "\(reference)")
            #expect(message["headers"]?["properties"]?["ce_type"]?["enum"] == .array([.string(kind.ceType)]))
            let required = Set(message["headers"]?["required"]?.array?.compactMap(\.string) ?? [])
            #expect(required == [EventCodec.HeaderKey.specVersion, EventCodec.HeaderKey.id, EventCodec.HeaderKey.source,
                                 EventCodec.HeaderKey.type, EventCodec.HeaderKey.time, EventCodec.HeaderKey.contentType])
            #expect(message["bindings"]?["kafka"]?["key"]?["type"]?.string == "string")
        }
        let deadLetter = messages["deadLetterRecord"]?["headers"]?["required"]?.array?.compactMap(\.string) ?? []
        #expect(Set(deadLetter) == [EventRejection.HeaderKey.code, EventRejection.HeaderKey.field, EventRejection.HeaderKey.message])
    }
}
