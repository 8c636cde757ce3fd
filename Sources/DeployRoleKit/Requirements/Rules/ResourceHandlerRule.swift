/// The handler permissions of each resource's type, per lifecycle phase, from the embedded catalog.
struct ResourceHandlerRule: RequirementRule {
    /// The actions serving only properties the resource never sets, with the property (an action serving
    /// several properties counts only when none is set). Actions that also remove their property count
    /// only when the releases upgraded from are given.
    static func unsetPropertyActions(of resource: EvaluatedResource, data: RuleData,
                                     previousReleasesGiven: Bool) -> [String: RuleData.PropertyActions] {
        var unset: [String: RuleData.PropertyActions] = [:]
        var needed: Set<String> = []
        for rule in data.propertyActions[resource.type] ?? [] {
            if isSet(rule.path, in: resource.properties) || (rule.removedBySameActions && !previousReleasesGiven) {
                needed.formUnion(rule.actions)
            } else {
                for action in rule.actions { unset[action] = rule }
            }
        }
        return unset.filter { !needed.contains($0.key) }
    }

    /// Why an action is left out, with the row's evidence (`property-actions.tsv`): the document that says
    /// the action serves the property, and the one that says how the property is removed.
    static func pruningReason(_ rule: RuleData.PropertyActions) -> String {
        let removal = rule.removedBySameActions
            ? "removing it calls the same actions, and the releases upgraded from are given"
            : "removing it uses other actions"
        return "serves only \(rule.path.joined(separator: "/")), which the template never sets (evidence: \(rule.source); "
            + "\(removal): \(rule.removalSource))"
    }

    /// Whether any alternative of the value sets the property at `path`.
    static func isSet(_ path: [String], in value: Value?) -> Bool {
        guard let value else { return false }
        guard let first = path.first else { return true }
        return value.alternatives().contains { alternative in
            if case .map(let map) = alternative { return isSet(Array(path.dropFirst()), in: map[first]) }
            // A deploy-time value may hold anything.
            if case .symbol = alternative { return true }
            return false
        }
    }

    /// The resources are derived in shares on the machine's cores (each share with its own copy of the
    /// scoper), joined in the resources' order.
    func apply(to stack: EvaluatedStack, isRoot: Bool, into derivation: inout Derivation) throws {
        let resources = stack.resources.filter { !CustomResourceRule.isCustomResource($0.type) }
        let start = derivation
        derivation.join(try Parallel.map(Parallel.chunks(of: resources, minimumChunk: 32)) { chunk in
            var share = start.share()
            try Self.derive(chunk, into: &share)
            return share
        })
    }

    private static func derive(_ resources: ArraySlice<EvaluatedResource>, into derivation: inout Derivation) throws {
        for resource in resources {
            guard let facts = derivation.catalog.resourceType(resource.type), facts.hasHandlers else {
                try derivation.gap(Gap(logicalId: resource.qualifiedId,
                                       what: "resource type \(resource.type) has no permission data in the catalog",
                                       location: resource.location),
                                   allowed: derivation.options.allowUnknownTypes, category: .unknownResourceType,
                                   hint: "--allow-unknown-types reports it as a gap instead")
                continue
            }
            let unset = derivation.options.prunePropertyActions
                ? Self.unsetPropertyActions(of: resource, data: derivation.data,
                                            previousReleasesGiven: derivation.options.previousReleasesGiven)
                : [:]
            for phase in HandlerPhase.allCases {
                for action in facts.actions(for: phase) {
                    let provenance = resource.provenance("\(phase.rawValue) handler")
                    if phase == .list {
                        derivation.prune(PrunedRequirement(
                            action: action, phase: phase, provenance: provenance,
                            reason: "list handler: stack operations do not call it (Cloud Control's ListResources does)"))
                        continue
                    }
                    if phase == .create || phase == .update, let rule = unset[action] {
                        derivation.prune(PrunedRequirement(
                            action: action, phase: phase, provenance: provenance, reason: Self.pruningReason(rule)))
                        continue
                    }
                    derivation.require(action, phases: [phase], for: resource, provenance)
                }
            }
        }
    }
}
