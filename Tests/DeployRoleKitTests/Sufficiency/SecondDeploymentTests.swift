import Foundation
import Testing
@testable import DeployRoleKit

/// The role generated for one stack cannot act on a second deployment of the same release: that stack's
/// write-level requests on its existing resources (other names, other IDs, its own system tags) are denied.
@Suite struct SecondDeploymentTests {
    static func reach(_ path: String, options: DerivationOptions) throws -> SecondDeploymentReach {
        let analysis = try ReleaseAnalysis(templateAt: path, options: options)
        let generation = try RoleGeneration(analysis: analysis, settings: RoleSettings(name: "first", stackName: "CodeOcean-Prod"),
                                            sourceName: "release")
        return try SecondDeploymentReach(generation: generation, secondStackName: "Other-Stack", options: options.scoping)
    }

    static func summary(_ reach: SecondDeploymentReach) -> String {
        let share = String(format: "%.1f%%", reach.share * 100)
        let top = reach.actions.prefix(60).map { "\($0.action) ×\($0.allowed)\($0.reason.map { " (\(String($0.prefix(90))))" } ?? "")" }
        return "\(reach.allowed.count) of \(reach.requestCount) allowed (\(share)) through \(reach.actions.count) actions:\n  "
            + top.joined(separator: "\n  ")
    }

    @Test func exampleRoleReachesLittleOfASecondDeployment() throws {
        let reach = try Self.reach(SufficiencyTests.example, options: DerivationOptions())
        print("example, second deployment: \(Self.summary(reach))")
        #expect(reach.requestCount > 20)
        #expect(reach.share <= Self.exampleCeiling, "\(Self.summary(reach))")
    }

    /// The share of the second deployment's requests a role may reach: at most 5% on Code Ocean, each
    /// remaining action with its reason (printed); the small example keeps what it reaches from growing.
    static let exampleCeiling = 0.10
    static let codeOceanCeiling = 0.05

    @Test(arguments: ["v3.7.0", "v3.8.2"])
    func codeOceanRoleReachesLittleOfASecondDeployment(release: String) throws {
        guard SharedData.mustRun() else { return }
        let path = SharedData.url("codeocean/\(release)/codeocean.template.yaml").path
        let options = DerivationOptions(scoping: ScopingOptions(serviceLinkedRolesArePrerequisites: true))
        let reach = try Self.reach(path, options: options)
        print("Code Ocean \(release), second deployment: \(Self.summary(reach))")
        #expect(reach.requestCount > 500)
        #expect(reach.share <= Self.codeOceanCeiling, "\(Self.summary(reach))")
        #expect(reach.actions.allSatisfy { $0.reason != nil }, "every action still reaching it says why: \(Self.summary(reach))")
    }
}
