/// What an upgrade from one release to the next changes in the permissions the deployment role needs:
/// the permissions the upgrade adds (which the old release's role lacks: the role must be updated before
/// upgrading), those of the old release the upgrade itself still needs (the cleanup deleting what the new
/// release drops, the rollback), those nothing needs once the upgrade is done, and the resources that
/// change.
public struct ReleaseDiff: Sendable {
    /// Permissions the upgrade needs that the role generated for the old release does not grant: exactly
    /// what `check NEW --role OLD-ROLE --upgrade-from OLD` reports missing (the requests the old release
    /// sends alike are not judged again: the role generated for it allows them).
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

    /// The role generated for the old release (the customer's current role).
    public let oldRole: RoleGeneration
    /// The role generated for the new release alone (no `--upgrade-from`).
    public let newRole: RoleGeneration
    /// What judging the upgrade built (the syntheses, the requests judged), kept with the diff: freeing it
    /// takes milliseconds a command would otherwise spend before writing its report.
    private let workings: (synthesis: UpgradeSynthesis, upgradeRequests: DistinctRequests, oldRequests: DistinctRequests)

    /// Generates both releases' roles with `settings` (`sourceNames` the releases' template names) and
    /// judges the upgrade's requests against them.
    /// - Throws: an error generating or rendering the old release's role, then the new one's.
    public init(old: ReleaseAnalysis, new: ReleaseAnalysis, settings: RoleSettings, sourceNames: (old: String, new: String),
                target: DeploymentTarget, options: ScopingOptions = ScopingOptions()) throws {
        // Each role judges the requests it was not generated for: a role generated for a release allows every
        // request of that release (the sufficiency `generate` is held to), so a request one release sends
        // alike to the other (same request, resource read the same) is judged only by the other's role. The
        // old role judges the upgrade's requests but those the old release sends alike; the new role those
        // of the old release's requirements the upgrade keeps, then the old release's own that the upgrade
        // does not send (never one only the old release needed: `dropped` is the same without them).
        // Which requirements each role judges needs no role: it is found on one core while the roles are
        // generated (and compiled for evaluation) on the other, then on the first one free.
        @Sendable func role(_ analysis: ReleaseAnalysis, _ sourceName: String) throws -> (RoleGeneration, PolicyEvaluator) {
            let role = try RoleGeneration(analysis: analysis, settings: settings, sourceName: sourceName)
            return (role, try role.concreteRole(for: target).evaluator(facts: new.catalog))
        }
        let (preparation, (oldRole, oldEvaluator), (newRole, newEvaluator)) = try Parallel.run(
            { UpgradeSynthesis(old: old, new: new, target: target, options: options) },
            { try role(old, sourceNames.old) },
            { try role(new, sourceNames.new) })
        (self.oldRole, self.newRole) = (oldRole, newRole)
        self.upgrade = preparation.upgrade
        // Then the upgrade's requests are synthesized and judged by the old role on one core while the old
        // release's own are by the new role on the other; a request of several is judged once per role.
        let ((upgradeRequests, partEnds, judgedByOld, allowedByOld), (oldRequests, oldAllowedByNew), changes) = try Parallel.run(
            {
                let parts = preparation.upgradeSynthesizer.requests(for: preparation.upgradeRequirements, inParts: preparation.parts,
                                                                    count: UpgradePart.allCases.count)
                // End to end, the parts in order.
                let requests = DistinctRequests(endToEnd: parts)
                let partEnds = parts.reduce(into: [0]) { ends, part in ends.append(ends[ends.count - 1] + part.count) }
                let judgedByOld = 0..<partEnds[UpgradePart.newRoleOnly.rawValue]
                return (requests, partEnds, judgedByOld, requests.allowed(by: oldEvaluator, in: judgedByOld))
            },
            {
                let requests = DistinctRequests(preparation.oldSynthesizer.requests(for: preparation.oldRequirements,
                                                                                    leavingOut: preparation.sentByUpgrade))
                return (requests, requests.allowed(by: newEvaluator))
            },
            { ResourceChange.changes(from: old.stack, to: new.stack, catalog: new.catalog) })
        let judgedByNew = partEnds[UpgradePart.bothRoles.rawValue]..<partEnds[UpgradePart.allCases.count]
        let missingFromOld = RoleCheck.missing(upgradeRequests, in: judgedByOld, allowed: allowedByOld)
        let missingFromNew = RoleCheck.missing(upgradeRequests, in: judgedByNew,
                                               allowed: upgradeRequests.allowed(by: newEvaluator, in: judgedByNew))
        let oldMissingFromNew = RoleCheck.missing(oldRequests, allowed: oldAllowedByNew)
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
        resourceChanges = changes
        workings = (preparation, upgradeRequests, oldRequests)
    }

    /// The upgrade and both releases' requirements made ready for synthesis, with which of them each role
    /// judges.
    private struct UpgradeSynthesis: Sendable {
        let upgrade: ReleaseAnalysis
        let upgradeSynthesizer: RequestSynthesizer, upgradeRequirements: RequestSynthesizer.Prepared
        let oldSynthesizer: RequestSynthesizer, oldRequirements: RequestSynthesizer.Prepared
        /// The ``UpgradePart`` of each of the upgrade's requirements (nil: neither role judges it).
        let parts: [Int?]
        /// Whether the upgrade sends each of the old release's requirements alike.
        let sentByUpgrade: [Bool]

        init(old: ReleaseAnalysis, new: ReleaseAnalysis, target: DeploymentTarget, options: ScopingOptions) {
            upgrade = ReleaseAnalysis(upgradingFrom: [old], to: new)
            upgradeSynthesizer = RequestSynthesizer(stacks: upgrade.stacks, target: target, options: options, catalog: upgrade.catalog)
            oldSynthesizer = RequestSynthesizer(stacks: old.stacks, target: target, options: options, catalog: old.catalog)
            upgradeRequirements = upgradeSynthesizer.prepared(upgrade.requirements)
            oldRequirements = oldSynthesizer.prepared(old.requirements)
            sentByUpgrade = oldSynthesizer.requirementsAlike(oldRequirements, in: upgradeRequirements, of: upgradeSynthesizer)
            let sentByOld = upgradeSynthesizer.requirementsAlike(upgradeRequirements, in: oldRequirements, of: oldSynthesizer,
                                                                 otherRelease: old.stack.file)
            parts = zip(upgrade.requirements.requirements, sentByOld).map { requirement, sentByOld in
                UpgradePart(fromOldRelease: requirement.provenance.previousRelease != nil, sentByOldRelease: sentByOld)?.rawValue
            }
        }
    }

    /// Whether the role must be updated before upgrading.
    public var roleMustBeUpdated: Bool { !added.isEmpty }

    /// The upgrade's requirements by the roles that judge their requests (``init(old:new:oldRole:newRole:target:options:)``),
    /// in the order their requests are put end to end.
    private enum UpgradePart: Int, CaseIterable {
        /// The new release's, on resources the old release does not have alike.
        case oldRoleOnly
        /// The old release's, unlike in the old release's own synthesis (a resource they reference changed).
        case bothRoles
        /// The old release's, alike in its own synthesis.
        case newRoleOnly

        /// Nil for the new release's requirements the old release sends alike: neither role judges them.
        init?(fromOldRelease: Bool, sentByOldRelease: Bool) {
            switch (fromOldRelease, sentByOldRelease) {
            case (false, true): return nil
            case (false, false): self = .oldRoleOnly
            case (true, false): self = .bothRoles
            case (true, true): self = .newRoleOnly
            }
        }
    }
}
