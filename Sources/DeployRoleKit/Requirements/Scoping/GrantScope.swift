/// A condition a grant carries (`StringEquals iam:PassedToService lambda.amazonaws.com`).
public struct GrantCondition: Hashable, Sendable, Comparable {
    public var conditionOperator: String
    public var key: String
    public var values: [ResourcePattern]

    public init(_ conditionOperator: String, _ key: String, _ values: [ResourcePattern]) {
        self.conditionOperator = conditionOperator
        self.key = key
        self.values = Array(Set(values)).sorted()
    }

    public static func < (lhs: GrantCondition, rhs: GrantCondition) -> Bool {
        (lhs.conditionOperator, lhs.key, lhs.values.map(\.sortKey).joined(separator: ","))
            < (rhs.conditionOperator, rhs.key, rhs.values.map(\.sortKey).joined(separator: ","))
    }
}

/// Where a requirement's action is granted: the resources (ARN patterns) and conditions, and why it is
/// wider than the stack's own resources when it is.
public struct GrantScope: Hashable, Sendable {
    /// Sorted; no pattern covered by another.
    public var resources: [ResourcePattern]
    /// Sorted.
    public var conditions: [GrantCondition]
    /// Why the grant reaches beyond the stack's own named resources (`*`, or a type's account-wide ARN).
    public var note: String?

    public init(resources: [ResourcePattern], conditions: [GrantCondition] = [], note: String? = nil) {
        let unique = Array(Set(resources)).sorted()
        self.resources = unique.filter { pattern in
            !unique.contains { $0 != pattern && pattern.isCovered(by: $0) }
        }
        self.conditions = conditions.sorted()
        self.note = note
    }

    /// Every resource, with the reason.
    public static func any(_ note: String) -> GrantScope { GrantScope(resources: [.any], note: note) }

    /// Whether the grant is on `*` without conditions.
    public var isUnscoped: Bool { resources.contains(.any) && conditions.isEmpty }
}
