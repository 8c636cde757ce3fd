import Foundation
import Testing
@testable import DeployRoleKit

/// The generated role templates are valid CloudFormation: `cfn-lint` finds no error and no invalid action.
@Suite("cfn-lint")
struct CfnLintTests {
    /// One `--format parseable` finding: `file:line:column:endLine:endColumn:RuleId:message`.
    struct Finding: CustomStringConvertible {
        var file: String
        var rule: String
        var text: String
        var description: String { text }
    }

    static func parse(_ output: String) -> [Finding] {
        output.split(separator: "\n").compactMap { line in
            let fields = line.split(separator: ":", maxSplits: 6, omittingEmptySubsequences: false)
            guard fields.count == 7, let first = fields[5].first, "EWI".contains(first) else { return nil }
            return Finding(file: String(fields[0]), rule: String(fields[5]), text: String(line))
        }
    }

    /// Whether cfn-lint is installed; outside CI a missing tool skips with a message, under CI=true it fails.
    static func cfnLintAvailable(_ test: String = #function) -> Bool {
        if ProcessRunner.which("cfn-lint") != nil { return true }
        let message = "cfn-lint is not installed (pip install cfn-lint)"
        if SharedData.isCI {
            Issue.record("\(message); it is required under CI=true")
        } else {
            print("SKIP \(test): \(message)")
        }
        return false
    }

    @Test func parsesParseableFormat() {
        let findings = Self.parse("""
        /tmp/a.yaml:3:5:3:9:E3001:Invalid type
        /tmp/a.yaml:10:1:10:2:W3037:'s3:Nope' is not one of ...
        not a finding
        """)
        #expect(findings.map(\.rule) == ["E3001", "W3037"])
        #expect(findings.first?.file == "/tmp/a.yaml")
    }

    @Test func generatedRoleTemplatesPassCfnLint() async throws {
        guard SharedData.mustRun(), Self.cfnLintAvailable() else { return }
        var roles: [(name: String, yaml: String)] = []
        let releases = CorpusSupport.codeOceanReleases()
        for (release, outcome) in zip(releases, await CorpusSupport.runAll(releases)) {
            guard case .generated(let yaml, _) = outcome else {
                Issue.record("\(release.relativePath) did not generate: \(outcome.label)")
                continue
            }
            roles.append(("codeocean-\(release.relativePath.split(separator: "/")[1])", yaml))
        }
        // A deterministic sample of the corpus templates that generate: evenly spaced in manifest order.
        let generated = try await CorpusSupport.corpusOutcomes.value.compactMap { entry, outcome -> (String, String)? in
            guard case .generated(let yaml, _) = outcome else { return nil }
            return (entry.relativePath, yaml)
        }
        let sampleSize = min(30, generated.count)
        #expect(sampleSize >= 25, "only \(generated.count) corpus templates generate")
        for index in 0..<sampleSize {
            let (relative, yaml) = generated[index * generated.count / sampleSize]
            let flat = relative.replacingOccurrences(of: "templates/", with: "").replacingOccurrences(of: "/", with: "__")
            roles.append(("corpus-\(index)-\(flat)", yaml))
        }
        // Every corpus role that takes product parameters (types and defaults copied from the release).
        let withParameters = generated.filter { $0.1.contains(RoleTemplateBuilder.productParametersKey + ":") }
        #expect(withParameters.count >= 20, "only \(withParameters.count) corpus roles take product parameters")
        for (index, (relative, yaml)) in withParameters.enumerated() {
            let flat = relative.replacingOccurrences(of: "templates/", with: "").replacingOccurrences(of: "/", with: "__")
            roles.append(("parameters-\(index)-\(flat)", yaml))
        }

        let folder = try TemporaryDirectory("deployrole-cfnlint")
        var files: [String] = []
        for role in roles {
            let base = role.name.replacingOccurrences(of: ".", with: "_")
            files.append(try folder.write("\(base).role.yaml", role.yaml))
        }
        let result = try ProcessRunner.run("/usr/bin/env", ["cfn-lint", "--format", "parseable", "--"] + files)
        let findings = Self.parse(result.standardOutput)
        // cfn-lint exits 0 (clean), or with bit flags 2 (error), 4 (warning), 8 (informational); anything else
        // (1, or a crash) means it did not lint.
        #expect(result.status & ~0b1110 == 0, "cfn-lint failed (\(result.status)): \(result.standardError)")
        let errors = findings.filter { $0.rule.hasPrefix("E") }
        let invalidActions = findings.filter { $0.rule == "W3037" }
        let others = findings.filter { !$0.rule.hasPrefix("E") && $0.rule != "W3037" }
        print("cfn-lint: \(files.count) role templates; \(errors.count) errors, \(invalidActions.count) W3037, "
              + "\(others.count) other findings")
        for finding in others.prefix(40) { print("  \(finding)") }
        for finding in errors + invalidActions {
            Issue.record("cfn-lint: \(finding)")
        }
        if findings.isEmpty && result.status != 0 {
            Issue.record("cfn-lint exited \(result.status) without findings: \(result.standardError)")
        }
    }
}
