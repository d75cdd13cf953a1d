import Domain
import Dunning

/// The step dunning will take next on an invoice if nothing changes: the first action of the next level of the
/// policy's table for the buyer's tier, on the day that level starts (after a pending promise, if later).
public struct NextDunningStep: Sendable, Hashable {
    public var level: Int
    public var action: DunningActionKind
    public var channel: DunningChannel
    public var dueOn: CalendarDate

    /// The next step for `invoice`; nil when it is resolved, blocked, or at the table's last level.
    public static func of(_ invoice: InvoiceStanding, tier: CustomerTier?, policy: DunningPolicy) -> NextDunningStep? {
        guard !invoice.isResolved, !invoice.isBlocked, invoice.openDispute == nil else { return nil }
        let table = DunningPolicyTable(policy: policy, tier: tier ?? .standard)
        let level = invoice.level + 1
        guard level <= table.lastLevel, let step = table.steps(ofLevel: level).first else { return nil }
        var dueOn = invoice.dueDate.adding(days: table.startDay(ofLevel: level))
        if let promise = invoice.promise, promise.promisedDate >= dueOn { dueOn = promise.promisedDate.adding(days: 1) }
        return NextDunningStep(level: level, action: step.action, channel: step.channel, dueOn: dueOn)
    }

    /// `level 2 formal notice via letter on 2024-03-01`.
    public var summary: String { "level \(level) \(DunningPolicyTable.title(of: action)) via \(channel.rawValue) on \(dueOn)" }
}
