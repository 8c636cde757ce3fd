import Foundation
import Testing
@testable import DeployRoleKit

/// The real upgrade, Code Ocean v3.7.0 → v3.8.2, covering every parameter value a customer may choose.
@Suite struct UpgradeScenarioTests {
    static let options = DerivationOptions(scoping: ScopingOptions(serviceLinkedRolesArePrerequisites: true))
    static let target = DeploymentTarget(stackName: "codeocean-prod")

    /// A release read with `--any-parameter-value`.
    static func analysis(_ release: String) throws -> ReleaseAnalysis { try analysis(release, defaults: false) }

    static let settings = RoleSettings(name: "CodeOceanLeastPrivilegedDeployRole")
    static let sourceNames = (old: "codeocean.template.yaml", new: "codeocean.template.yaml")

    static func role(_ analysis: ReleaseAnalysis) throws -> RoleGeneration {
        try RoleGeneration(analysis: analysis, settings: settings, sourceName: sourceNames.new)
    }

    static let roles = SharedFixtures<RoleGeneration>()

    /// The role generated for a release (`--any-parameter-value` unless `defaults`), once for the suite.
    static func role(_ release: String, defaults: Bool = false) throws -> RoleGeneration {
        try roles.value("\(release) \(defaults)") { try role(try analysis(release, defaults: defaults)) }
    }

    static let analyses = SharedFixtures<ReleaseAnalysis>()

    /// A release, read once for the whole suite.
    static func analysis(_ release: String, defaults: Bool) throws -> ReleaseAnalysis {
        try analyses.value("\(release) \(defaults)") {
            try ReleaseAnalysis(templateAt: SharedData.url("codeocean/\(release)/codeocean.template.yaml").path,
                                input: StackInput(useDefaults: defaults), options: options)
        }
    }

    /// The resources v3.8.2 adds to v3.7.0.
    static let addedResources: Set<String> = ["CustomRegistrySecretAccessPolicy", "JobsAssumeRolePolicy"]
    /// The managed-policy calls the added CustomRegistrySecretAccessPolicy needs on itself.
    static let policyActions: Set<String> = ["iam:CreatePolicy", "iam:CreatePolicyVersion", "iam:DeletePolicy",
                                             "iam:DeletePolicyVersion", "iam:GetPolicy", "iam:GetPolicyVersion",
                                             "iam:ListEntitiesForPolicy", "iam:ListPolicyVersions"]

    /// The upgrade v3.7.0 → v3.8.2 and the old release alone, each with its request synthesizer, as diff
    /// prepares them.
    struct Syntheses {
        let old: ReleaseAnalysis, upgrade: ReleaseAnalysis
        let oldSynthesizer: RequestSynthesizer, upgradeSynthesizer: RequestSynthesizer
        let oldRequirements: RequestSynthesizer.Prepared, upgradeRequirements: RequestSynthesizer.Prepared

        init() throws {
            old = try UpgradeScenarioTests.analysis("v3.7.0")
            upgrade = ReleaseAnalysis(upgradingFrom: [old], to: try UpgradeScenarioTests.analysis("v3.8.2"))
            let (target, options) = (UpgradeScenarioTests.target, UpgradeScenarioTests.options.scoping)
            upgradeSynthesizer = RequestSynthesizer(stacks: upgrade.stacks, target: target, options: options, catalog: upgrade.catalog)
            oldSynthesizer = RequestSynthesizer(stacks: old.stacks, target: target, options: options, catalog: old.catalog)
            upgradeRequirements = upgradeSynthesizer.prepared(upgrade.requirements)
            oldRequirements = oldSynthesizer.prepared(old.requirements)
        }
    }

