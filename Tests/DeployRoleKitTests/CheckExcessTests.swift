import Foundation
import Testing
@testable import DeployRoleKit

/// `--excess` lists only what the role really grants: a Deny on every resource or a permissions boundary
/// takes actions out of the grant.
@Suite struct CheckExcessTests {
    static let example = SharedData.packageRoot.appendingPathComponent("Examples/webapp/release.template.yaml").path

    static func policy(_ json: String) throws -> NamedPolicy {
        NamedPolicy(name: "p", document: try PolicyDocument(jsonString: json))
    }

    static func excessActions(_ role: RoleDefinition) throws -> Set<String> {
        let analysis = try ReleaseAnalysis(templateAt: example)
        return Set(RoleCheck(analysis: analysis, role: role, target: DeploymentTarget(stackName: "shop")).excess.map(\.action))
    }

    @Test func denyAndBoundaryRemoveActionsFromTheGrant() throws {
        let broad = try Self.policy(#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":["sqs:*","sns:*"],"Resource":"*"}]}"#)
        let plain = try Self.excessActions(RoleDefinition(policies: [broad], source: "broad"))
        #expect(plain.contains("sqs:SendMessage"))
        #expect(plain.contains("sns:Publish"))

        let deny = try Self.policy(#"{"Version":"2012-10-17","Statement":[{"Effect":"Deny","Action":"sqs:*","Resource":"*"}]}"#)
        let denied = try Self.excessActions(RoleDefinition(policies: [broad, deny], source: "deny"))
        #expect(!denied.contains { $0.hasPrefix("sqs:") })
        #expect(denied.contains("sns:Publish"))

        let boundary = try Self.policy(#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"sqs:*","Resource":"*"}]}"#)
        let bounded = try Self.excessActions(RoleDefinition(policies: [broad], permissionsBoundary: [boundary], source: "bounded"))
        #expect(bounded.contains("sqs:SendMessage"))
        #expect(!bounded.contains { $0.hasPrefix("sns:") })
    }
}
