/// A statement of a policy deployrole generates: actions granted on resources, before rendering.
public struct PolicyStatementDraft: Hashable, Sendable, Comparable {
    /// Sorted case-insensitively, without duplicates.
    public var actions: [String]
    /// Sorted.
    public var resources: [ResourcePattern]
    /// Sorted.
    public var conditions: [GrantCondition]

    public init(actions: [String], resources: [ResourcePattern], conditions: [GrantCondition] = []) {
        self.actions = Array(Set(actions)).sorted(byKey: { $0.lowercased() })
        self.resources = Array(Set(resources)).sorted()
        self.conditions = conditions.sorted()
    }

    var sortKey: String {
        resources.map(\.sortKey).joined(separator: ",") + "|" + conditions.map { "\($0.key)=\($0.values.map(\.sortKey))" }.joined()
            + "|" + (actions.first?.lowercased() ?? "")
    }

    public static func < (lhs: PolicyStatementDraft, rhs: PolicyStatementDraft) -> Bool { lhs.sortKey < rhs.sortKey }
}

/// One managed policy of the generated role.
public struct PolicyDraft: Hashable, Sendable {
    public var statements: [PolicyStatementDraft]

    public init(statements: [PolicyStatementDraft]) {
        self.statements = statements
    }
}