    /// The old release's requests diff leaves out (those of requirements synthesized alike in the upgrade)
    /// are each one the upgrade sends, so leaving them out cannot change what diff reports dropped; those
    /// kept include requests the upgrade does not send (resources v3.8.2 changes).
    @Test func oldRequestsLeftOutOfDiffAreSentByTheUpgrade() throws {
        guard SharedData.mustRun() else { return }
        let syntheses = try Syntheses()
        let (old, upgradeSynthesizer, oldSynthesizer) = (syntheses.old, syntheses.upgradeSynthesizer, syntheses.oldSynthesizer)
        let (upgradeRequirements, oldRequirements) = (syntheses.upgradeRequirements, syntheses.oldRequirements)
        let alike = oldSynthesizer.requirementsAlike(oldRequirements, in: upgradeRequirements, of: upgradeSynthesizer)
        let sent = Set(upgradeSynthesizer.requests(for: upgradeRequirements).map(\.request))
        let leftOut = oldSynthesizer.requests(for: oldRequirements, leavingOut: alike.map { !$0 })
        let kept = oldSynthesizer.requests(for: oldRequirements, leavingOut: alike)
        #expect(leftOut.count > 1000 && kept.count > 100, "\(leftOut.count) left out, \(kept.count) kept")
        let notSent = leftOut.filter { !sent.contains($0.request) }
        #expect(notSent.isEmpty, "\(notSent.prefix(3).map { "\($0.request.action) \($0.request.resource)" })")
        #expect(kept.contains { !sent.contains($0.request) })
        #expect(leftOut.count + kept.count == oldSynthesizer.requests(for: old.requirements).count)
    }

