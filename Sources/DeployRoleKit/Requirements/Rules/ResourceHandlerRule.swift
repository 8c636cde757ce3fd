/// The handler permissions of each resource's type, per lifecycle phase, from the embedded catalog.
struct ResourceHandlerRule: RequirementRule {
    /// The actions serving only properties the resource never sets, with the property (an action serving
    /// several properties counts only when none is set). Actions that also remove their property count
    /// only when the releases upgraded from are given.
    static func unsetPropertyActions(of resource: EvaluatedResource, data: RuleData,
                                     previousReleasesGiven: Bool) -> [String: String] {
        var unset: [String: String] = [:]
        var needed: Set<String> = []
        for rule in data.propertyActions[resource.type] ?? [] {
            if isSet(rule.path, in: resource.properties) || (rule.removedBySameActions && !previousReleasesGiven) {
                needed.formUnion(rule.actions)
            } else {
                for action in rule.actions { unset[action] = rule.path.joined(separator: "/") }
            }
        }
        return unset.filter { !needed.contains($0.key) }
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

    func apply(to stack: EvaluatedStack, isRoot: Bool, into derivation: inout Derivation) throws {
        for resource in stack.resources where !CustomResourceRule.isCustomResource(resource.type) {
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
                    if phase == .create || phase == .update, let property = unset[action] {
                        derivation.prune(PrunedRequirement(
                            action: action, phase: phase, provenance: provenance,
                            reason: "serves only \(property), which the template never sets"))
                        continue
                    }
                    derivation.require(action, phases: [phase], for: resource, provenance)
                }
            }
        }
    }
}
