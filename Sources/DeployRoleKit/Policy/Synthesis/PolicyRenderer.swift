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
        .map([
            ("Effect", .string("Allow")),
            ("Action", .list(statement.actions.map(OutputTree.string))),
            ("Resource", .list(statement.resources.map { .string($0.rendered(substitute)) })),
        ])
    }
}
