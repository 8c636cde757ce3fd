/// The handler permissions of each resource's type, per lifecycle phase, from the embedded catalog.
struct ResourceHandlerRule: RequirementRule {
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
            for phase in HandlerPhase.allCases {
                for action in facts.actions(for: phase) {
                    let provenance = resource.provenance("\(phase.rawValue) handler")
                    guard phase != .list else {
                        derivation.prune(PrunedRequirement(
                            action: action, phase: phase, provenance: provenance,
                            reason: "list handler: stack operations do not call it (Cloud Control's ListResources does)"))
                        continue
                    }
                    derivation.require(action, phases: [phase], for: resource, provenance)
                }
            }
        }
    }
}
