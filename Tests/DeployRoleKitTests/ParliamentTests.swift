import Foundation
import Testing
@testable import DeployRoleKit

/// The generated policies (policy-json) pass Duo Security's `parliament` IAM linter: no finding above LOW
/// except the allow-listed ones below, each with its reason. Every finding is printed with its severity.
///
/// Needs `pip install parliament` (1.6.x): skipped outside CI without it, a failure under CI=true.
@Suite("parliament")
struct ParliamentTests {
    struct Finding: Sendable, CustomStringConvertible {
        var source: String
        var policy: String
        var issue: String
        var severity: String
        var detail: String
        var description: String { "\(severity) \(issue) in \(source) \(policy): \(detail)" }

        /// Above LOW: MEDIUM, HIGH or CRITICAL.
        var isAboveLow: Bool { ["MEDIUM", "HIGH", "CRITICAL"].contains(severity) }
    }

    /// A finding accepted above LOW, and why.
    struct Allowed: Sendable {
        var issue: String
        /// A text every accepted finding's detail contains.
        var detailContains: String
        /// Only in this linted source (a corpus template's relative path), or anywhere.
        var source: String? = nil
        var reason: String

        func matches(_ finding: Finding) -> Bool {
            finding.issue == issue && finding.detail.contains(detailContains) && (source == nil || finding.source == source)
        }
    }

    static let allowList: [Allowed] = [
        Allowed(issue: "RESOURCE_MISMATCH", detailContains: "\"action\": \"ssm:GetParameters\"",
                reason: "a public SSM parameter (AWS::SSM::Parameter::Value<..> default /aws/service/...) is named "
                    + "arn:aws:ssm:REGION::parameter/aws/service/..., with an empty account, as AWS itself names it; "
                    + "parliament's ARN matcher never lets an empty account field match the `*` of its format "
                    + "arn:*:ssm:*:*:parameter/*"),
        Allowed(issue: "RESOURCE_MISMATCH", detailContains: "\"action\": \"vpce:AllowMultiRegion\"",
                reason: "parliament's bundled IAM data (1.6.x) lists vpce:AllowMultiRegion without resource types; the "
                    + "current Service Authorization Reference (deployrole's catalog) gives it vpc-endpoint and "
                    + "vpc-endpoint-service, so the generator scopes it to those ARNs"),
        Allowed(issue: "INVALID_ARN", detailContains: "Account expected to be of form like 123456789012",
                source: "templates/aws-cloudformation__aws-cloudformation-templates/DMS__DMSAuroraToS3FullLoadAndOngoingReplication.json",
                reason: "the template's own parameter default is arn:aws:rds:us-east-1:01234567890123:cluster-snapshot:"
                    + "dms-sampledb-snapshot (a 14-digit account); the role grants exactly the snapshot the template names"),
        Allowed(issue: "RESOURCE_POLICY_PRIVILEGE_ESCALATION", detailContains: "escalation on arn:aws:s3:::",
                reason: "the deployer needs the bucket-configuration writes (s3:PutBucketAcl, s3:PutLifecycleConfiguration, "
                    + "s3:PutBucketPolicy, ...) that CloudFormation's bucket handlers call, but not the object reads and "
                    + "writes of the bucket's data; parliament's heuristic reads that as a way to grant oneself those "
                    + "object permissions, which is true of any role that can configure a bucket"),
    ]

    /// Runs parliament's Python API on each file (the CLI refuses `--file` when standard input is not a terminal).
    static let script = """
    import json, sys
    from parliament import analyze_policy_string, enhance_finding
    out = []
    for path in sys.argv[1:]:
        with open(path) as handle:
            policy = analyze_policy_string(handle.read(), include_community_auditors=False)
        for finding in policy.findings:
            finding = enhance_finding(finding)
            out.append({"file": path, "issue": finding.issue, "severity": finding.severity,
                        "detail": json.dumps(finding.detail, default=str, sort_keys=True)})
    print(json.dumps(out))
    """

    /// Whether python3 and parliament are installed; outside CI a missing tool skips with a message, under
    /// CI=true it fails.
    static func parliamentAvailable(_ test: String = #function) throws -> String? {
        var message = "python3 is not on PATH"
        if let python = ProcessRunner.which("python3") {
            let probe = try ProcessRunner.run(python, ["-c", "import parliament"])
            if probe.status == 0 { return python }
            message = "parliament is not installed (pip install parliament)"
        }
        if SharedData.isCI {
            Issue.record("\(message); it is required under CI=true")
        } else {
            print("SKIP \(test): \(message)")
        }
        return nil
    }

