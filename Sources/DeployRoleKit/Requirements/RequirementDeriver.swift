/// Derives every permission a release needs from its evaluated stacks, by running each rule over each stack.
public struct RequirementDeriver: Sendable {
    public let catalog: Catalog
    public let options: DerivationOptions
    let data: RuleData

    /// Transforms first: a macro that cannot be expanded explains the unknown types it would have replaced.
    static let rules: [any RequirementRule] = [
        TransformRule(),
        ResourceHandlerRule(),
        CustomResourceRule(),
        SnapshotRule(),
        DynamicReferenceRule(),
        ParameterTypeRule(),
        ParameterValidationRule(),
        AvailabilityZoneRule(),
        StackOutputRule(),
        NestedStackTemplateRule(),
        StackOperationRule(),
    ]

    public init(catalog: Catalog = .embedded, options: DerivationOptions = DerivationOptions()) {
        self.catalog = catalog
        self.options = options
        data = .embedded
    }

    /// Reads now what every derivation reads first, whatever the template (the rule tables, the catalog's
    /// lint findings, the services whose existing resources a release may name by ID), so that another
    /// thread can do it while the template is decoded.
    public func prepare() {
        _ = ExistingResourceIds(data: data, catalog: catalog)
        _ = catalog.lintFindings
    }

    /// The requirements of the root stack and all its nested stacks, with the grants that could put a
    /// binding template tag on another resource guarded (``TemplateTagGuard``); a tag that cannot be
    /// guarded binds nothing in its service, and the requirements are derived again without it.
    public func derive(from root: EvaluatedStack) throws -> RequirementSet {
        var resources: [String: EvaluatedResource] = [:]
        for stack in root.allStacks {
            for resource in stack.resources { resources[resource.qualifiedId] = resource }
        }
        var options = self.options
        while true {
            let derived = try derive(from: root, options: options)
            // Guarded before the set is built, so that the requirements are sorted once.
            let guarded = TemplateTagGuard(requirements: derived.requirements, resources: resources, catalog: catalog)
            let unguarded = guarded.unguarded.subtracting(options.scoping.unguardedTemplateTags)
            guard !unguarded.isEmpty else {
                let notes = options.scoping.unguardedTemplateTags.sorted().map { entry in
                    "template tag \(entry.replacingOccurrences(of: "|", with: " ")) binds nothing: a grant the role needs could put it on any resource of the service"
                }
                var set = RequirementSet(requirements: guarded.requirements, gaps: derived.gaps, notes: derived.notes + notes,
                                         pruned: derived.pruned, stackNameLimit: derived.scoper.stackNameLimit,
                                         boundParameters: BoundParameter.parameters(derived.scoper.boundParameters, declaredBy: root.template),
                                         lowerCaseStackNameRequiredBy: LowerCaseStackName.resources(in: root, data: data))
                set.walks = Dictionary(uniqueKeysWithValues: derived.walks.map { (ResourceWalks.Place(release: nil, stackPath: $0.key), $0.value) })
                return set
            }
            options.scoping.unguardedTemplateTags.formUnion(unguarded)
        }
    }

    /// One pass of every rule over every stack.
    private func derive(from root: EvaluatedStack, options: DerivationOptions) throws -> Derivation {
        var derivation = Derivation(catalog: catalog, data: data, options: options, stack: root)
        for stack in root.allStacks {
            derivation.enter(stack)
            for rule in Self.rules {
                try rule.apply(to: stack, isRoot: stack.path.isEmpty, into: &derivation)
            }
            let prefix = stack.path.isEmpty ? "" : "\(stack.path.joined(separator: "/")): "
            derivation.notes.append(contentsOf: stack.symbolicLoops.map { prefix + $0 })
            derivation.notes.append(contentsOf: stack.template.ignoredDuplicateKeys.map(\.description))
            for condition in stack.undecidedConditions {
                derivation.notes.append("\(prefix)condition \(condition) depends on values known only at deploy time; "
                                        + "both branches count")
            }
            for missing in stack.missingNestedStacks {
                // Allowed when the stack was evaluated (StackInput.allowsMissingNested).
                try derivation.gap(Gap(logicalId: missing.resource.qualifiedId,
                                       what: "nested template \(missing.url) is not available (--allow-missing-nested): "
                                           + "the permissions of its resources are not derived",
                                       location: missing.resource.location),
                                   allowed: true, category: .nestedStack, hint: "")
            }
            if !stack.excludedResources.isEmpty {
                derivation.notes.append("\(prefix)left out by a false condition: "
                                        + stack.excludedResources.joined(separator: ", "))
            }
        }
        derivation.recordWalks()
        let types = Set(root.allStacks.flatMap { $0.resources.map(\.type) })
        for type in types.sorted() {
            let dropped = catalog.droppedHandlerActions(of: type)
            guard !dropped.isEmpty else { continue }
            derivation.notes.append("\(type): handler actions the IAM reference does not know, not granted: "
                                    + dropped.joined(separator: ", "))
        }
        return derivation
    }
}
