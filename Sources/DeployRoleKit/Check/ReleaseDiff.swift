/// What an upgrade from one release to the next changes in the permissions the deployment role needs:
/// the permissions the upgrade adds (which the old release's role lacks: the role must be updated before
/// upgrading), those of the old release the upgrade itself still needs (the cleanup deleting what the new
/// release drops, the rollback), those nothing needs once the upgrade is done, and the resources that
/// change.
public struct ReleaseDiff: Sendable {
    /// Permissions the upgrade needs that the role generated for the old release does not grant: exactly
    /// what `check NEW --role OLD-ROLE --upgrade-from OLD` reports missing.
    public let added: [PermissionFinding]
    /// Permissions the upgrade needs from the old release that the role generated for the new release
    /// alone does not grant: a role for the new release must keep them (`generate --upgrade-from`) until
    /// every customer has upgraded.
    public let neededByUpgrade: [PermissionFinding]
    /// Permissions the old release needed that neither the new release nor the upgrade to it needs.
    public let dropped: [PermissionFinding]
    public let resourceChanges: [ResourceChange]
    /// The upgrade judged: ``ReleaseAnalysis/init(upgradingFrom:to:)`` of the two releases.
    public let upgrade: ReleaseAnalysis

    /// - Parameters:
    ///   - oldRole: the role generated for the old release (the customer's current role).
    ///   - newRole: the role generated for the new release alone (no `--upgrade-from`).
    public init(old: ReleaseAnalysis, new: ReleaseAnalysis, oldRole: RoleGeneration, newRole: RoleGeneration,
                target: DeploymentTarget, options: ScopingOptions = ScopingOptions()) throws {
        // The upgrade's requests, judged against both roles; the old release's alone against the new role,
        // but for those the upgrade sends too (never one only the old release needed: `dropped` is the same
        // without them). Both lists end to end, the upgrade's first: a request of both is judged once
        // against the new role.
        let ((upgrade, upgradeSynthesizer, upgradeRequirements, oldDefinition), (oldSynthesizer, oldRequirements, newDefinition)) =
            try Parallel.run(
                {
                    let upgrade = ReleaseAnalysis(upgradingFrom: [old], to: new)
                    let synthesizer = RequestSynthesizer(stacks: upgrade.stacks, target: target, options: options, catalog: upgrade.catalog)
                    return (upgrade, synthesizer, synthesizer.prepared(upgrade.requirements), try oldRole.concreteRole(for: target))
                },
                {
                    let synthesizer = RequestSynthesizer(stacks: old.stacks, target: target, options: options, catalog: old.catalog)
                    return (synthesizer, synthesizer.prepared(old.requirements), try newRole.concreteRole(for: target))
                })
        let sentByUpgrade = oldSynthesizer.requirementsAlike(oldRequirements, in: upgradeRequirements, of: upgradeSynthesizer)
        let (requests, oldRequests) = try Parallel.run(
            { upgradeSynthesizer.requests(for: upgradeRequirements) },
            { oldSynthesizer.requests(for: oldRequirements, leavingOut: sentByUpgrade) })
        self.upgrade = upgrade
        let both = DistinctRequests(endToEnd: [requests, oldRequests])
        let upgradeRequests = 0..<requests.count, oldReleaseRequests = requests.count..<both.indices.upperBound
        let (allowedByOld, allowedByNew) = try Parallel.run(
            { both.allowed(by: oldDefinition, catalog: upgrade.catalog, before: requests.count) },
            { both.allowed(by: newDefinition, catalog: upgrade.catalog) })
        let missingFromOld = RoleCheck.missing(both, in: upgradeRequests, allowed: allowedByOld)
        let missingFromNew = RoleCheck.missing(both, in: upgradeRequests, allowed: allowedByNew)
        let oldMissingFromNew = RoleCheck.missing(both, in: oldReleaseRequests, allowed: allowedByNew)
        added = missingFromOld.map {
            PermissionFinding(kind: .added, action: $0.action, resources: $0.resources, requirements: $0.requirements)
        }
        neededByUpgrade = missingFromNew.map {
            PermissionFinding(kind: .neededByUpgrade, action: $0.action, resources: $0.resources, requirements: $0.requirements)
        }
        struct Request: Hashable { var action: String; var resource: String }
        let stillNeeded = Set(neededByUpgrade.flatMap { finding in finding.resources.map { Request(action: finding.action, resource: $0) } })
        dropped = oldMissingFromNew.compactMap { finding in
            let resources = finding.resources.filter { !stillNeeded.contains(Request(action: finding.action, resource: $0)) }
            return resources.isEmpty ? nil
                : PermissionFinding(kind: .dropped, action: finding.action, resources: resources, requirements: finding.requirements)
        }
        resourceChanges = ResourceChange.changes(from: old.stack, to: new.stack, catalog: new.catalog)
    }

    /// Whether the role must be updated before upgrading.
    public var roleMustBeUpdated: Bool { !added.isEmpty }

}
