import Testing
@testable import Domain

@Suite struct TopicCatalogTests {
    @Test func everyDesignTopicIsInTheCatalogWithTheSharedPartitionCount() {
        let catalog = TopicCatalog()
        let names = Set(catalog.topics.map(\.name))
        for name in ["erp.invoices", "erp.orders", "buyer.signals", "collections.updates", "credit.assessments",
                     "credit.decisions", "receivables.positions", "receivables.overdue", "dunning.actions",
                     "claims.events", "credence.alerts", "scoring.changelog", "claims.dlq", "credence.dlq.replays", "credence.progress"] {
            #expect(names.contains(name), "missing \(name)")
        }
        #expect(catalog.topics.count == 13 + 2 * Stage.allCases.count)
        #expect(catalog.topics.allSatisfy { $0.partitions == 12 && $0.key == ($0.name == "credence.progress" ? "stage" : "buyerId") })
        #expect(catalog.topics.first { $0.name == "monitoring.changelog" }?.cleanupPolicy == .compact)
        #expect(catalog.topics.first { $0.name == "credit.assessments" }?.cleanupPolicy == .compact)
        #expect(catalog.topics.first { $0.name == "erp.invoices" }?.cleanupPolicy == .delete)
        #expect(catalog.topics.first { $0.name == "credence.progress" }?.cleanupPolicy == .compact)
    }

    @Test func everyTopicAStageReadsFromAnotherStageNamesItsProducer() {
        #expect(TopicCatalog.producingStage(of: "credit.assessments") == .scoring)
        #expect(TopicCatalog.producingStage(of: "receivables.overdue") == .monitoring)
        #expect(TopicCatalog.producingStage(of: "dunning.actions") == .dunning)
        for topic in ["erp.invoices", "erp.orders", "buyer.signals", "collections.updates"] {
            #expect(TopicCatalog.producingStage(of: topic) == nil, "\(topic) comes from outside Credence")
        }
    }
}
