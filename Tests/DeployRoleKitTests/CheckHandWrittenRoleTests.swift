import Foundation
import Testing
@testable import DeployRoleKit

/// `check` judges roles written by hand the way IAM would, on the example release deployed as stack `shop`:
/// wildcards, NotAction, explicit denies, conditions, CloudFormation role templates with `!Sub` and attached
/// managed policies, and `get-account-authorization-details` output.
@Suite("check: hand-written roles")
struct CheckHandWrittenRoleTests {
    typealias S = CheckSupport

    /// Every service the example release touches, as a person would grant it: `service:*` on `*`.
    static let services = ["cloudformation", "cloudwatch", "ec2", "elasticfilesystem", "firehose", "iam", "kms", "lambda",
                           "logs", "s3", "s3files", "s3tables", "secretsmanager", "sns", "sqs", "ssm"]

    // MARK: wildcards and NotAction

    @Test func broadWildcardsAreSufficientAndExcessListsWhatNothingNeeds() throws {
        let analysis = try S.analysis()
        let folder = try TemporaryDirectory("check-broad")
        let path = try S.write(S.document([["Effect": "Allow", "Action": Self.services.map { "\($0):*" }, "Resource": "*"]]),
                               "broad.json", in: folder)
        let (role, check) = try S.check(analysis, role: [path])
        #expect(role.policies.count == 1)
        #expect(check.requestCount > 100)
        #expect(check.isSufficient, "\(S.describe(check.missing))")

        // Excess: actions granted by the wildcards that no requirement needs, each attributed to its pattern.
        let excess = Dictionary(check.excess.map { ($0.action.lowercased(), $0) }, uniquingKeysWith: { first, _ in first })
        for (action, pattern) in [("s3:PutObject", "s3:*"), ("s3:DeleteBucketPolicy", "s3:*"), ("iam:CreateUser", "iam:*"),
                                  ("sqs:SendMessage", "sqs:*"), ("ec2:RunInstances", "ec2:*"), ("lambda:AddPermission", "lambda:*")] {
            let finding = excess[action.lowercased()]
            #expect(finding != nil, "\(action) should be excess")
            #expect(finding?.grantedBy == pattern)
            #expect(finding?.kind == .excess)
        }
        // No excess action is one the deployment actually requests, and no required action is called excess.
        let requested = Set(RequestSynthesizer(stacks: analysis.stacks, target: S.target).requests(for: analysis.requirements)
            .map { $0.request.action.lowercased() })
        #expect(requested.isDisjoint(with: excess.keys), "requested yet excess: \(requested.intersection(excess.keys).sorted())")
        let required = Set(analysis.requirements.actions.map { $0.lowercased() })
        #expect(required.isDisjoint(with: excess.keys), "required yet excess: \(required.intersection(excess.keys).sorted())")
        // Every excess action exists in the IAM reference and belongs to a granted service.
        for finding in check.excess {
            #expect(analysis.catalog.action(finding.action) != nil, "\(finding.action) is not a known action")
            #expect(Self.services.contains(String(finding.action.split(separator: ":")[0]).lowercased()))
        }
    }

    @Test func generatedRoleHasNoExcess() throws {
        let analysis = try S.analysis()
        let folder = try TemporaryDirectory("check-generated")
        let path = try S.write(try S.generatedPolicyJSON(analysis), "generated.json", in: folder)
        let (role, check) = try S.check(analysis, role: [path])
        #expect(role.policies.map(\.name) == role.policies.indices.map { "shop-deployer-\($0 + 1)" })
        #expect(check.isSufficient, "\(S.describe(check.missing))")
        #expect(check.excess.isEmpty, "\(S.describe(check.excess))")
    }

    @Test func notActionRoleIsSufficientAndReportedAsExcess() throws {
        let analysis = try S.analysis()
        let folder = try TemporaryDirectory("check-notaction")
        let path = try S.write(S.document([["Effect": "Allow", "NotAction": ["organizations:*"], "Resource": "*"]]),
                               "notaction.json", in: folder)
        let (_, check) = try S.check(analysis, role: [path])
        #expect(check.isSufficient, "\(S.describe(check.missing))")
        try #require(check.excess.count == 1, "\(S.describe(check.excess))")
        #expect(check.excess[0].action == "NotAction")
        #expect(check.excess[0].grantedBy?.contains("notaction.json") == true)
        let report = try CheckReport(release: S.relativeRelease, role: path, check: check, includeExcess: true).render(.text)
        #expect(report.contains("excess NotAction"))
    }

