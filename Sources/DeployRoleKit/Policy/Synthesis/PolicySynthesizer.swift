/// Turns requirements into policy statements: one grant per action and resource, statements with equal
/// resources merged, actions deduplicated and sorted, then packed into managed policies that fit IAM's
/// quotas.
public struct PolicySynthesizer: Sendable {
    public var quota: PolicyQuota

    public init(quota: PolicyQuota = PolicyQuota()) {
        self.quota = quota
    }

    /// The statements granting every requirement.
    public func statements(for requirements: RequirementSet) -> [PolicyStatementDraft] {
        var actionsByResources: [[ResourcePattern]: Set<String>] = [:]
        for requirement in requirements.requirements {
            actionsByResources[[ResourcePattern.any], default: []].insert(requirement.action)
        }
        return actionsByResources.map { PolicyStatementDraft(actions: Array($0.value), resources: $0.key) }.sorted()
    }

    /// The statements packed into as few managed policies as the size quota allows.
    public func policies(for requirements: RequirementSet) throws -> [PolicyDraft] {
        try PolicyPacker(quota: quota).pack(statements(for: requirements))
    }
}
