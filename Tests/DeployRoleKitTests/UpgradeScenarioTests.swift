import Foundation
import Testing
@testable import DeployRoleKit

/// The real upgrade, Code Ocean v3.7.0 → v3.8.2, covering every parameter value a customer may choose.
@Suite struct UpgradeScenarioTests {
    static let options = DerivationOptions(scoping: ScopingOptions(serviceLinkedRolesArePrerequisites: true))
    static let target = DeploymentTarget(stackName: "codeocean-prod")

    static func analysis(_ release: String) throws -> ReleaseAnalysis {
        try ReleaseAnalysis(templateAt: SharedData.url("codeocean/\(release)/codeocean.template.yaml").path,
                            input: StackInput(useDefaults: false), options: options)
    }

    static func role(_ analysis: ReleaseAnalysis) throws -> RoleGeneration {
        try RoleGeneration(analysis: analysis, settings: RoleSettings(name: "CodeOceanLeastPrivilegedDeployRole"),
                           sourceName: "codeocean.template.yaml")
    }

    @Test func oldRoleFailsExactlyWhereDiffAddsPermissions() throws {
        guard SharedData.mustRun() else { return }
        let old = try Self.analysis("v3.7.0"), new = try Self.analysis("v3.8.2")
        let oldRole = try Self.role(old), newRole = try Self.role(new)
        let diff = try ReleaseDiff(old: old, new: new, oldRole: oldRole, newRole: newRole, target: Self.target,
                                   options: Self.options.scoping)
        let check = RoleCheck(analysis: new, role: try ReleaseDiff.definition(of: oldRole, target: Self.target),
                              target: Self.target, options: Self.options.scoping)
        #expect(!check.isSufficient)
        #expect(diff.roleMustBeUpdated)
        #expect(Set(check.missing.map(\.action)) == Set(diff.added.map(\.action)))
        #expect(Set(check.missing.flatMap(\.resources)) == Set(diff.added.flatMap(\.resources)))
        // The added managed policy is what the old role cannot create.
        #expect(diff.added.contains { $0.action == "iam:CreatePolicy"
            && $0.requirements.contains { $0.provenance.logicalId == "CustomRegistrySecretAccessPolicy" } })
        #expect(diff.resourceChanges.filter { $0.kind == .added }.map(\.logicalId).sorted()
                == ["CustomRegistrySecretAccessPolicy", "JobsAssumeRolePolicy"])
        #expect(diff.resourceChanges.filter { $0.kind == .removed }.map(\.logicalId) == ["ServicesInstanceDedicatedMachinesAccess"])
        #expect(diff.dropped.allSatisfy { $0.requirements.allSatisfy { $0.provenance.location?.file.contains("v3.7.0") == true } })
    }

    @Test func upgradeRoleCoversTheNewReleaseAndTheUpgrade() throws {
        guard SharedData.mustRun() else { return }
        let old = try Self.analysis("v3.7.0"), new = try Self.analysis("v3.8.2")
        let upgrade = ReleaseAnalysis(upgradingFrom: [old], to: new)
        let role = try ReleaseDiff.definition(of: try Self.role(upgrade), target: Self.target)
        for analysis in [new, upgrade] {
            let check = RoleCheck(analysis: analysis, role: role, target: Self.target, options: Self.options.scoping)
            #expect(check.isSufficient, "\(check.missing.prefix(10).map(FindingReport.headline))")
        }
        // Deleting the removed policy during the upgrade is part of what the role covers.
        #expect(upgrade.requirements.requirements.contains {
            $0.provenance.logicalId == "ServicesInstanceDedicatedMachinesAccess" && $0.action == "iam:DeletePolicy"
        })
    }

    @Test func roleWithOnePermissionRemovedNamesIt() throws {
        guard SharedData.mustRun() else { return }
        let new = try Self.analysis("v3.8.2")
        let generation = try Self.role(new)
        let full = try ReleaseDiff.definition(of: generation, target: Self.target)
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
