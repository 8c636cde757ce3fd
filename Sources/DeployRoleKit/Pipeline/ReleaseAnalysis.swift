/// A release template read, evaluated and turned into requirements: the common first half of every command.
public struct ReleaseAnalysis: Sendable {
    public let stack: EvaluatedStack
    /// For an upgrade, the releases upgraded from: their resources are updated, replaced, deleted and
    /// rolled back to during the upgrade.
    public let previousStacks: [EvaluatedStack]
    public let requirements: RequirementSet
    /// The catalog the requirements were derived with.
    public let catalog: Catalog
    /// The parameter values and settings the release was evaluated with.
    public let input: StackInput

    /// Loads the template at `path` with its nested stacks, evaluates it with `input`, and derives its
    /// requirements.
    public init(templateAt path: String, input: StackInput = StackInput(),
                options: DerivationOptions = DerivationOptions(), catalog: Catalog = .embedded) throws {
        // The data every derivation reads first is read while the template is decoded.
        let (evaluated, _) = try Parallel.run({ try StackEvaluator(input: input).evaluate(fileAt: path) },
                                              { RequirementDeriver(catalog: catalog, options: options).prepare() })
        try self.init(evaluated: evaluated, input: input, options: options, catalog: catalog)
    }

    /// Derives the requirements of a template already evaluated with `input` (transforms expanded here).
    public init(evaluated: EvaluatedStack, input: StackInput = StackInput(), options: DerivationOptions = DerivationOptions(),
                catalog: Catalog = .embedded) throws {
        try self.init(expanded: try Self.expanded(evaluated), input: input, options: options, catalog: catalog)
    }

    /// An evaluated stack with its SAM resources expanded, as the analysis reads it.
    static func expanded(_ evaluated: EvaluatedStack) throws -> EvaluatedStack {
        try ServerlessTransform().expand(evaluated)
    }

    /// The analysis of a stack ``expanded(_:)`` already.
    init(expanded stack: EvaluatedStack, input: StackInput, options: DerivationOptions, catalog: Catalog) throws {
        self.catalog = catalog
        self.input = input
        self.stack = stack
        previousStacks = []
        requirements = try RequirementDeriver(catalog: catalog, options: options).derive(from: stack)
    }

    /// What upgrading from each of `olds` to `new` needs, and rolling it back: everything `new` needs
    /// (creating added resources, updating changed ones, replacing, and later operations on the new
    /// release), plus, from each old release, the delete of every resource (the cleanup deletes removed
    /// resources and the old copies of replaced ones) and the read and update of the resources the new
    /// release keeps (the rollback updates them back). A removed resource is never updated: CloudFormation
    /// deletes it only once the update succeeded. An old release's requirement is kept, marked with its
    /// release, unless the new release already has the same grant for the same resource and reason.
    public init(upgradingFrom olds: [ReleaseAnalysis], to new: ReleaseAnalysis) {
        catalog = new.catalog
        input = new.input
        stack = new.stack
        previousStacks = olds.map(\.stack)
        // A requirement is known by its resource and action first (few requirements share them), then by the
        // rest of its grant.
        struct Site: Hashable { var logicalId: String; var action: String }
        struct Grant: Equatable { var phase: HandlerPhase; var reason: String; var scope: GrantScope }
        func site(_ requirement: Requirement) -> Site {
            Site(logicalId: requirement.provenance.logicalId, action: requirement.action)
        }
        func grant(_ requirement: Requirement) -> Grant {
            Grant(phase: requirement.phase, reason: requirement.provenance.reason, scope: requirement.scope)
        }
        var granted: [Site: [Grant]] = [:]
        for requirement in new.requirements.requirements { granted[site(requirement), default: []].append(grant(requirement)) }
        struct Resource: Hashable { var id: String; var type: String }
        func resources(of stack: EvaluatedStack) -> Set<Resource> {
            Set(stack.allStacks.flatMap { stack in stack.resources.map { Resource(id: $0.qualifiedId, type: $0.type) } })
        }
        let kept = resources(of: new.stack)
        var fromOlds: [Requirement] = []
        for old in olds {
            let removed = resources(of: old.stack).subtracting(kept)
            for var requirement in old.requirements.requirements {
                let resource = Resource(id: requirement.provenance.logicalId, type: requirement.provenance.resourceType)
                let kept = requirement.phase == .delete || (!removed.contains(resource) && (requirement.phase == .read || requirement.phase == .update))
                guard kept else { continue }
                let (place, oldGrant) = (site(requirement), grant(requirement))
                guard !(granted[place]?.contains(oldGrant) ?? false) else { continue }
                granted[place, default: []].append(oldGrant)
                requirement.provenance.previousRelease = old.stack.file
                fromOlds.append(requirement)
            }
        }
        let limits = ([new] + olds).compactMap(\.requirements.stackNameLimit)
        var merged = RequirementSet(
            sorted: new.requirements.requirements, adding: fromOlds,
            gaps: ([new] + olds).flatMap(\.requirements.gaps),
            notes: new.requirements.notes + olds.flatMap { old in old.requirements.notes.map { "previous release \(old.stack.file): \($0)" } },
            pruned: ([new] + olds).flatMap(\.requirements.pruned),
            stackNameLimit: limits.min(),
            boundParameters: BoundParameter.union(([new] + olds).map(\.requirements.boundParameters)),
            lowerCaseStackNameRequiredBy: Array(Set(([new] + olds).flatMap(\.requirements.lowerCaseStackNameRequiredBy))).sorted())
        // Each old release's walks, known by its release as its requirements here are.
        merged.walks = new.requirements.walks
        for old in olds {
            for (place, walks) in old.requirements.walks where place.release == nil {
                merged.walks[ResourceWalks.Place(release: old.stack.file, stackPath: place.stackPath)] = walks
            }
        }
        requirements = merged
    }

    /// The stacks whose resources the requirements name (the release, then those upgraded from).
    public var stacks: [EvaluatedStack] { [stack] + previousStacks }

    /// Whether this is an upgrade from older releases.
    public var isUpgrade: Bool { !previousStacks.isEmpty }
}