    /// Lints the policy documents of a policy-json list; the findings name `source` and the policy.
    static func lint(_ policyJSON: String, source: String, python: String) throws -> [Finding] {
        let list = try #require(try JSONSerialization.jsonObject(with: Data(policyJSON.utf8)) as? [[String: Any]])
        #expect(!list.isEmpty, "\(source) has no policy")
        let folder = try TemporaryDirectory("parliament")
        var names: [String: String] = [:]
        for (index, entry) in list.enumerated() {
            let document = try #require(entry["PolicyDocument"])
            let data = try JSONSerialization.data(withJSONObject: document, options: [.sortedKeys])
            let path = try folder.write("policy\(index + 1).json", data: data)
            names[path] = entry["PolicyName"] as? String ?? "policy\(index + 1)"
        }
        let files = names.keys.sorted()
        let result = try ProcessRunner.run(python, ["-c", script] + files)
        try #require(result.status == 0, "parliament failed on \(source): \(result.standardError)")
        let raw = try #require(try JSONSerialization.jsonObject(with: Data(result.standardOutput.utf8)) as? [[String: Any]],
                               "unexpected output: \(result.standardOutput.prefix(500))")
        return raw.map { item in
            let file = item["file"] as? String ?? ""
            return Finding(source: source, policy: names[file] ?? file, issue: item["issue"] as? String ?? "?",
                           severity: item["severity"] as? String ?? "?", detail: item["detail"] as? String ?? "")
        }
    }

    static func policyJSON(templateAt path: String, roots: [String] = [], options: DerivationOptions) throws -> String {
        let analysis = try ReleaseAnalysis(templateAt: path, input: StackInput(templateRoots: roots), options: options)
        let name = RoleSettings.defaultName(forTemplateAt: path, kind: options.kind)
        return try RoleGeneration(analysis: analysis, settings: RoleSettings(name: name),
                                  sourceName: URL(fileURLWithPath: path).lastPathComponent).concretePolicies.json()
    }

    /// Prints every finding, and records each one above LOW that no allow-list entry accepts.
    static func judge(_ findings: [Finding], source: String) {
        print("parliament \(source): \(findings.count) findings")
        for finding in findings {
            let allowed = allowList.first { $0.matches(finding) }
            print("  \(finding.severity) \(finding.issue) [\(finding.policy)] \(finding.detail)"
                  + (finding.isAboveLow && allowed != nil ? "  (allowed: \(allowed!.issue))" : ""))
        }
        for finding in findings where finding.isAboveLow && !allowList.contains(where: { $0.matches(finding) }) {
            Issue.record("parliament: \(finding)")
        }
        // Malformed or unparseable documents are never acceptable.
        for finding in findings where ["EXCEPTION", "MALFORMED_JSON", "MALFORMED", "DUPLICATE_SID"].contains(finding.issue) {
            Issue.record("parliament could not read a generated policy: \(finding)")
        }
    }

    @Test func judgeFlagsFindingsAboveLowThatAreNotAllowed() throws {
        guard let python = try Self.parliamentAvailable() else { return }
        // A policy with an unknown action (LOW), a mismatched resource (MEDIUM) and a condition key that the
        // action does not support (MEDIUM): the linter and the parsing of its output work.
        let bad = #"""
        [{"PolicyName": "bad", "PolicyDocument": {"Version": "2012-10-17", "Statement": [
          {"Effect": "Allow", "Action": "s3:GetObject", "Resource": "arn:aws:sqs:us-east-1:123456789012:queue"},
          {"Effect": "Allow", "Action": "s3:NoSuchAction", "Resource": "*"},
          {"Effect": "Allow", "Action": "sqs:CreateQueue", "Resource": "*", "Condition": {"StringEquals": {"iam:PassedToService": "x"}}}]}}]
        """#
        let findings = try Self.lint(bad, source: "inline", python: python)
        for finding in findings { print("  \(finding)") }
        #expect(findings.contains { $0.issue == "RESOURCE_MISMATCH" && $0.isAboveLow })
        #expect(findings.contains { $0.issue == "UNKNOWN_ACTION" && !$0.isAboveLow })
        #expect(findings.contains { $0.issue == "UNKNOWN_CONDITION_FOR_ACTION" && $0.isAboveLow })
        // None of these is allow-listed.
        #expect(findings.filter(\.isAboveLow).allSatisfy { finding in !Self.allowList.contains { $0.matches(finding) } })
        #expect(Self.allowList.allSatisfy { !$0.reason.isEmpty })
    }

    @Test func exampleReleasePoliciesPassParliament() throws {
        guard let python = try Self.parliamentAvailable() else { return }
        let path = SharedData.packageRoot.appendingPathComponent("Examples/webapp/release.template.yaml").path
        let findings = try Self.lint(try Self.policyJSON(templateAt: path, options: DerivationOptions()),
                                     source: "example", python: python)
        Self.judge(findings, source: "example")
    }

    @Test func codeOceanPoliciesPassParliament() throws {
        guard SharedData.mustRun(), let python = try Self.parliamentAvailable() else { return }
        let path = SharedData.url("codeocean/v3.8.2/codeocean.template.yaml").path
        let options = DerivationOptions(scoping: ScopingOptions(serviceLinkedRolesArePrerequisites: true))
        let json = try Self.policyJSON(templateAt: path, roots: [URL(fileURLWithPath: path).deletingLastPathComponent().path],
                                       options: options)
        let findings = try Self.lint(json, source: "codeocean v3.8.2", python: python)
        Self.judge(findings, source: "codeocean v3.8.2")
    }

    @Test func corpusSamplePoliciesPassParliament() throws {
        guard SharedData.mustRun(), let python = try Self.parliamentAvailable() else { return }
        // A deterministic sample: walk the manifest with a fixed stride and keep the first 10 that generate.
        let entries = try CorpusSupport.entries()
        let stride = max(1, entries.count / 37)
        var linted = 0
        var index = 0
        while linted < 10, index < entries.count {
            let entry = entries[index]
            index += stride
            guard let json = try? Self.policyJSON(templateAt: entry.path, roots: [entry.repositoryFolder],
                                                  options: DerivationOptions()) else { continue }
            let findings = try Self.lint(json, source: entry.relativePath, python: python)
            Self.judge(findings, source: entry.relativePath)
            linted += 1
        }
        #expect(linted == 10, "only \(linted) sampled corpus templates generate")
    }
}
