/// Whether a role can deploy, update and delete a release: every requirement, as the concrete requests
/// one deployment sends, evaluated against the role's policies with IAM's logic.
public struct RoleCheck: Sendable {
    /// Permissions the role lacks, one per action and the resources needing it (every denied ARN listed),
    /// with the requirements needing them.
    public let missing: [PermissionFinding]
    /// Actions the role grants that no requirement needs.
    public let excess: [PermissionFinding]
    /// How many requests were evaluated.
    public let requestCount: Int

    public init(analysis: ReleaseAnalysis, role: RoleDefinition, target: DeploymentTarget,
                options: ScopingOptions = ScopingOptions()) {
        self.init(requirements: analysis.requirements, stacks: analysis.stacks, role: role, target: target,
                  options: options, catalog: analysis.catalog)
    }

    public init(requirements: RequirementSet, stacks: [EvaluatedStack], role: RoleDefinition, target: DeploymentTarget,
                options: ScopingOptions = ScopingOptions(), catalog: Catalog = .embedded) {
        self.init(requests: RequestSynthesizer(stacks: stacks, target: target, options: options, catalog: catalog)
                    .requests(for: requirements),
                  requirements: requirements, role: role, catalog: catalog)
    }

    /// Evaluates requests already synthesized for `requirements` (to judge several roles on the same ones).
    public init(requests: [ConcreteRequest], requirements: RequirementSet, role: RoleDefinition, catalog: Catalog = .embedded) {
        requestCount = requests.count
        missing = Self.missing(DistinctRequests(requests), role: role, catalog: catalog)
        excess = Self.excess(role: role, requirements: requirements, catalog: catalog)
    }

    /// The permissions `role` lacks for the requests (``missing``, without the excess); each distinct one
    /// evaluated once, on the machine's cores.
    static func missing(_ requests: DistinctRequests, role: RoleDefinition, catalog: Catalog) -> [PermissionFinding] {
        missing(requests, allowed: requests.allowed(by: role.evaluator(facts: catalog)))
    }

    /// The permissions lacking for the requests of `range` (all by default), given whether each distinct
    /// request is allowed (``DistinctRequests/allowed(by:in:)``; one not judged counts as denied).
    static func missing(_ requests: DistinctRequests, in range: Range<Int>? = nil, allowed: [Bool?]) -> [PermissionFinding] {
        struct Key: Hashable { var action: String; var logicalId: String }
        var denied: [Key: (resources: Set<String>, requirements: Set<Requirement>)] = [:]
        for index in range ?? requests.indices where allowed[requests.occurrences.slot[index]] != true {
            let request = requests[index]
            let key = Key(action: request.request.action, logicalId: request.requirement.provenance.logicalId)
            var entry = denied[key] ?? ([], [])
            entry.resources.insert(request.request.resource)
            entry.requirements.insert(request.requirement)
            denied[key] = entry
        }
        return grouped(denied.map { key, value in
            PermissionFinding(kind: .missing, action: key.action, resources: value.resources.sorted(),
                              requirements: Requirement.ordered(value.requirements))
        })
    }

    /// Findings of one action merged when their ARNs are the same (a request several resources need), so
    /// that each finding names one action, the resources needing it, and every ARN denied.
    static func grouped(_ findings: [PermissionFinding]) -> [PermissionFinding] {
        struct Key: Hashable { var action: String; var resources: [String] }
        var merged: [Key: PermissionFinding] = [:]
        for finding in findings {
            let key = Key(action: finding.action, resources: finding.resources)
            if var existing = merged[key] {
                existing.requirements = Requirement.ordered(Set(existing.requirements + finding.requirements))
                merged[key] = existing
            } else {
                merged[key] = finding
            }
        }
        return merged.values.sorted()
    }

    /// Whether the role allows every request.
    public var isSufficient: Bool { missing.isEmpty }

    /// Granted actions (wildcards expanded with the IAM reference) that no requirement needs. An action a
    /// Deny statement without conditions removes on every resource, or that the permissions boundary never
    /// allows, is not granted.
    static func excess(role: RoleDefinition, requirements: RequirementSet, catalog: Catalog) -> [PermissionFinding] {
        let deniedEverywhere = role.policies.flatMap(\.document.statements).filter { statement in
            statement.effect == .deny && statement.condition.clauses.isEmpty
                && statement.resources.map { !$0.isNegated && $0.patterns.contains("*") } == true
        }
        let boundary = role.permissionsBoundary?.flatMap(\.document.statements).filter { $0.effect == .allow }
        let granted = { (action: String) -> Bool in
            if deniedEverywhere.contains(where: { Self.statement($0, covers: action) }) { return false }
            if let boundary, !boundary.contains(where: { Self.statement($0, covers: action) }) { return false }
            return true
        }
        var needed: Set<String> = []
        for action in requirements.actions {
            if catalog.action(action) != nil {
                needed.insert(action.lowercased())
            } else {
                needed.formUnion(catalog.actions(matching: action).map { $0.fullName.lowercased() })
            }
        }
        var findings: [String: PermissionFinding] = [:]
        for policy in role.policies {
            for statement in policy.document.statements where statement.effect == .allow {
                guard case .listed(let patterns) = statement.actions else {
                    findings["NotAction in \(policy.name)"] = PermissionFinding(
                        kind: .excess, action: "NotAction", resources: [], requirements: [],
                        grantedBy: "a NotAction statement in \(policy.name) grants every action it does not list")
                    continue
                }
                for pattern in patterns {
                    let matched = pattern.contains("*") || pattern.contains("?")
                        ? catalog.actions(matching: pattern).map(\.fullName) : [catalog.action(pattern)?.fullName ?? pattern]
                    for action in matched where !needed.contains(action.lowercased()) && granted(action) {
                        findings[action.lowercased()] = PermissionFinding(kind: .excess, action: action, resources: [],
                                                                          requirements: [], grantedBy: pattern)
                    }
                }
            }
        }
        return findings.values.sorted()
    }

    /// Whether a statement's Action (or NotAction) element covers `action`, case-insensitively.
    static func statement(_ statement: PolicyStatement, covers action: String) -> Bool {
        let lowered = action.lowercased()
        let listed = statement.actions.patterns.contains { WildcardMatcher.matches(pattern: $0.lowercased(), value: lowered) }
        return statement.actions.isNegated ? !listed : listed
    }
}
