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
    /// Of those, the ones bound to the stack: every requirement behind the grant is on names the template
    /// sets or CloudFormation generates, or conditioned on the stack's system tag (a type's account-wide
    /// ARN is, for a reviewer, the same as `*`).
    public let scopedSensitiveGrantCount: Int
    /// How much of a second deployment of the release under another stack name the role can act on.
    public let reach: SecondDeploymentReach
    /// Actions granted on `*` without a condition, each with its reason.
    public let wildcardGrants: [WildcardGrant]
    /// Non-whitespace characters of each managed policy, at the longest stack name, account, region.
    public let policyCharacters: [Int]
    /// The actions of the handler union (every handler of every resource in scope, `*` tools' count).
    public let handlerUnionActionCount: Int
    public let stackNameLimit: Int?
    public let iamWriteActionsOnWildcard: [String]
    public let passRoleOnWildcard: Bool
    /// Permissions that could not be derived and were let pass.
    public let gaps: [String]

    /// - Parameter scoping: the options the role was derived with, for the second deployment's requests.
    public init(generation: RoleGeneration, scoping: ScopingOptions = ScopingOptions()) throws {
        let catalog = generation.analysis.catalog
        let requirements = generation.analysis.requirements
        gaps = requirements.gaps.map(\.description)
        let statements = generation.policies.flatMap(\.statements)
        actionCount = Set(statements.flatMap(\.actions)).count
        var wildcard: Set<String> = []
        for statement in statements where statement.resources.contains(.any) && statement.conditions.isEmpty {
            wildcard.formUnion(statement.actions)
        }
        // A grant is an action with one set of conditions, as the policy synthesis groups them.
        struct Grant: Hashable { var action: String; var conditions: [GrantCondition] }
        var bound: [Grant: Bool] = [:]
        for requirement in requirements.requirements {
            guard let level = catalog.action(requirement.action)?.accessLevel,
                  level == .write || level == .permissionsManagement || level == .tagging else { continue }
            let grant = Grant(action: requirement.action, conditions: requirement.scope.conditions)
            bound[grant] = (bound[grant] ?? true) && requirement.scope.isStackBound
        }
        sensitiveGrantCount = bound.count
        scopedSensitiveGrantCount = bound.values.filter { $0 }.count
        reach = try SecondDeploymentReach(generation: generation, secondStackName: Self.secondStackName(for: generation.settings.stackName),
                                          options: scoping)
        let reasons = Dictionary(grouping: requirements.requirements.filter { $0.scope.isUnscoped }, by: \.action)
        wildcardGrants = wildcard.sorted { $0.lowercased() < $1.lowercased() }.map { action in
            // A compacted wildcard (`elasticloadbalancing:DescribeTarget*`) takes the reasons of the actions it stands for.
            let needing = reasons[action] ?? reasons.filter {
                WildcardMatcher.matches(pattern: action.lowercased(), value: $0.key.lowercased())
            }.sorted { $0.key < $1.key }.flatMap(\.value)
            let notes = Set(needing.compactMap(\.scope.note)).sorted()
            return WildcardGrant(action: action, reason: notes.first ?? "needed on every resource")
        }
        let size = PolicySize(for: requirements)
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

    /// A stack name other than `first`, for the second deployment.
    static func secondStackName(for first: String) -> String {
        first == "other-deployment" ? "another-deployment" : "other-deployment"
    }

    /// The share of sensitive grants that are scoped, in percent.
    public var scopedPercentage: Double {
        sensitiveGrantCount == 0 ? 100 : Double(scopedSensitiveGrantCount) * 100 / Double(sensitiveGrantCount)
    }

    public func renderText() -> String {
        var lines = [
            "actions granted: \(actionCount) (handler union of the same resources: \(handlerUnionActionCount))",
            "write, permissions-management and tagging grants bound to the stack: \(scopedSensitiveGrantCount) of \(sensitiveGrantCount) "
                + "(\(String(format: "%.1f", scopedPercentage))%)",
            "second deployment reached: \(reach.allowed.count) of \(reach.requestCount) write requests on its resources "
                + "(\(String(format: "%.1f", reach.share * 100))%) through \(reach.actions.count) actions",
            "IAM write actions on *: \(iamWriteActionsOnWildcard.count)",
            "iam:PassRole on *: \(passRoleOnWildcard ? "yes" : "no")",
            "managed policies: \(policyCharacters.count); characters: \(policyCharacters.map(String.init).joined(separator: ", "))",
            "stack name limit: \(stackNameLimit.map(String.init) ?? "none (128)")",
            "grants on * (\(wildcardGrants.count)):",
        ]
        lines += wildcardGrants.map { "  \($0.action): \($0.reason)" }
        lines.append("second deployment, actions reaching it (\(reach.actions.count)):")
        lines += reach.actions.map { "  \($0.action): \($0.allowed)\($0.reason.map { " (\($0))" } ?? "")" }
        lines.append("gaps let pass (\(gaps.count)):")
        lines += gaps.map { "  \($0)" }
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
            ("gaps", .list(gaps.map(OutputTree.string))),
            ("managedPolicies", .integer(policyCharacters.count)),
            ("policyCharacters", .list(policyCharacters.map(OutputTree.integer))),
            ("stackNameLimit", stackNameLimit.map(OutputTree.integer) ?? .string("none")),
            ("wildcardGrants", .list(wildcardGrants.map { .map([("action", .string($0.action)), ("reason", .string($0.reason))]) })),
            ("secondDeployment", .map([
                ("requests", .integer(reach.requestCount)),
                ("allowed", .integer(reach.allowed.count)),
                ("share", .number(reach.share)),
                ("actions", .list(reach.actions.map { action in
                    .map([("action", .string(action.action)), ("allowed", .integer(action.allowed))]
                         + (action.reason.map { [("reason", OutputTree.string($0))] } ?? []))
                })),
            ])),
        ]).json()
    }
}
