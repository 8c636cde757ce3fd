/// Renders policy drafts to IAM policy documents with concrete ARNs (deploy-time parts substituted).
public struct PolicyRenderer: Sendable {
    /// The value for each deploy-time part of a resource pattern.
    public let substitute: @Sendable (Symbol) -> String

    public init(substitute: @escaping @Sendable (Symbol) -> String) {
        self.substitute = substitute
    }

    /// The policy document.
    public func document(_ policy: PolicyDraft) -> OutputTree {
        .map([("Version", .string("2012-10-17")), ("Statement", .list(policy.statements.map(statement)))])
    }

    /// One statement; single actions and resources are still written as lists, for stable diffs.
    public func statement(_ statement: PolicyStatementDraft) -> OutputTree {
        var pairs: [(String, OutputTree)] = [
            ("Effect", .string("Allow")),
            ("Action", .list(statement.actions.map(OutputTree.string))),
            ("Resource", .list(statement.resources.map { .string($0.rendered(substitute)) })),
        ]
        if !statement.conditions.isEmpty {
            pairs.append(("Condition", Self.conditionBlock(statement.conditions) { .string($0.rendered(substitute)) }))
        }
        return .map(pairs)
    }

    /// `{"StringEquals": {"iam:PassedToService": [...]}}`, operators and keys in sorted order. A `Null`
    /// test takes its one value as a scalar (`"true"`), the form IAM's examples use and checkers expect.
    static func conditionBlock(_ conditions: [GrantCondition], value: (ResourcePattern) -> OutputTree) -> OutputTree {
        let byOperator = Dictionary(grouping: conditions, by: \.conditionOperator)
        return .map(byOperator.keys.sorted().map { op in
            (op, .map(byOperator[op, default: []].sorted().map { condition in
                if op == "Null", condition.values.count == 1 { return (condition.key, value(condition.values[0])) }
                return (condition.key, .list(condition.values.map(value)))
            }))
        })
    }
}
