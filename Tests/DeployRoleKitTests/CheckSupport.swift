import Foundation
import Testing
@testable import DeployRoleKit

/// The example release, its generated role as policy-json, and hand-written roles, for the `check` suites.
enum CheckSupport {
    static let stackName = "shop"
    static let target = DeploymentTarget(stackName: stackName)

    /// The release as a path relative to the package root (as a user in the repository would name it).
    static let relativeRelease = "Examples/webapp/release.template.yaml"
    static var releasePath: String { SharedData.packageRoot.appendingPathComponent(relativeRelease).path }
    static var fixtures: URL { SharedData.packageRoot.appendingPathComponent("Tests/DeployRoleKitTests/Fixtures/Check") }

    static func analysis(options: DerivationOptions = DerivationOptions()) throws -> ReleaseAnalysis {
        try ReleaseAnalysis(templateAt: releasePath, options: options)
    }

    /// The generated role's policy-json for stack `shop` (as `generate --format policy-json --stack-name shop`).
    static func generatedPolicyJSON(_ analysis: ReleaseAnalysis) throws -> [[String: Any]] {
        let generation = try RoleGeneration(analysis: analysis, settings: RoleSettings(name: "shop-deployer", stackName: stackName),
                                            sourceName: "release.template.yaml")
        let text = generation.concretePolicies.json()
        return try #require(try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [[String: Any]])
    }

    /// Applies `body` to every statement of a policy-json list.
    static func editStatements(_ policies: [[String: Any]], _ body: (inout [String: Any]) -> Void) -> [[String: Any]] {
        policies.map { entry in
            var entry = entry
            var document = entry["PolicyDocument"] as? [String: Any] ?? [:]
            let statements = (document["Statement"] as? [[String: Any]] ?? []).map { statement in
                var statement = statement
                body(&statement)
                return statement
            }
            document["Statement"] = statements
            entry["PolicyDocument"] = document
            return entry
        }
    }

    /// The policy-json without `action` (removed from every statement's Action list; emptied statements dropped).
    static func removing(_ action: String, from policies: [[String: Any]]) -> [[String: Any]] {
        editStatements(policies) { statement in
            if var actions = statement["Action"] as? [String] {
                actions.removeAll { $0 == action }
                statement["Action"] = actions
            }
        }.map { entry in
            var entry = entry
            var document = entry["PolicyDocument"] as! [String: Any]
            document["Statement"] = (document["Statement"] as! [[String: Any]]).filter {
                ($0["Action"] as? [String])?.isEmpty != true
            }
            entry["PolicyDocument"] = document
            return entry
        }
    }

    /// Every action named in an Action element of the policy-json (patterns as written).
    static func actions(in policies: [[String: Any]]) -> [String] {
        policies.flatMap { entry -> [String] in
            let document = entry["PolicyDocument"] as? [String: Any] ?? [:]
            return (document["Statement"] as? [[String: Any]] ?? []).flatMap { statement -> [String] in
                if let list = statement["Action"] as? [String] { return list }
                if let one = statement["Action"] as? String { return [one] }
                return []
            }
        }
    }

    static func write(_ object: Any, _ name: String, in folder: TemporaryDirectory) throws -> String {
        let data = try JSONSerialization.data(withJSONObject: object, options: [.prettyPrinted, .sortedKeys])
        return try folder.write(name, data: data)
    }

    static func document(_ statements: [[String: Any]]) -> [String: Any] {
        ["Version": "2012-10-17", "Statement": statements]
    }

    /// Loads the role from `paths` and checks it against the release.
    static func check(_ analysis: ReleaseAnalysis, role paths: [String], roleName: String? = nil,
                      target: DeploymentTarget = target) throws -> (RoleDefinition, RoleCheck) {
        let role = try RoleDefinition.load(paths: paths, roleName: roleName, target: target)
        let check = RoleCheck(analysis: analysis, role: role, target: target)
        return (role, check)
    }

    static func describe(_ findings: [PermissionFinding]) -> String {
        findings.map { finding in
            "\(finding.kind.rawValue) \(finding.action) on \(finding.resources.joined(separator: ",")) for "
                + finding.requirements.map { "\($0.provenance.logicalId)/\($0.phase.rawValue)" }.joined(separator: ",")
        }.joined(separator: "\n")
    }

    /// The line of `logicalId:` under `Resources:` in a YAML template (1-based), found by reading the text.
    static func resourceLine(_ logicalId: String, inTemplateAt path: String) throws -> Int {
        let lines = try String(contentsOfFile: path, encoding: .utf8).components(separatedBy: "\n")
        let resources = try #require(lines.firstIndex { $0.hasPrefix("Resources:") }, "no Resources in \(path)")
        let index = try #require(lines[resources...].firstIndex { $0 == "  \(logicalId):" }, "\(logicalId) not in \(path)")
        return index + 1
    }
}
