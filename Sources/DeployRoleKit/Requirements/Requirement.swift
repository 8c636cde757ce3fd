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

    /// The action and resource, for fast sorting (ties broken by `<`).
    var sortKey: String { action.lowercased() + "\u{0}" + provenance.logicalId }

    public static func < (lhs: Requirement, rhs: Requirement) -> Bool {
        let left = (lhs.action.lowercased(), lhs.provenance, lhs.phase)
        let right = (rhs.action.lowercased(), rhs.provenance, rhs.phase)
        if left != right { return left < right }
        return lhs.scope.resources.map(\.sortKey).joined(separator: ",") < rhs.scope.resources.map(\.sortKey).joined(separator: ",")
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

    public static func < (lhs: Provenance, rhs: Provenance) -> Bool {
        (lhs.logicalId, lhs.resourceType, lhs.reason, lhs.previousRelease ?? "")
            < (rhs.logicalId, rhs.resourceType, rhs.reason, rhs.previousRelease ?? "")
    }
}