    /// diff asks each role only about the upgrade's requests it was not generated for: those the old
    /// release sends alike (the new release's on resources it has alike, and the old release's own) are
    /// each a request of the old release and allowed by its role; the new release's are allowed by the new
    /// role. So leaving them out of one role's judgment cannot change what diff reports.
    @Test func upgradeRequestsEachRoleIsNotAskedAboutAreTheReleasesOwnAndAllowed() throws {
        guard SharedData.mustRun() else { return }
        let syntheses = try Syntheses()
        let (old, upgrade, upgradeSynthesizer, oldSynthesizer) = (syntheses.old, syntheses.upgrade, syntheses.upgradeSynthesizer,
                                                                 syntheses.oldSynthesizer)
        let (upgradeRequirements, oldRequirements) = (syntheses.upgradeRequirements, syntheses.oldRequirements)
        let sentByOld = upgradeSynthesizer.requirementsAlike(upgradeRequirements, in: oldRequirements,
                                                             of: oldSynthesizer, otherRelease: old.stack.file)
        let fromOld = upgrade.requirements.requirements.map { $0.provenance.previousRelease != nil }
        let lists = upgradeSynthesizer.requests(for: upgradeRequirements, inParts: zip(sentByOld, fromOld).map { sent, fromOld in
            sent ? (fromOld ? 1 : 0) : nil
        }, count: 2)
        let (newAlike, oldOwnAlike) = (lists[0], lists[1])
        #expect(newAlike.count > 1000 && !oldOwnAlike.isEmpty, "\(newAlike.count) new, \(oldOwnAlike.count) old alike")
        let oldRequests = Set(oldSynthesizer.requests(for: old.requirements).map(\.request))
        let notTheOldReleases = (newAlike + oldOwnAlike).filter { !oldRequests.contains($0.request) }
        #expect(notTheOldReleases.isEmpty, "\(notTheOldReleases.prefix(3).map { "\($0.request.action) \($0.request.resource)" })")
        let oldRole = try Self.role("v3.7.0").concreteRole(for: Self.target)
        let deniedByOld = RoleCheck.missing(DistinctRequests(newAlike + oldOwnAlike), role: oldRole, catalog: upgrade.catalog)
        #expect(deniedByOld.isEmpty, "\(deniedByOld.prefix(3).map(FindingReport.headline))")
        let newReleases = upgradeSynthesizer.requests(for: upgradeRequirements, inParts: fromOld.map { $0 ? nil : 0 }, count: 1)[0]
        let newRole = try Self.role("v3.8.2").concreteRole(for: Self.target)
        let deniedByNew = RoleCheck.missing(DistinctRequests(newReleases), role: newRole, catalog: upgrade.catalog)
        #expect(newReleases.count > 5000 && deniedByNew.isEmpty,
                "\(newReleases.count): \(deniedByNew.prefix(3).map(FindingReport.headline))")
    }

    /// Synthesis reads each resource's references and existing IDs from what the derivations found walking
    /// them (the old release's by its release in the upgrade): its requests are those of walking again.
    @Test func requestsFromTheDerivationsWalksAreThoseOfWalkingAgain() throws {
        guard SharedData.mustRun() else { return }
        let syntheses = try Syntheses()
        let requirements = syntheses.upgrade.requirements
        #expect(requirements.walks.keys.contains { $0.release != nil } && requirements.walks.keys.contains { $0.release == nil })
        var unwalked = requirements
        unwalked.walks = [:]
        let fromWalks = syntheses.upgradeSynthesizer.requests(for: requirements)
        let walkedAgain = syntheses.upgradeSynthesizer.requests(for: unwalked)
        #expect(fromWalks.count > 5000 && fromWalks.map(\.request) == walkedAgain.map(\.request))
    }

    @Test func withDefaultsTheOldRoleCoversTheUpgrade() throws {
        guard SharedData.mustRun() else { return }
        let old = try Self.analysis("v3.7.0", defaults: true), new = try Self.analysis("v3.8.2", defaults: true)
        let oldRole = try Self.role("v3.7.0", defaults: true).concreteRole(for: Self.target)
        let check = RoleCheck(analysis: ReleaseAnalysis(upgradingFrom: [old], to: new), role: oldRole, target: Self.target,
                              options: Self.options.scoping)
        #expect(check.isSufficient, "\(check.missing.map(FindingReport.headline))")
        let diff = try ReleaseDiff(old: old, new: new, settings: Self.settings, sourceNames: Self.sourceNames,
                                   target: Self.target, options: Self.options.scoping)
        #expect(!diff.roleMustBeUpdated, "\(diff.added.map(FindingReport.headline))")
    }

    @Test func theOldRoleLacksExactlyWhatTheAddedResourcesNeed() throws {
        guard SharedData.mustRun() else { return }
        let old = try Self.analysis("v3.7.0"), new = try Self.analysis("v3.8.2")
        let oldRole = try Self.role("v3.7.0")
        let upgrade = ReleaseAnalysis(upgradingFrom: [old], to: new)
        let check = RoleCheck(analysis: upgrade, role: try oldRole.concreteRole(for: Self.target),
                              target: Self.target, options: Self.options.scoping)
        #expect(!check.isSufficient)
        // Every missing permission is needed by a resource v3.8.2 adds, and each of the added managed policy's
        // own calls is among them, on its ARN.
        for finding in check.missing {
            #expect(Set(finding.requirements.map(\.provenance.logicalId)).isSubset(of: Self.addedResources),
                    "\(FindingReport.headline(finding)): \(FindingReport.needs(finding))")
        }
        for action in Self.policyActions {
            #expect(check.missing.contains { $0.action == action && $0.resources.count == 1
                && $0.resources[0].hasPrefix("arn:aws:iam::123456789012:policy/codeocean-prod-CustomRegistrySecretAccessPolicy-") },
                    "\(action)")
        }
        // A managed policy without Groups or Users attaches to none.
        #expect(!check.missing.contains { ["iam:AttachGroupPolicy", "iam:AttachUserPolicy"].contains($0.action) })
        // One finding per action and resource: the ARNs of a finding are listed together.
        #expect(Set(check.missing.map { "\($0.action) \($0.neededBy)" }).count == check.missing.count)
        // diff and check agree on what the upgrade adds.
        let diff = try ReleaseDiff(old: old, new: new, settings: Self.settings, sourceNames: Self.sourceNames,
                                   target: Self.target, options: Self.options.scoping)
        #expect(diff.roleMustBeUpdated)
        #expect(diff.added.map { "\($0.action) \($0.resources)" } == check.missing.map { "\($0.action) \($0.resources)" })
        #expect(diff.resourceChanges.filter { $0.kind == .added }.map(\.logicalId).sorted() == Self.addedResources.sorted())
        #expect(diff.resourceChanges.filter { $0.kind == .removed }.map(\.logicalId) == ["ServicesInstanceDedicatedMachinesAccess"])
        // Deleting the removed policy is what only the upgrade needs; nothing needs it afterwards either way.
        #expect(diff.neededByUpgrade.contains { $0.action == "iam:DeletePolicy"
            && $0.requirements.contains { $0.provenance.logicalId == "ServicesInstanceDedicatedMachinesAccess" && $0.phase == .delete } })
        #expect(!diff.dropped.contains { $0.action == "iam:DeletePolicy"
            && $0.requirements.contains { $0.provenance.logicalId == "ServicesInstanceDedicatedMachinesAccess" } })
        #expect(diff.dropped.allSatisfy { $0.requirements.allSatisfy { $0.provenance.location?.file.contains("v3.7.0") == true } })
    }

    @Test func theNewRoleAloneCannotCleanUpAndTheUpgradeRoleCan() throws {
        guard SharedData.mustRun() else { return }
        let old = try Self.analysis("v3.7.0"), new = try Self.analysis("v3.8.2")
        let upgrade = ReleaseAnalysis(upgradingFrom: [old], to: new)
        let alone = RoleCheck(analysis: upgrade, role: try Self.role("v3.8.2").concreteRole(for: Self.target),
                              target: Self.target, options: Self.options.scoping)
        #expect(alone.missing.contains { finding in finding.action == "iam:DeletePolicy" && finding.requirements.contains {
            $0.provenance.logicalId == "ServicesInstanceDedicatedMachinesAccess" && $0.phase == .delete
                && $0.provenance.previousRelease?.contains("v3.7.0") == true
        } }, "\(alone.missing.map(FindingReport.headline))")
        // Every finding of the role for v3.8.2 alone comes from the release upgraded from.
        #expect(alone.missing.allSatisfy { $0.requirements.allSatisfy { $0.provenance.previousRelease != nil } })
        let role = try Self.role(upgrade).concreteRole(for: Self.target)
        for analysis in [new, upgrade] {
            let check = RoleCheck(analysis: analysis, role: role, target: Self.target, options: Self.options.scoping)
            #expect(check.isSufficient, "\(check.missing.prefix(10).map(FindingReport.headline))")
        }
    }

    @Test func theUpgradeRoleAllowsEveryRequestOfTheUpgradeUnderAnyStackName() throws {
        guard SharedData.mustRun() else { return }
        let upgrade = ReleaseAnalysis(upgradingFrom: [try Self.analysis("v3.7.0")], to: try Self.analysis("v3.8.2"))
        let result = try SufficiencySupport.failures(of: try Self.role(upgrade), options: Self.options.scoping, stackNames: 2)
        #expect(result.requests > 15_000)
        #expect(result.failures.isEmpty, "\(result.failures.prefix(10))")
    }

    @Test func roleWithOnePermissionRemovedNamesIt() throws {
        guard SharedData.mustRun() else { return }
        let new = try Self.analysis("v3.8.2")
        let generation = try Self.role("v3.8.2")
        let full = try generation.concreteRole(for: Self.target)
        // Remove rds:CreateDBInstance from every statement that grants it.
        let reduced = full.policies.map { policy -> NamedPolicy in
            var document = policy.document
            document.statements = document.statements.compactMap { statement in
                guard case .listed(let actions) = statement.actions else { return statement }
                var kept = statement
                kept.actions = .listed(actions.filter { $0 != "rds:CreateDBInstance" })
                return kept.actions.patterns.isEmpty ? nil : kept
            }
            return NamedPolicy(name: policy.name, document: document)
        }
        #expect(reduced != full.policies)
        let check = RoleCheck(analysis: new, role: RoleDefinition(policies: reduced, source: "reduced"), target: Self.target,
                              options: Self.options.scoping)
        #expect(Set(check.missing.map(\.action)) == ["rds:CreateDBInstance"], "\(check.missing.map(FindingReport.headline))")
        #expect(check.missing.first?.requirements.contains { $0.provenance.logicalId == "AnalyticsDBInstance" && $0.phase == .create } == true)
    }
}
