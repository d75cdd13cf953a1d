import Domain

/// One line of a buyer's timeline: what happened, when, and the rule or person that made it happen.
public struct TimelineEntry: Sendable, Hashable {
    /// Where the entry came from, for filtering and styling.
    public enum Source: String, Sendable, CaseIterable {
        case assessment, position, decision, dunning, claim, alert, collections
    }

    public var time: Timestamp
    public var source: Source
    /// What happened, in a few words (`order O-7 held`, `level 2 formal notice via letter`).
    public var summary: String
    /// The rule (or the collector) that made it: a dunning action's note, a hold's reason, a score's first reason.
    public var rule: String?
    public var invoiceId: InvoiceId?

    /// An entry of the timeline.
    public init(time: Timestamp, source: Source, summary: String, rule: String? = nil, invoiceId: InvoiceId? = nil) {
        self.time = time
        self.source = source
        self.summary = summary
        self.rule = rule
        self.invoiceId = invoiceId
    }
}
