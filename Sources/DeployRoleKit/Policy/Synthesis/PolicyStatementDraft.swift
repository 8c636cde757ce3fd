/// A statement of a policy deployrole generates: actions granted on resources, before rendering.
public struct PolicyStatementDraft: Hashable, Sendable, Comparable {
    /// Sorted case-insensitively, without duplicates.
    public var actions: [String]
    /// Sorted.
    public var resources: [ResourcePattern]

    public init(actions: [String], resources: [ResourcePattern]) {
        self.actions = Array(Set(actions)).sorted { $0.lowercased() < $1.lowercased() }
        self.resources = Array(Set(resources)).sorted()
    }

    public static func < (lhs: PolicyStatementDraft, rhs: PolicyStatementDraft) -> Bool {
        (lhs.resources.map(\.sortKey).joined(separator: ","), lhs.actions.first?.lowercased() ?? "")
            < (rhs.resources.map(\.sortKey).joined(separator: ","), rhs.actions.first?.lowercased() ?? "")
    }
}

/// One managed policy of the generated role.
public struct PolicyDraft: Hashable, Sendable {
    public var statements: [PolicyStatementDraft]

    public init(statements: [PolicyStatementDraft]) {
        self.statements = statements
    }

    /// Every action the policy grants.
    public var actions: [String] { statements.flatMap(\.actions) }
}
