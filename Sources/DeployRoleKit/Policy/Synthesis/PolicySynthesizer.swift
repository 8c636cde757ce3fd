/// Turns requirements into policy statements: one grant per action and resource, statements with equal
/// resources merged, actions deduplicated and sorted, then packed into managed policies that fit IAM's
/// quotas.
public struct PolicySynthesizer: Sendable {
    public var quota: PolicyQuota
    public var catalog: Catalog

    public init(quota: PolicyQuota = PolicyQuota(), catalog: Catalog = .embedded) {
        self.quota = quota
        self.catalog = catalog
    }

    /// The statements granting every requirement: for each action and set of conditions, the union of the
    /// resources it is needed on; then actions with equal resources and conditions share a statement.
    public func statements(for requirements: RequirementSet) -> [PolicyStatementDraft] {
        struct GrantKey: Hashable { var action: String; var conditions: [GrantCondition] }
        var resourcesByGrant: [GrantKey: [ResourcePattern]] = [:]
        for requirement in requirements.requirements {
            let key = GrantKey(action: requirement.action, conditions: requirement.scope.conditions)
            resourcesByGrant[key, default: []].append(contentsOf: requirement.scope.resources)
        }
        struct StatementKey: Hashable { var resources: [ResourcePattern]; var conditions: [GrantCondition] }
        var actionsByStatement: [StatementKey: [String]] = [:]
        for (grant, resources) in resourcesByGrant {
            let minimal = GrantScope(resources: resources).resources
            actionsByStatement[StatementKey(resources: minimal, conditions: grant.conditions), default: []].append(grant.action)
        }
        return actionsByStatement.map {
            PolicyStatementDraft(actions: $0.value, resources: $0.key.resources, conditions: $0.key.conditions)
        }.sorted()
    }

    /// The statements packed into as few managed policies as the size quota allows.
    public func policies(for requirements: RequirementSet) throws -> [PolicyDraft] {
        let compactor = ActionCompactor(catalog: catalog)
        do {
            return try PolicyPacker(quota: quota, size: PolicySize(stackNameLimit: requirements.stackNameLimit))
                .pack(statements(for: requirements).map(compactor.compact))
        } catch var error as DeployRoleError where error.category == .policyTooLarge {
            error.message += "; the resources that need the room: " + Self.largestTypes(in: requirements)
            throw error
        }
    }

    /// The resource types with the most resources needing grants, with counts and the first logical IDs
    /// (`AWS::SQS::Queue ×500 (R1, R2, R3, ...)`), for the error when the permissions do not fit.
    static func largestTypes(in requirements: RequirementSet, count: Int = 3) -> String {
        var resources: [String: Set<String>] = [:]
        for requirement in requirements.requirements where !requirement.provenance.logicalId.hasPrefix("(") {
            resources[requirement.provenance.resourceType, default: []].insert(requirement.provenance.logicalId)
        }
        return resources.sorted { ($1.value.count, $0.key) < ($0.value.count, $1.key) }.prefix(count).map { type, ids in
            let sorted = ids.sorted { $0.count != $1.count ? $0.count < $1.count : $0 < $1 }
            return "\(type) ×\(ids.count) (\(sorted.prefix(3).joined(separator: ", "))\(ids.count > 3 ? ", ..." : ""))"
        }.joined(separator: ", ")
    }
}