    @Test func notActionExcludingAServiceDeniesExactlyThatService() throws {
        let analysis = try S.analysis()
        let folder = try TemporaryDirectory("check-notaction-s3")
        let path = try S.write(S.document([["Effect": "Allow", "NotAction": "s3:*", "Resource": "*"]]), "no-s3.json", in: folder)
        let (_, check) = try S.check(analysis, role: [path])
        #expect(!check.isSufficient)
        #expect(check.missing.allSatisfy { $0.action.lowercased().hasPrefix("s3:") }, "\(S.describe(check.missing))")
        #expect(check.missing.contains { $0.action == "s3:CreateBucket" && $0.resources == check.missing.first { $0.action == "s3:CreateBucket" }?.resources })
        #expect(check.missing.contains { $0.requirements.contains { $0.provenance.logicalId == "UploadBucket" } })
    }

    // MARK: explicit deny and conditions

    @Test func explicitDenyOfCreateBucketIsMissing() throws {
        let analysis = try S.analysis()
        let folder = try TemporaryDirectory("check-deny")
        var policies = try S.generatedPolicyJSON(analysis)
        policies.append(["PolicyName": "no-buckets",
                         "PolicyDocument": S.document([["Effect": "Deny", "Action": "s3:CreateBucket", "Resource": "*"]])])
        let (_, check) = try S.check(analysis, role: [try S.write(policies, "deny.json", in: folder)])
        #expect(!check.isSufficient)
        try #require(check.missing.count == 1, "\(S.describe(check.missing))")
        let finding = check.missing[0]
        #expect(finding.kind == .missing)
        #expect(finding.action == "s3:CreateBucket")
        try #require(finding.resources.count == 1)
        #expect(finding.resources[0].hasPrefix("arn:aws:s3:::shop-uploadbucket-"), "\(finding.resources)")
        #expect(!finding.resources[0].contains("*"))
        #expect(finding.requirements.map(\.provenance.logicalId) == ["UploadBucket"])
        #expect(finding.requirements.map(\.phase) == [.create])
        #expect(finding.requirements[0].provenance.resourceType == "AWS::S3::Bucket")
        // The location is the resource's body: the line after `UploadBucket:` in this block-style YAML.
        let keyLine = try S.resourceLine("UploadBucket", inTemplateAt: S.releasePath)
        #expect(finding.location.map { [keyLine, keyLine + 1].contains($0.line) } == true, "\(String(describing: finding.location))")
        #expect(finding.location?.file == S.releasePath)
    }

    @Test func denyOnTheBucketArnPatternOnlyHitsTheBucket() throws {
        let analysis = try S.analysis()
        let folder = try TemporaryDirectory("check-deny-arn")
        var policies = try S.generatedPolicyJSON(analysis)
        policies.append(["PolicyName": "no-upload-bucket-writes",
                         "PolicyDocument": S.document([["Effect": "Deny", "Action": "s3:Put*",
                                                        "Resource": "arn:aws:s3:::shop-uploadbucket-*"]])])
        let (_, check) = try S.check(analysis, role: [try S.write(policies, "deny-arn.json", in: folder)])
        #expect(!check.isSufficient)
        #expect(check.missing.allSatisfy { $0.action.hasPrefix("s3:Put") }, "\(S.describe(check.missing))")
        #expect(check.missing.allSatisfy { $0.resources.allSatisfy { $0.hasPrefix("arn:aws:s3:::shop-uploadbucket-") } })
        #expect(check.missing.contains { $0.action == "s3:PutEncryptionConfiguration" })
        #expect(check.missing.contains { $0.action == "s3:PutBucketPublicAccessBlock" })
    }

