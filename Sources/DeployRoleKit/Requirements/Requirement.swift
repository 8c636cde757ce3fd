/// One permission CloudFormation (or the deploying principal) needs, with the reason it is needed.
///
/// The same requirements feed every command: `generate` turns them into grants, `explain` and `stats`
/// report them, `check` and `diff` compare them.
public struct Requirement: Hashable, Sendable, Comparable {
    /// Canonical IAM action, `service:Action`.
    public var action: String
    /// The lifecycle phase that needs the action.
    public var phase: HandlerPhase
    /// Which resource, and why.
    public var provenance: Provenance
    /// The resources (ARN patterns) and conditions the action is needed on.
    public var scope: GrantScope
    /// For a requirement on something other than the resource itself (a parameter, a secret, a template
    /// object), the ARN it acts on as known from the template: literal text, pseudo parameters, and
    /// `.deployTime` parts for what only the deployment knows. Nil: the resource's own and referenced ARNs.
    public var target: [TextPart]?

    public init(action: String, phase: HandlerPhase, provenance: Provenance, scope: GrantScope, target: [TextPart]? = nil) {
        self.action = action
        self.phase = phase
        self.provenance = provenance
        self.scope = scope
        self.target = target
    }

    public static func < (lhs: Requirement, rhs: Requirement) -> Bool { lhs.order < rhs.order }

    /// The key requirements sort by, computed once per requirement when many are sorted: then resources,
    /// then what is left to tell two apart (conditions, note, target), so that the order never depends on
    /// hashing.
    var order: RequirementOrder {
        let resources = scope.resources.map(\.sortKey).joined(separator: ",")
        let conditions = scope.conditions.map { condition in
            "\(condition.conditionOperator) \(condition.key)=\(condition.values.map(\.sortKey).joined(separator: ","))"
        }
        let target = target.map { ResourcePattern($0).sortKey } ?? ""
        return RequirementOrder(action: action, provenance: provenance, phase: phase,
                                tie: [resources, conditions.joined(separator: ";"), scope.note ?? "", target].joined(separator: "\u{0}"))
    }
}

/// The order of requirements (and of pruned ones): action case-insensitively, provenance, phase, then a
/// tie-breaker of the kind's own.
struct RequirementOrder: Comparable {
    /// Action in lower case and the provenance's fields, separated by NUL (so that one comparison orders
    /// them as a tuple would).
    let primary: String
    let phase: HandlerPhase
    /// Fields separated by NUL, compared after the phase.
    let tie: String
    /// Compared last, so that two requirements alike in all else (the same grant asked for at two places
    /// of the template) are in one order whatever order they come in: the template position, then the
    /// action as written.
    let location: SourceLocation?
    let action: String

    init(action: String, provenance: Provenance, phase: HandlerPhase, tie: String) {
        primary = action.lowercased() + "\u{0}" + provenance.orderKey
        self.phase = phase
        self.tie = tie
        location = provenance.location
        self.action = action
    }

    static func < (lhs: RequirementOrder, rhs: RequirementOrder) -> Bool {
        if lhs.primary != rhs.primary { return lhs.primary < rhs.primary }
        if lhs.phase != rhs.phase { return lhs.phase < rhs.phase }
        if lhs.tie != rhs.tie { return lhs.tie < rhs.tie }
        if lhs.location != rhs.location {
            guard let left = lhs.location else { return true }
            guard let right = rhs.location else { return false }
            return left < right
        }
        return lhs.action < rhs.action
    }
}

/// Where a requirement comes from: the resource (qualified by its nested-stack path), its type, the reason
/// and the template position.
public struct Provenance: Hashable, Sendable, Comparable {
    /// The resource's logical ID qualified by the nested-stack path (`Network/VPC`), or a name in
    /// parentheses for requirements of the stack itself (`(stack)`).
    public var logicalId: String
    /// The resource type, or `AWS::CloudFormation::Stack` for stack operations.
    public var resourceType: String
    /// Why the action is needed, in a few words (`create handler`, `custom resource ServiceToken (Lambda)`).
    public var reason: String
    public var location: SourceLocation?
    /// For an upgrade, the older release (its template path) whose resource this is; nil for the release
    /// the role is generated for.
    public var previousRelease: String?

    public init(logicalId: String, resourceType: String, reason: String, location: SourceLocation? = nil,
                previousRelease: String? = nil) {
        self.logicalId = logicalId
        self.resourceType = resourceType
        self.reason = reason
        self.location = location
        self.previousRelease = previousRelease
    }

    /// By resource, type, reason and release, then (for the same need at two places of a template) by
    /// position: provenances that differ are never tied.
    public static func < (lhs: Provenance, rhs: Provenance) -> Bool {
        let (left, right) = ((lhs.logicalId, lhs.resourceType, lhs.reason, lhs.previousRelease ?? ""),
                             (rhs.logicalId, rhs.resourceType, rhs.reason, rhs.previousRelease ?? ""))
        if left != right { return left < right }
        if lhs.previousRelease != rhs.previousRelease { return lhs.previousRelease == nil }
        guard let right = rhs.location else { return false }
        guard let left = lhs.location else { return true }
        return left < right
    }

    /// The fields `<` compares, separated by NUL: comparing two keys orders provenances as `<` does.
    var orderKey: String {
        logicalId + "\u{0}" + resourceType + "\u{0}" + reason + "\u{0}" + (previousRelease ?? "")
    }
}
