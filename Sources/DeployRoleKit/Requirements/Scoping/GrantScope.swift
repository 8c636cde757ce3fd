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
        let unique = Set(resources)
        if unique.count < 2 {
            self.resources = Array(unique)
        } else {
            // Render each pattern once; only a pattern ending in `*` can cover another.
            let keyed = unique.map { (pattern: $0, key: $0.coverageKey) }.sorted { $0.key < $1.key }
            let covering = keyed.filter { $0.pattern.coversPrefix }.map { (pattern: $0.pattern, prefix: String($0.key.dropLast())) }
            self.resources = keyed.filter { entry in
                !covering.contains { other in
                    other.pattern != entry.pattern && (other.pattern.isAny || entry.key.hasPrefix(other.prefix))
                }
            }.map(\.pattern)
        }
        self.conditions = conditions.sorted()
        self.note = note
    }

    /// Every resource, with the reason.
    public static func any(_ note: String) -> GrantScope { GrantScope(resources: [.any], note: note) }

    /// What keeps the grant on the stack's own resources, in a few words (for `explain`): a system tag
    /// condition, a condition on a tag the template sets to the stack's name, a key naming the stack's own resource in the request (`iam:PolicyARN`), the names in
    /// its ARN patterns, the product parameters naming existing resources, or nothing (the note says why).
    public var binding: String {
        if let tag = conditions.first(where: { $0.key.hasSuffix("/" + StackTagBinding.stackNameTag) }) {
            return "system tag \(tag.key)"
        }
        if note != nil || resources.contains(.any) { return "nothing" }
        if let tag = conditions.first(where: { $0.key.hasPrefix("aws:ResourceTag/") || $0.key.hasPrefix("aws:RequestTag/") }) {
            return "template tag \(tag.key)"
        }
        if let request = conditions.first(where: { $0.conditionOperator == "ArnLike" }) {
            return "the request's \(request.key)"
        }
        let parameters = Set(resources.flatMap { pattern in
            pattern.parts.compactMap { part -> String? in
                if case .symbol(.parameter(let name)) = part { return name } else { return nil }
            }
        }).sorted()
        guard !parameters.isEmpty else { return "name" }
        let named = parameters.count == 1 ? "parameter \(parameters[0])" : "parameters \(parameters.joined(separator: ", "))"
        return resources.count > parameters.count ? "name and \(named)" : named
    }

    /// Whether the grant is bound to the stack: by names in its ARNs or by a tag naming the stack, not by a type's
    /// account-wide ARN or `*`.
    public var isStackBound: Bool { note == nil && !resources.contains(.any) }

    /// Whether the grant is on `*` without conditions.
    public var isUnscoped: Bool { resources.contains(.any) && conditions.isEmpty }
}
