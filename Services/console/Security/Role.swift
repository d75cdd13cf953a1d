/// What a console user may do: a viewer reads, a collector also records worklist actions, an admin also sees
/// the users and sets customer tiers.
public enum Role: String, Sendable, Hashable, Codable, CaseIterable, Comparable {
    case viewer, collector, admin

    /// Whether this role includes everything `needed` may do.
    public func permits(_ needed: Role) -> Bool { self >= needed }

    public static func < (lhs: Role, rhs: Role) -> Bool {
        (allCases.firstIndex(of: lhs) ?? 0) < (allCases.firstIndex(of: rhs) ?? 0)
    }
}
