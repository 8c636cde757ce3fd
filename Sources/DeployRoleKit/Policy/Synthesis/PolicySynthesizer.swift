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
        let grants = Array(resourcesByGrant)
        // Each grant's resources reduced to the fewest patterns, on the machine's cores.
        let minimal = Parallel.map(grants, minimumChunk: 128) { GrantScope(resources: $0.value).resources }
        for (grant, resources) in zip(grants, minimal) {
            actionsByStatement[StatementKey(resources: resources, conditions: grant.key.conditions), default: []].append(grant.key.action)
        }
        return actionsByStatement.map {
            PolicyStatementDraft(actions: $0.value, resources: $0.key.resources, conditions: $0.key.conditions)
        }.sorted(byKey: \.sortKey)
    }

    /// The statements packed into as few managed policies as the size quota allows.
    public func policies(for requirements: RequirementSet) throws -> [PolicyDraft] {
        try synthesize(requirements).policies
    }

    /// The policies, and what had to be given up to fit them: when the grants do not fit the quota, the
    /// names of a statement's resources that share the stack's prefix (`${ProductStackName}-Queue1-*`,
    /// `${ProductStackName}-Queue2-*`, ...) are compacted to that prefix (`${ProductStackName}-*`), still
    /// bound to the stack's name but also matching the names of a stack whose name extends it (`App-2` for
    /// `App`); the notes say so. Only when even that does not fit is it an error naming the types.
    public func synthesize(_ requirements: RequirementSet) throws -> (policies: [PolicyDraft], notes: [String]) {
        let compactor = ActionCompactor(catalog: catalog)
        let size = PolicySize(for: requirements)
        let packer = PolicyPacker(quota: quota, size: size)
        let drafts = Parallel.map(statements(for: requirements), minimumChunk: 64) { compactor.compact($0) }
        do {
            return (try packer.pack(drafts), [])
        } catch var error as DeployRoleError where error.category == .policyTooLarge {
            // The largest statements first, one at a time, until the policies fit: as few names widened as
            // the quota needs.
            var current = drafts
            let order = drafts.indices.sorted { size.statement(drafts[$0]) > size.statement(drafts[$1]) }
            var widened: [String] = []
            for index in order {
                let compacted = Self.compactingStackNamePrefixes(current[index])
                guard compacted != current[index] else { continue }
                widened.append(contentsOf: compacted.actions.prefix(1))
                current[index] = compacted
                if let packed = try? packer.pack(current) {
                    return (packed, ["the grants fit \(quota.maxManagedPolicies) managed policies only with the names of "
                                     + "the resources of \(widened.count) statements (granting \(widened.sorted().prefix(5).joined(separator: ", "))"
                                     + (widened.count > 5 ? ", ..." : "") + ") compacted to their stack-name prefix "
                                     + "(${ProductStackName}-*): they also match the resources of a stack whose name starts "
                                     + "with this stack's name and a hyphen"])
                }
            }
            error.message += "; the resources that need the room: " + Self.largestTypes(in: requirements)
            throw error
        }
    }

    /// A statement whose resources share a prefix up to the stack's name and a hyphen, two or more of
    /// them, with each such group replaced by `<prefix><stack name>-*`.
    static func compactingStackNamePrefixes(_ statement: PolicyStatementDraft) -> PolicyStatementDraft {
        var groups: [ResourcePattern: [ResourcePattern]] = [:]
        for resource in statement.resources {
            guard let prefix = stackNamePrefix(of: resource) else { continue }
            groups[prefix, default: []].append(resource)
        }
        let compacted = groups.filter { $0.value.count > 1 }
        guard !compacted.isEmpty else { return statement }
        let replaced = Set(compacted.values.flatMap { $0 })
        let resources = statement.resources.filter { !replaced.contains($0) } + Array(compacted.keys)
        return PolicyStatementDraft(actions: statement.actions, resources: GrantScope(resources: resources).resources,
                                    conditions: statement.conditions)
    }

    /// `<prefix><stack name>-*` for a pattern of the form `<prefix><stack name>-<more>`.
    static func stackNamePrefix(of pattern: ResourcePattern) -> ResourcePattern? {
        for (index, part) in pattern.parts.enumerated() {
            guard case .symbol(let symbol) = part, symbol == .pseudo(.stackName) || symbol == .lowercasedStackName else { continue }
            guard index + 1 < pattern.parts.count, case .literal(let rest) = pattern.parts[index + 1], rest.hasPrefix("-"),
                  rest.count > 2 || index + 2 < pattern.parts.count else { return nil }
            return ResourcePattern(Array(pattern.parts[...index]) + [.literal("-*")])
        }
        return nil
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