    @Test func passRoleToTheWrongServiceIsMissing() throws {
        let analysis = try S.analysis()
        let folder = try TemporaryDirectory("check-condition")
        var changed = 0
        let policies = S.editStatements(try S.generatedPolicyJSON(analysis)) { statement in
            guard var condition = statement["Condition"] as? [String: Any],
                  var equals = condition["StringEquals"] as? [String: Any], equals["iam:PassedToService"] != nil else { return }
            equals["iam:PassedToService"] = ["ec2.amazonaws.com"]
            condition["StringEquals"] = equals
            statement["Condition"] = condition
            changed += 1
        }
        try #require(changed == 1, "the generated role should have one iam:PassedToService condition")
        let (_, check) = try S.check(analysis, role: [try S.write(policies, "ec2-passrole.json", in: folder)])
        #expect(!check.isSufficient)
        #expect(check.missing.map(\.action) == ["iam:PassRole"], "\(S.describe(check.missing))")
        let finding = try #require(check.missing.first)
        #expect(finding.resources.allSatisfy { $0.hasPrefix("arn:aws:iam::123456789012:role/shop-ConfigFunctionRole-") },
                "\(finding.resources)")
        #expect(Set(finding.requirements.map(\.provenance.logicalId)) == ["ConfigFunction"])
        #expect(finding.requirements.allSatisfy { $0.provenance.resourceType == "AWS::Lambda::Function" })
        #expect(finding.requirements.contains { $0.phase == .create })

