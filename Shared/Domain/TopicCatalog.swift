/// How Kafka retires a topic's old records.
public enum CleanupPolicy: String, Sendable, Codable, CaseIterable {
    /// Records expire by age or size.
    case delete
    /// The newest record per key is kept (state, tables, changelogs).
    case compact
}

/// One topic of the Credence wire: its name, what keys it, how many partitions and how it is cleaned up.
public struct TopicDescriptor: Sendable, Hashable, Codable {
    public var name: String
    /// The record key's meaning; every Credence topic is keyed by `buyerId`.
    public var key: String
    public var partitions: Int
    public var cleanupPolicy: CleanupPolicy

    public init(name: String, key: String = "buyerId", partitions: Int, cleanupPolicy: CleanupPolicy) {
        self.name = name
        self.key = key
        self.partitions = partitions
        self.cleanupPolicy = cleanupPolicy
    }
}

/// The four worker stages; each owns a changelog and a dead-letter topic.
public enum Stage: String, Sendable, Codable, CaseIterable {
    case scoring, monitoring, dunning, claims
}

/// Every topic of DESIGN.md "Topics", with one partition count shared by all so that
/// everything about one buyer lands on the same partition number of every topic.
public struct TopicCatalog: Sendable {
    /// The default partition count of every topic.
    public static let defaultPartitions = 12

    public static let erpInvoices = "erp.invoices"
    public static let erpOrders = "erp.orders"
    public static let buyerSignals = "buyer.signals"
    public static let collectionsUpdates = "collections.updates"
    public static let creditAssessments = "credit.assessments"
    public static let creditDecisions = "credit.decisions"
    public static let receivablesPositions = "receivables.positions"
    public static let receivablesOverdue = "receivables.overdue"
    public static let dunningActions = "dunning.actions"
    public static let claimsEvents = "claims.events"
    public static let alerts = "credence.alerts"
    /// The replay log: one record per dead letter `credence dlq replay` sent back to its source topic, so that a
    /// second run of the same replay sends nothing again.
    public static let deadLetterReplays = "credence.dlq.replays"
    /// How far each stage has got on each partition under the stream clock: one record per stage (keyed by its
    /// name) on the partition it speaks for, saying before which event time it will publish nothing more and
    /// which offsets of its outputs that covers. A stage on the stream clock waits on it for the stages whose
    /// outputs it reads (docs/runtime.md, "Stages side by side").
    public static let progress = "credence.progress"

    /// The stage that writes a topic stages read (as an input or a global table); nil for the ERP's and the
    /// providers' topics, and for topics no stage reads.
    public static func producingStage(of topic: String) -> Stage? {
        switch topic {
        case creditAssessments: .scoring
        case receivablesOverdue, receivablesPositions: .monitoring
        case dunningActions: .dunning
        case claimsEvents: .claims
        default: nil
        }
    }

    /// The compacted topic that mirrors a stage's state.
    public static func changelog(_ stage: Stage) -> String { "\(stage.rawValue).changelog" }
    /// The topic where a stage parks input it cannot process.
    public static func deadLetter(_ stage: Stage) -> String { "\(stage.rawValue).dlq" }

    public let partitions: Int

    public init(partitions: Int = TopicCatalog.defaultPartitions) {
        self.partitions = partitions
    }

    /// Every topic, business topics first, then each stage's changelog and dead-letter topic.
    public var topics: [TopicDescriptor] {
        let deleted = [
            Self.erpInvoices, Self.erpOrders, Self.buyerSignals, Self.collectionsUpdates,
            Self.creditDecisions, Self.receivablesOverdue, Self.dunningActions, Self.claimsEvents, Self.alerts,
            Self.deadLetterReplays,
        ]
        let compacted = [Self.creditAssessments, Self.receivablesPositions]
        var result: [TopicDescriptor] = []
        result += deleted.map { TopicDescriptor(name: $0, partitions: partitions, cleanupPolicy: .delete) }
        result += compacted.map { TopicDescriptor(name: $0, partitions: partitions, cleanupPolicy: .compact) }
        result.append(TopicDescriptor(name: Self.progress, key: "stage", partitions: partitions, cleanupPolicy: .compact))
        for stage in Stage.allCases {
            result.append(TopicDescriptor(name: Self.changelog(stage), partitions: partitions, cleanupPolicy: .compact))
            result.append(TopicDescriptor(name: Self.deadLetter(stage), partitions: partitions, cleanupPolicy: .delete))
        }
        return result
    }
}
