import Foundation
import Testing
@testable import DeployRoleKit

/// The bundled example release and its committed role template (README's first command).
@Suite struct ExampleReleaseTests {
    static let folder = SharedData.packageRoot.appendingPathComponent("Examples/webapp")

    @Test func committedRoleTemplateMatchesAFreshGeneration() throws {
        let release = Self.folder.appendingPathComponent("release.template.yaml").path
        let analysis = try ReleaseAnalysis(templateAt: release)
        let generation = try RoleGeneration(
            analysis: analysis,
            settings: RoleSettings(name: RoleSettings.defaultName(forTemplateAt: release, kind: .deployer)),
            sourceName: "release.template.yaml")
        let committed = try String(contentsOf: Self.folder.appendingPathComponent("release.deployrole.yaml"), encoding: .utf8)
        #expect(try generation.roleTemplate.yaml() == committed,
                "regenerate with: swift run deployrole generate Examples/webapp/release.template.yaml -o Examples/webapp/release.deployrole.yaml")
    }

    @Test func exampleNeedsEveryFeatureItShowcases() throws {
        let release = Self.folder.appendingPathComponent("release.template.yaml").path
        let requirements = try ReleaseAnalysis(templateAt: release).requirements
        let reasons = Dictionary(grouping: requirements.requirements, by: \.action).mapValues { $0.map(\.provenance.reason) }
        #expect(reasons["lambda:InvokeFunction"]?.contains { $0.contains("custom resource") } == true)
        #expect(reasons["secretsmanager:GetSecretValue"]?.contains { $0.contains("dynamic reference") } == true)
        #expect(reasons["ssm:GetParameters"]?.contains { $0.contains("LatestAmiId") } == true)
        #expect(reasons["ec2:DescribeAvailabilityZones"]?.contains("Fn::GetAZs") == true)
        #expect(reasons["s3:GetObject"]?.contains { $0.contains("nested template") } == true)
        #expect(requirements.requirements.contains { $0.provenance.logicalId == "Network/Vpc" && $0.action == "ec2:CreateVpc" })
        #expect(reasons["cloudformation:CreateStack"] != nil)
    }
}