        // The same statement without its condition allows it again.
        let unconditioned = S.editStatements(policies) { statement in statement["Condition"] = nil }
        let (_, again) = try S.check(analysis, role: [try S.write(unconditioned, "any-passrole.json", in: folder)])
        #expect(again.isSufficient, "\(S.describe(again.missing))")
    }

    // MARK: one permission removed

    @Test(arguments: [("sqs:CreateQueue", "WorkQueue"), ("lambda:CreateFunction", "ConfigFunction"),
                      ("kms:CreateKey", "DataKey"), ("sns:CreateTopic", "AlarmTopic"),
                      ("secretsmanager:CreateSecret", "DatabaseSecret")])
    func removingOnePermissionNamesExactlyIt(action: String, logicalId: String) throws {
        let analysis = try S.analysis()
        let folder = try TemporaryDirectory("check-reduced")
        let generated = try S.generatedPolicyJSON(analysis)
        try #require(S.actions(in: generated).contains(action), "the generated role should grant \(action) by name")
        let reduced = S.removing(action, from: generated)
        #expect(!S.actions(in: reduced).contains(action))
        let (_, check) = try S.check(analysis, role: [try S.write(reduced, "reduced.json", in: folder)])
        #expect(!check.isSufficient)
        // Only the removed action (a later request may need it too, but nothing else).
        #expect(Set(check.missing.map(\.action)) == [action], "\(S.describe(check.missing))")
        #expect(check.missing.allSatisfy { $0.requirements.contains { $0.provenance.logicalId == logicalId } },
                "\(S.describe(check.missing))")
        // Concrete ARNs only ("*" alone for actions without resource types, such as kms:CreateKey).
        #expect(check.missing.allSatisfy { !$0.resources.contains { $0 != "*" && $0.contains("*") } }, "\(S.describe(check.missing))")
    }

    // MARK: CloudFormation role templates written by hand

    @Test func handWrittenRoleTemplateIsLoadedAndJudged() throws {
        let analysis = try S.analysis()
        let path = S.fixtures.appendingPathComponent("handwritten-role.yaml").path
        let (role, check) = try S.check(analysis, role: [path])
        #expect(role.policies.map(\.name) == ["stack-and-services", "QueueAndRolePolicy"])
        #expect(role.permissionsBoundary == nil)
        // (RoleDefinition.load replaces the reader's "path (DeployerRole)" source with the bare path.)
        #expect(role.source.hasSuffix("handwritten-role.yaml") || role.source.contains("DeployerRole"))
        #expect(check.isSufficient, "\(S.describe(check.missing))")

        // !Sub is evaluated for the deployment: partition, account, region and the product stack name.
        let elsewhere = DeploymentTarget(stackName: "shop", account: "210987654321", region: "eu-west-1", partition: "aws-cn")
        let (moved, movedCheck) = try S.check(analysis, role: [path], target: elsewhere)
        let queues = try #require(moved.policies.last?.document.statements.first)
        #expect(queues.sid == "Queues")
        #expect(queues.resources?.patterns == ["arn:aws-cn:sqs:eu-west-1:210987654321:shop-*"])
        #expect(movedCheck.isSufficient, "\(S.describe(movedCheck.missing))")
        #expect(try S.check(analysis, role: [path], roleName: "DeployerRole").1.isSufficient)
        #expect(try S.check(analysis, role: [path], roleName: "shop-deployer").1.isSufficient, "by its RoleName")
        expectDeployRoleError(.usage) { try S.check(analysis, role: [path], roleName: "NoSuchRole") }
    }

    @Test func handWrittenRoleTemplateWithoutItsManagedPolicyLacksQueuesAndRoles() throws {
        let analysis = try S.analysis()
        let text = try String(contentsOf: S.fixtures.appendingPathComponent("handwritten-role.yaml"), encoding: .utf8)
        let detached = text.replacingOccurrences(of: "      ManagedPolicyArns:\n        - !Ref QueueAndRolePolicy\n", with: "")
        try #require(detached != text)
        let folder = try TemporaryDirectory("check-detached")
        let (role, check) = try S.check(analysis, role: [try folder.write("detached.yaml", detached)])
        #expect(role.policies.map(\.name) == ["stack-and-services"])
        #expect(!check.isSufficient)
        #expect(check.missing.allSatisfy { $0.action.hasPrefix("sqs:") || $0.action.hasPrefix("iam:") },
                "\(S.describe(check.missing))")
        let createQueue = try #require(check.missing.first { $0.action == "sqs:CreateQueue" })
        #expect(createQueue.requirements.map(\.provenance.logicalId) == ["WorkQueue"])
        #expect(check.missing.contains { $0.action == "iam:CreateRole" && $0.requirements.contains { $0.provenance.logicalId == "ConfigFunctionRole" } })
    }

    // MARK: get-account-authorization-details

    @Test func authorizationDetailsRoleIsLoadedWithInlineAndDefaultManagedVersions() throws {
        let analysis = try S.analysis()
        let path = S.fixtures.appendingPathComponent("authorization-details.json").path
        let (role, check) = try S.check(analysis, role: [path], roleName: "shop-deployer")
        #expect(role.source.contains("authorization-details.json"))
        #expect(role.policies.map(\.name) == ["stack-and-services", "arn:aws:iam::123456789012:policy/deploy/shop-queue-and-role"])
        // The URL-encoded inline document was decoded.
        #expect(role.policies.first?.document.statements.map(\.sid) == ["Stacks", "StackReads", "Services"])
        // The managed policy's default version (v2), not the first listed (v1).
        #expect(role.policies.last?.document.statements.map(\.sid) == ["Queues", "Roles", "RoleReads"])
        #expect(role.permissionsBoundary == nil)
        #expect(check.isSufficient, "\(S.describe(check.missing))")
    }

    @Test func authorizationDetailsPermissionsBoundaryLimitsTheRole() throws {
        let analysis = try S.analysis()
        let path = S.fixtures.appendingPathComponent("authorization-details.json").path
        let (role, check) = try S.check(analysis, role: [path], roleName: "shop-deployer-bounded")
        #expect(role.permissionsBoundary?.map(\.name) == ["arn:aws:iam::123456789012:policy/shop-no-queues-boundary"])
        #expect(!check.isSufficient)
        #expect(check.missing.allSatisfy { $0.action.hasPrefix("sqs:") }, "\(S.describe(check.missing))")
        #expect(check.missing.contains { $0.action == "sqs:CreateQueue" && $0.requirements.map(\.provenance.logicalId) == ["WorkQueue"] })

        let unrelated = try S.check(analysis, role: [path], roleName: "unrelated")
        #expect(unrelated.0.policies.isEmpty)
        #expect(unrelated.1.missing.count > 100)
    }

    @Test func authorizationDetailsNeedARoleName() throws {
        let path = S.fixtures.appendingPathComponent("authorization-details.json").path
        let error = expectDeployRoleError(.usage) { try RoleDefinition.load(paths: [path], target: S.target) }
        #expect(error?.message.contains("--role-name") == true)
        let unknown = expectDeployRoleError(.usage) {
            try RoleDefinition.load(paths: [path], roleName: "ghost", target: S.target)
        }
        #expect(unknown?.message.contains("shop-deployer") == true, "the known roles are listed")
    }

    @Test func authorizationDetailsWithAnUnlistedManagedPolicyIsAnError() throws {
        let folder = try TemporaryDirectory("check-details")
        let path = S.fixtures.appendingPathComponent("authorization-details.json").path
        var details = try #require(try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: path))) as? [String: Any])
        details["Policies"] = []
        let stripped = try S.write(details, "stripped.json", in: folder)
        expectDeployRoleError(.invalidPolicy) {
            try RoleDefinition.load(paths: [stripped], roleName: "shop-deployer", target: S.target)
        }
    }

    // MARK: the CLI

    @Test func cliExitStatusFollowsTheVerdict() throws {
        guard let executable = ProcessRunner.deployroleExecutable() else {
            if SharedData.isCI { Issue.record("no deployrole executable next to the test bundle") }
            print("SKIP cliExitStatusFollowsTheVerdict: no deployrole executable next to the test bundle")
            return
        }
        let analysis = try S.analysis()
        let folder = try TemporaryDirectory("check-cli")
        let generated = try S.generatedPolicyJSON(analysis)
        let full = try S.write(generated, "generated.json", in: folder)
        let reduced = try S.write(S.removing("sqs:CreateQueue", from: generated), "reduced.json", in: folder)
        let malformed = try folder.write("malformed.json", #"{"Version": "2012-10-17", "Statement": [{"Effect": "Perhaps", "Action": "s3:*", "Resource": "*"}]}"#)
        let truncated = try folder.write("truncated.json", #"[{"PolicyName": "x", "PolicyDocument": {"Statement": ["#)
        let base = ["check", S.relativeRelease, "--stack-name", S.stackName]
        let root = SharedData.packageRoot.path

        let ok = try ProcessRunner.run(executable, base + ["--role", full], currentDirectory: root)
        #expect(ok.status == 0, "\(ok.standardOutput)\(ok.standardError)")
        #expect(ok.standardOutput.contains("sufficient"))

        let templateRole = try ProcessRunner.run(executable, base + ["--role", "Examples/webapp/release.deployrole.yaml"],
                                                 currentDirectory: root)
        #expect(templateRole.status == 0, "the committed role template: \(templateRole.standardOutput)\(templateRole.standardError)")

        let missing = try ProcessRunner.run(executable, base + ["--role", reduced, "--format", "json"], currentDirectory: root)
        #expect(missing.status == 1, "\(missing.standardOutput)\(missing.standardError)")
        let report = try #require(try JSONSerialization.jsonObject(with: Data(missing.standardOutput.utf8)) as? [String: Any])
        let findings = try #require(report["findings"] as? [[String: Any]])
        #expect(findings.map { $0["action"] as? String } == ["sqs:CreateQueue"])
        #expect((findings.first?["neededBy"] as? [[String: Any]])?.first?["logicalId"] as? String == "WorkQueue")

        for bad in [malformed, truncated] {
            let error = try ProcessRunner.run(executable, base + ["--role", bad], currentDirectory: root)
            #expect(error.status == 2, "\(bad): \(error.standardOutput)\(error.standardError)")
            #expect(error.standardError.contains((bad as NSString).lastPathComponent), "the error names the file: \(error.standardError)")
        }
        let noName = try ProcessRunner.run(executable, base + ["--role", S.fixtures.appendingPathComponent("authorization-details.json").path],
                                           currentDirectory: root)
        #expect(noName.status == 2)
        #expect(noName.standardError.contains("--role-name"))
        let named = try ProcessRunner.run(executable, base + ["--role", S.fixtures.appendingPathComponent("authorization-details.json").path,
                                                              "--role-name", "shop-deployer-bounded"], currentDirectory: root)
        #expect(named.status == 1)
    }
}
