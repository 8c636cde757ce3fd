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
    /// hashing. That last part is written out only when the rest ties.
    var order: RequirementOrder {
        RequirementOrder(action: action, provenance: provenance, phase: phase, tie: .scope(scope, target: target))
    }

    /// Requirements in their order, those alike in it (the same need at two places of a template) by
    /// template position, then action as written: one order whatever order they come in (a set's changes
    /// with each process's hash seed).
    static func ordered(_ requirements: some Sequence<Requirement>) -> [Requirement] {
        requirements.map { ($0, $0.order) }.sorted { left, right in
            if left.1 != right.1 { return left.1 < right.1 }
            if left.0.provenance != right.0.provenance { return left.0.provenance < right.0.provenance }
            return left.0.action < right.0.action
        }.map(\.0)
    }
}

/// The order of requirements (and of pruned ones): action case-insensitively, the provenance's fields but
/// its position, phase, then a tie-breaker of the kind's own. The fields are compared one by one (most keys
/// differ in the first few, and equal fields are mostly the same string); the tie-breaker is written out
/// only for keys whose fields are equal.
struct RequirementOrder: Comparable, Sendable {
    let fields: Fields
    let tie: Tie

    /// Everything but the tie-breaker.
    struct Fields: Comparable, Sendable {
        let action: String
        let logicalId: String
        let resourceType: String
        let reason: String
        let previousRelease: String
        let phase: HandlerPhase

        static func < (lhs: Fields, rhs: Fields) -> Bool {
            if lhs.action != rhs.action { return lhs.action < rhs.action }
            if lhs.logicalId != rhs.logicalId { return lhs.logicalId < rhs.logicalId }
            if lhs.resourceType != rhs.resourceType { return lhs.resourceType < rhs.resourceType }
            if lhs.reason != rhs.reason { return lhs.reason < rhs.reason }
            if lhs.previousRelease != rhs.previousRelease { return lhs.previousRelease < rhs.previousRelease }
            return lhs.phase < rhs.phase
        }
    }

    /// What orders keys equal in every field.
    enum Tie: Sendable {
        /// Text of the kind's own (a pruned requirement's reason).
        case text(String)
        /// A requirement's scope and target, written as ``text``.
        case scope(GrantScope, target: [TextPart]?)

        /// Resources joined by `,`; conditions (`<operator> <key>=<values joined by ,>`) joined by `;`; the
        /// note; the target; the four separated by NUL.
        var text: String {
            switch self {
            case .text(let text): return text
            case .scope(let scope, let target): return Self.written(scope, target: target)
            }
        }

        private static func written(_ scope: GrantScope, target: [TextPart]?) -> String {
            var tie = String()
            func append(_ patterns: [ResourcePattern]) {
                for (index, pattern) in patterns.enumerated() {
                    if index > 0 { tie.append(",") }
                    tie.append(pattern.sortKey)
                }
            }
            append(scope.resources)
            tie.append("\u{0}")
            for (index, condition) in scope.conditions.enumerated() {
                if index > 0 { tie.append(";") }
                tie.append(condition.conditionOperator)
                tie.append(" ")
                tie.append(condition.key)
                tie.append("=")
                append(condition.values)
            }
            tie.append("\u{0}")
            tie.append(scope.note ?? "")
            tie.append("\u{0}")
            if let target { tie.append(ResourcePattern(target).sortKey) }
            return tie
        }
    }

    init(action: String, provenance: Provenance, phase: HandlerPhase, tie: Tie) {
        fields = Fields(action: action.lowercased(), logicalId: provenance.logicalId, resourceType: provenance.resourceType,
                        reason: provenance.reason, previousRelease: provenance.previousRelease ?? "", phase: phase)
        self.tie = tie
    }

    static func == (lhs: RequirementOrder, rhs: RequirementOrder) -> Bool {
        lhs.fields == rhs.fields && lhs.tie.text == rhs.tie.text
    }

    static func < (lhs: RequirementOrder, rhs: RequirementOrder) -> Bool {
        if lhs.fields != rhs.fields { return lhs.fields < rhs.fields }
        return lhs.tie.text < rhs.tie.text
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
}
