import Foundation
import Testing
@testable import DeployRoleKit

/// The GitHub Action and the pre-commit hooks run what their files say, and it works on the example
/// release: the action's script (the very file `action.yml` runs) and each hook's entry with the README's
/// arguments.
@Suite struct PipelineIntegrationTests {
    static let root = SharedData.packageRoot
    static var example: String { root.appendingPathComponent("Examples/webapp/release.template.yaml").path }

    @Test func theActionGeneratesChecksAndWritesSarif() throws {
        guard let deployrole = ProcessRunner.deployroleOrSkip() else { return }
        let action = try String(contentsOf: Self.root.appendingPathComponent("action.yml"), encoding: .utf8)
        #expect(action.contains("Scripts/action.sh") && action.contains("upload-sarif"))
        let folder = try TemporaryDirectory("action")
        // An older release to upgrade from: the example as it is (a copy, so it is not the release itself).
        for file in ["release.template.yaml", "network.template.yaml"] {
            try folder.write("v1/\(file)", String(contentsOf: Self.root.appendingPathComponent("Examples/webapp/\(file)"), encoding: .utf8))
        }
        let environment = [
            "DEPLOYROLE=\(deployrole)", "RELEASE=\(Self.example)", "ROLE_OUTPUT=\(folder.path)/role.yaml",
            "SARIF_OUTPUT=\(folder.path)/check.sarif", "UPGRADE_FROM=\(folder.path)/v1", "DIFF_FROM=\(folder.path)/v1/release.template.yaml",
            "ARGS=--stack-name shop-prod",
        ]
        let script = Self.root.appendingPathComponent("Scripts/action.sh").path
        let run = try ProcessRunner.run("/usr/bin/env", environment + ["bash", script])
        #expect(run.status == 0, "\(run.standardOutput)\(run.standardError)")
        let sarif = try #require(JSONSerialization.jsonObject(with: Data(contentsOf: folder.url.appendingPathComponent("check.sarif")))
                                 as? [String: Any])
        #expect(sarif["version"] as? String == "2.1.0")
        #expect(try String(contentsOfFile: folder.path + "/role.yaml", encoding: .utf8).contains("AWS::IAM::Role"))
        #expect(run.standardOutput.contains("the current role covers the upgrade"))

        // An upgrade that needs a role update fails the job (diff --exit-code), after the check passed.
        let old = try folder.write("small/v1.yaml", "Resources:\n  Queue:\n    Type: AWS::SQS::Queue\n")
        let new = try folder.write("small/v2.yaml", "Resources:\n  Queue:\n    Type: AWS::SQS::Queue\n  Topic:\n    Type: AWS::SNS::Topic\n")
        let grown = try ProcessRunner.run("/usr/bin/env", [
            "DEPLOYROLE=\(deployrole)", "RELEASE=\(new)", "ROLE_OUTPUT=\(folder.path)/small-role.yaml",
            "SARIF_OUTPUT=\(folder.path)/small.sarif", "DIFF_FROM=\(old)", "bash", script,
        ])
        #expect(grown.status == 1, "\(grown.standardOutput)\(grown.standardError)")
        #expect(grown.standardOutput.contains("update the role before upgrading"))
    }

    @Test func eachPreCommitHookRunsOnTheExample() throws {
        guard let deployrole = ProcessRunner.deployroleOrSkip() else { return }
        let text = try String(contentsOf: Self.root.appendingPathComponent(".pre-commit-hooks.yaml"), encoding: .utf8)
        let hooks = try #require(try TemplateDecoder().decode(text: text, file: ".pre-commit-hooks.yaml").listValue)
        #expect(hooks.count == 2)
        let role = Self.root.appendingPathComponent("Examples/webapp/release.deployrole.yaml").path
        // The arguments the README gives each hook.
        let arguments: [String: [String]] = [
            "deployrole-check": [Self.example, "--role", role],
            "deployrole-diff": [Self.example, Self.example],
        ]
        for hook in hooks {
            let map = try #require(hook.mapValue)
            let id = try #require(map["id"]?.stringValue)
            #expect(map["language"]?.stringValue == "swift")
            let entry = try #require(map["entry"]?.stringValue).split(separator: " ").map(String.init)
            #expect(entry.first == "deployrole", "\(id)")
            let run = try ProcessRunner.run(deployrole, Array(entry.dropFirst()) + (arguments[id] ?? []))
            #expect(run.status == 0, "\(id): \(run.standardOutput)\(run.standardError)")
        }
    }
}
