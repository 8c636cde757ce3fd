/// The state the requirement rules add to while they walk the evaluated stacks.
struct Derivation: Sendable {
    let catalog: Catalog
    let data: RuleData
    let options: DerivationOptions
    /// Scopes the actions of the stack being walked.
    var scoper: ResourceScoper
    private(set) var requirements: [Requirement] = []
    private(set) var gaps: [Gap] = []
    private(set) var pruned: [PrunedRequirement] = []
    var notes: [String] = []
    /// What the scopers found walking each stack's resources, by nested-stack path (``ResourceWalks``).
    private(set) var walks: [[String]: ResourceWalks] = [:]

    init(catalog: Catalog, data: RuleData, options: DerivationOptions, stack: EvaluatedStack) {
        self.catalog = catalog
        self.data = data
        self.options = options
        scoper = ResourceScoper(catalog: catalog, data: data, options: options.scoping, stack: stack)
    }

    /// Adds `action` for each phase, on the resources `resource` acts on.
    mutating func require(_ action: String, phases: [HandlerPhase], for resource: EvaluatedResource, _ provenance: Provenance) {
        let before = scoper.pruned.count
        let scopes = scoper.scopes(for: action, of: resource)
        for (prunedAction, reason) in scoper.pruned[before...] {
            for phase in phases {
                pruned.append(PrunedRequirement(action: prunedAction, phase: phase, provenance: provenance, reason: reason))
            }
        }
        for scope in scopes {
            require(action, phases: phases, on: scope, provenance)
        }
    }

    /// Adds `action` for each phase, on an explicit scope, acting on `target` (see `Requirement.target`).
    mutating func require(_ action: String, phases: [HandlerPhase], on scope: GrantScope, target: [TextPart]? = nil,
                          _ provenance: Provenance) {
        for phase in phases {
            requirements.append(Requirement(action: action, phase: phase, provenance: provenance, scope: scope, target: target))
        }
    }

    /// Adds a named feature's action (from `service-features.tsv`) needed by `resource`.
    mutating func require(feature name: KeyPath<ServiceFeatures, RuleData.ServiceFeature>, for resource: EvaluatedResource,
                          _ provenance: Provenance) {
        let feature = data.serviceFeatures[keyPath: name]
        require(feature.action, phases: feature.phases, for: resource, provenance)
    }

    /// Adds a named feature's action on an explicit scope, acting on `target`.
    mutating func require(feature name: KeyPath<ServiceFeatures, RuleData.ServiceFeature>, on scope: GrantScope,
                          target: [TextPart]? = nil, _ provenance: Provenance) {
        let feature = data.serviceFeatures[keyPath: name]
        require(feature.action, phases: feature.phases, on: scope, target: target, provenance)
    }

    /// Records what could not be derived: an error unless the user allowed this kind of gap.
    mutating func gap(_ gap: Gap, allowed: Bool, category: DeployRoleError.Category, hint: String) throws {
        guard allowed else {
            throw DeployRoleError(category, "\(gap.what) (\(hint))", location: gap.location, logicalId: gap.logicalId)
        }
        gaps.append(gap)
    }

    /// Records a requirement left out on purpose, with the reason.
    mutating func prune(_ requirement: PrunedRequirement) {
        pruned.append(requirement)
    }

    /// A copy to derive a share of the stack's resources with on another thread: the same scoper (with its
    /// caches), nothing derived yet.
    func share() -> Derivation {
        var share = self
        share.requirements = []
        share.gaps = []
        share.pruned = []
        share.notes = []
        return share
    }

    /// Takes what shares of the stack's resources derived, in their order: the first share's scoper (and
    /// its caches) carries on, with the lowest stack-name limit and every bound parameter of all.
    mutating func join(_ shares: [Derivation]) {
        guard let first = shares.first else { return }
        scoper = first.scoper
        for share in shares {
            scoper.inherit(from: share.scoper)
            scoper.adoptWalks(of: share.scoper)
            requirements += share.requirements
            gaps += share.gaps
            pruned += share.pruned
            notes += share.notes
        }
    }

    /// Moves on to the next stack, keeping what was derived.
    mutating func enter(_ stack: EvaluatedStack) {
        let earlier = scoper
        recordWalks()
        scoper = ResourceScoper(catalog: catalog, data: data, options: options.scoping, stack: stack)
        scoper.inherit(from: earlier)
    }

    /// Keeps what the current stack's scoper found walking its resources (called before moving on, and
    /// once the last stack is done).
    mutating func recordWalks() {
        walks[scoper.stack.path, default: ResourceWalks()].merge(scoper.walks)
    }
}

/// A requirement deployrole left out on purpose (a prerequisite, a property the template never sets).
public struct PrunedRequirement: Hashable, Sendable, Comparable {
    public var action: String
    public var phase: HandlerPhase
    public var provenance: Provenance
    public var reason: String

    public static func < (lhs: PrunedRequirement, rhs: PrunedRequirement) -> Bool { lhs.order < rhs.order }

    /// The key pruned requirements sort by, computed once per requirement when many are sorted.
    var order: RequirementOrder { RequirementOrder(action: action, provenance: provenance, phase: phase, tie: .text(reason)) }
}

/// One source of requirements (handler permissions, custom resources, dynamic references, ...): a small
/// unit that reads an evaluated stack and adds what it finds.
protocol RequirementRule: Sendable {
    func apply(to stack: EvaluatedStack, isRoot: Bool, into derivation: inout Derivation) throws
}

extension EvaluatedResource {
    /// Provenance for a requirement of this resource.
    func provenance(_ reason: String) -> Provenance {
        let origin = generatedFrom.map { " (generated by \($0))" } ?? ""
        return Provenance(logicalId: qualifiedId, resourceType: type, reason: reason + origin, location: location)
    }
}
