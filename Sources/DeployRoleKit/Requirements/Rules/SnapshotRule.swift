/// `DeletionPolicy: Snapshot` and `UpdateReplacePolicy: Snapshot`: the final snapshot's actions, on delete
/// and on the update that replaces the resource.
struct SnapshotRule: RequirementRule {
    func apply(to stack: EvaluatedStack, isRoot: Bool, into derivation: inout Derivation) throws {
        for resource in stack.resources {
            var phases: [HandlerPhase] = []
            // A policy known only at deployment may be Snapshot where the type supports it.
            let snapshots = derivation.data.snapshotActions[resource.type] != nil
            func isSnapshot(_ policy: String?) -> Bool {
                policy == "Snapshot" || policy == EvaluatedResource.deployTimePolicy && snapshots
            }
            if isSnapshot(resource.deletionPolicy) { phases.append(.delete) }
            if isSnapshot(resource.updateReplacePolicy) { phases.append(.update) }
            guard !phases.isEmpty else { continue }
            guard let actions = derivation.data.snapshotActions[resource.type] else {
                throw DeployRoleError(.invalidTemplate, "\(resource.type) does not support the Snapshot policy",
                                      location: resource.location, logicalId: resource.qualifiedId)
            }
            for action in actions {
                derivation.require(action, phases: phases, for: resource, resource.provenance("Snapshot policy: final snapshot"))
            }
        }
    }
}
