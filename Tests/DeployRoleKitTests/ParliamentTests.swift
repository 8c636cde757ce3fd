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
        Allowed(issue: "UNKNOWN_CONDITION_FOR_ACTION", detailContains: "elasticloadbalancing:CreateAction for action elasticloadbalancing:AddTags",
                reason: "tagging a load balancer, target group, listener or rule in the call that creates it is authorized as "
                    + "elasticloadbalancing:AddTags with elasticloadbalancing:CreateAction (Service Authorization Reference, "
                    + "Elastic Load Balancing V2: https://docs.aws.amazon.com/service-authorization/latest/reference/"
                    + "list_awselasticloadbalancingv2.html#awselasticloadbalancingv2-elasticloadbalancing_CreateAction); "
                    + "parliament 1.6.x reads AddTags from the classic load balancer's entry, which lacks the key"),
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

    /// Every statement of a `policy-json` list: its actions and resources.
    static func statements(_ policies: String) -> [(actions: [String], resources: [String])] {
        guard let list = try? JSONSerialization.jsonObject(with: Data(policies.utf8)) as? [[String: Any]] else { return [] }
        return list.flatMap { entry -> [(actions: [String], resources: [String])] in
            let document = entry["PolicyDocument"] as? [String: Any] ?? [:]
            let statements = document["Statement"] as? [[String: Any]] ?? []
            return statements.map { statement in
                func strings(_ value: Any?) -> [String] { (value as? [String]) ?? ((value as? String).map { [$0] } ?? []) }
                return (strings(statement["Action"]), strings(statement["Resource"]))
            }
        }
    }

    /// Whether a RESOURCE_MISMATCH finding is parliament judging one statement alone
    /// (duo-labs/parliament#3 and #48, open): IAM authorizes each resource of a request on its own, so a role
    /// grants an action's resource types in one statement per binding (a tag condition on one type, a
    /// name on another), as AWS's own policy examples do. Accepted when, for every format the finding
    /// names, another statement of the role grants the action on a resource of that format; for a tagging
    /// action (which tags one resource per request, its types being alternatives), when the role grants it
    /// on some resource at all.
    static func isCoveredByTheRole(_ finding: Finding, _ statements: [(actions: [String], resources: [String])]) -> Bool {
        guard finding.issue == "RESOURCE_MISMATCH",
              let items = try? JSONSerialization.jsonObject(with: Data(finding.detail.utf8)) as? [[String: String]],
              !items.isEmpty else { return false }
        return items.allSatisfy { item in
            guard let action = item["action"], let format = item["required_format"] else { return false }
            let granting = statements.filter { statement in
                statement.actions.contains { WildcardMatcher.matches(pattern: $0.lowercased(), value: action.lowercased()) }
            }
            if Catalog.embedded.action(action)?.accessLevel == .tagging { return !granting.isEmpty }
            return granting.contains { $0.resources.contains { Self.globsOverlap($0, format) } }
        }
    }

    /// Whether some ARN matches both patterns: field by field (a `*` in partition, service, region or
    /// account stays in its field), the resource part as a glob.
    static func globsOverlap(_ left: String, _ right: String) -> Bool {
        let leftFields = left.split(separator: ":", maxSplits: 5, omittingEmptySubsequences: false)
        let rightFields = right.split(separator: ":", maxSplits: 5, omittingEmptySubsequences: false)
        guard leftFields.count == 6, rightFields.count == 6 else { return left == "*" || right == "*" }
        return zip(leftFields, rightFields).allSatisfy { fieldsOverlap(String($0), String($1)) }
    }

    /// Whether some text matches both `*`-globs.
    static func fieldsOverlap(_ left: String, _ right: String) -> Bool {
        let a = Array(left), b = Array(right)
        var memo: [Int: Bool] = [:]
        func overlap(_ i: Int, _ j: Int) -> Bool {
            let key = i * (b.count + 1) + j
            if let known = memo[key] { return known }
            let result: Bool
            if i == a.count, j == b.count { result = true }
            else if i < a.count, a[i] == "*" { result = overlap(i + 1, j) || (j < b.count && overlap(i, j + 1)) }
            else if j < b.count, b[j] == "*" { result = overlap(i, j + 1) || (i < a.count && overlap(i + 1, j)) }
            else if i < a.count, j < b.count, a[i] == b[j] { result = overlap(i + 1, j + 1) }
            else { result = false }
            memo[key] = result
            return result
        }
        return overlap(0, 0)
    }

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
    static func judge(_ findings: [Finding], source: String, policies: String) {
        let statements = Self.statements(policies)
        print("parliament \(source): \(findings.count) findings")
        for finding in findings {
            let allowed = allowList.first { $0.matches(finding) }
            let covered = Self.isCoveredByTheRole(finding, statements)
            print("  \(finding.severity) \(finding.issue) [\(finding.policy)] \(finding.detail)"
                  + (finding.isAboveLow && allowed != nil ? "  (allowed: \(allowed!.issue))" : "")
                  + (finding.isAboveLow && allowed == nil && covered ? "  (covered by the role's other statements)" : ""))
        }
        for finding in findings where finding.isAboveLow && !allowList.contains(where: { $0.matches(finding) })
            && !Self.isCoveredByTheRole(finding, statements) {
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
        // A mismatch no other statement covers stays a finding.
        let statements = Self.statements(bad)
        #expect(findings.filter { $0.issue == "RESOURCE_MISMATCH" }.allSatisfy { !Self.isCoveredByTheRole($0, statements) })
        #expect(Self.globsOverlap("arn:aws:ec2:us-east-1:123456789012:*", "arn:*:ec2:*:*:vpc/*"))
        #expect(!Self.globsOverlap("arn:aws:ec2:us-east-1:123456789012:subnet/*", "arn:*:ec2:*:*:vpc/*"))
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
        Self.judge(findings, source: "example", policies: try Self.policyJSON(templateAt: path, options: DerivationOptions()))
    }

    @Test func codeOceanPoliciesPassParliament() throws {
        guard SharedData.mustRun(), let python = try Self.parliamentAvailable() else { return }
        let path = SharedData.url("codeocean/v3.8.2/codeocean.template.yaml").path
        let options = DerivationOptions(scoping: ScopingOptions(serviceLinkedRolesArePrerequisites: true))
        let json = try Self.policyJSON(templateAt: path, roots: [URL(fileURLWithPath: path).deletingLastPathComponent().path],
                                       options: options)
        let findings = try Self.lint(json, source: "codeocean v3.8.2", python: python)
        Self.judge(findings, source: "codeocean v3.8.2", policies: json)
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
            Self.judge(findings, source: entry.relativePath, policies: json)
            linted += 1
        }
        #expect(linted == 10, "only \(linted) sampled corpus templates generate")
    }
}
