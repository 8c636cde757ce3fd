import Foundation

/// The `stats` report: how many actions the role grants, how much of it is scoped to the stack's own
/// resources, what is granted on `*` and why, and how the policies fit IAM's quotas.
public struct StatsReport: Sendable {
    public struct WildcardGrant: Hashable, Sendable {
        public let action: String
        public let reason: String
    }

    /// Distinct actions granted.
    public let actionCount: Int
    /// Grants (an action in a statement) whose access level is Write, Permissions management or Tagging.
    public let sensitiveGrantCount: Int
    /// Of those, the ones limited by ARN patterns or conditions (not `*` without a condition).
    public let scopedSensitiveGrantCount: Int
    /// Actions granted on `*` without a condition, each with its reason.
    public let wildcardGrants: [WildcardGrant]
    /// Non-whitespace characters of each managed policy, at the longest stack name, account, region.
    public let policyCharacters: [Int]
    /// The actions of the handler union (every handler of every resource in scope, `*` tools' count).
    public let handlerUnionActionCount: Int
    public let stackNameLimit: Int?
    public let iamWriteActionsOnWildcard: [String]
    public let passRoleOnWildcard: Bool

    public init(generation: RoleGeneration, catalog: Catalog = .embedded) {
        let requirements = generation.analysis.requirements
        let statements = generation.policies.flatMap(\.statements)
        actionCount = Set(statements.flatMap(\.actions)).count
        var sensitive = 0, scoped = 0
        var wildcard: Set<String> = []
        for statement in statements {
            let unscoped = statement.resources.contains(.any) && statement.conditions.isEmpty
            for action in statement.actions {
                if unscoped { wildcard.insert(action) }
                guard let level = catalog.action(action)?.accessLevel,
                      level == .write || level == .permissionsManagement || level == .tagging else { continue }
                sensitive += 1
                if !unscoped { scoped += 1 }
            }
        }
        sensitiveGrantCount = sensitive
        scopedSensitiveGrantCount = scoped
        let reasons = Dictionary(grouping: requirements.requirements.filter { $0.scope.isUnscoped }, by: \.action)
        wildcardGrants = wildcard.sorted { $0.lowercased() < $1.lowercased() }.map { action in
            // A compacted wildcard (`elasticloadbalancing:DescribeTarget*`) takes the reasons of the actions it stands for.
            let needing = reasons[action] ?? reasons.filter {
                WildcardMatcher.matches(pattern: action.lowercased(), value: $0.key.lowercased())
            }.sorted { $0.key < $1.key }.flatMap(\.value)
            let notes = Set(needing.compactMap(\.scope.note)).sorted()
            return WildcardGrant(action: action, reason: notes.first ?? "needed on every resource")
        }
        let size = PolicySize(stackNameLimit: requirements.stackNameLimit)
        policyCharacters = generation.policies.map(size.document)
        var union: Set<String> = []
        for stack in generation.analysis.stack.allStacks {
            for resource in stack.resources {
                for actions in catalog.resourceType(resource.type)?.handlers.values.map({ $0 }) ?? [] {
                    union.formUnion(actions)
                }
            }
        }
        handlerUnionActionCount = union.count
        stackNameLimit = requirements.stackNameLimit
        iamWriteActionsOnWildcard = wildcard.filter { action in
            action.lowercased().hasPrefix("iam:") && catalog.action(action).map { $0.accessLevel != .read && $0.accessLevel != .list } == true
        }.sorted()
        passRoleOnWildcard = wildcard.contains { $0.lowercased() == "iam:passrole" }
    }

    /// The share of sensitive grants that are scoped, in percent.
    public var scopedPercentage: Double {
        sensitiveGrantCount == 0 ? 100 : Double(scopedSensitiveGrantCount) * 100 / Double(sensitiveGrantCount)
    }

    public func renderText() -> String {
        var lines = [
            "actions granted: \(actionCount) (handler union of the same resources: \(handlerUnionActionCount))",
            "write, permissions-management and tagging grants scoped: \(scopedSensitiveGrantCount) of \(sensitiveGrantCount) "
                + "(\(String(format: "%.1f", scopedPercentage))%)",
            "IAM write actions on *: \(iamWriteActionsOnWildcard.count)",
            "iam:PassRole on *: \(passRoleOnWildcard ? "yes" : "no")",
            "managed policies: \(policyCharacters.count); characters: \(policyCharacters.map(String.init).joined(separator: ", "))",
            "stack name limit: \(stackNameLimit.map(String.init) ?? "none (128)")",
            "grants on * (\(wildcardGrants.count)):",
        ]
        lines += wildcardGrants.map { "  \($0.action): \($0.reason)" }
        return lines.joined(separator: "\n") + "\n"
    }

    public func renderJSON() -> String {
        OutputTree.map([
            ("actions", .integer(actionCount)),
            ("handlerUnionActions", .integer(handlerUnionActionCount)),
            ("sensitiveGrants", .integer(sensitiveGrantCount)),
            ("scopedSensitiveGrants", .integer(scopedSensitiveGrantCount)),
            ("scopedPercentage", .string(String(format: "%.1f", scopedPercentage))),
            ("iamWriteActionsOnWildcard", .list(iamWriteActionsOnWildcard.map(OutputTree.string))),
            ("passRoleOnWildcard", .bool(passRoleOnWildcard)),
            ("managedPolicies", .integer(policyCharacters.count)),
            ("policyCharacters", .list(policyCharacters.map(OutputTree.integer))),
            ("stackNameLimit", stackNameLimit.map(OutputTree.integer) ?? .string("none")),
            ("wildcardGrants", .list(wildcardGrants.map { .map([("action", .string($0.action)), ("reason", .string($0.reason))]) })),
        ]).json()
    }
}
