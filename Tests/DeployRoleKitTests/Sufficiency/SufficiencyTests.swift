import Foundation
import Testing
@testable import DeployRoleKit

/// The generated role deploys, updates and deletes the stack without a permission failure: every concrete
/// request (named as CloudFormation names resources, for random stack names up to the role template's
/// limit) is allowed by an IAM evaluation of the generated policies.
@Suite struct SufficiencyTests {
    static let example = SharedData.packageRoot.appendingPathComponent("Examples/webapp/release.template.yaml").path

    static func generation(_ path: String, options: DerivationOptions) throws -> RoleGeneration {
        let analysis = try ReleaseAnalysis(templateAt: path, options: options)
        return try RoleGeneration(analysis: analysis, settings: RoleSettings(name: "check"), sourceName: "release")
    }

    @Test func exampleReleaseRoleAllowsEveryRequest() throws {
        let path = Self.example
        let options = DerivationOptions()
        let (requests, failures) = try SufficiencySupport.failures(of: Self.generation(path, options: options),
                                                                   options: options.scoping)
        print("example: \(requests) requests, \(failures.count) denied")
        #expect(requests > 100)
        #expect(failures.isEmpty, "\(failures.prefix(20).map(\.description).joined(separator: "\n"))")
    }

    /// With `--min-stack-name-length 128`, names CloudFormation may truncate are scoped by their type's
    /// account-wide ARN, and the role works for any stack name, 128 characters included.
    @Test func exampleRoleForStackNamesUpTo128Characters() throws {
        let path = Self.example
        let options = DerivationOptions(scoping: ScopingOptions(minimumStackNameLength: 128))
        let generation = try Self.generation(path, options: options)
        #expect((generation.analysis.requirements.stackNameLimit ?? 128) >= 128)
        #expect(try generation.roleTemplate.yaml().contains("MaxLength: 128"))
        let (requests, failures) = try SufficiencySupport.failures(of: generation, options: options.scoping, stackNames: 6)
        print("example, any stack name: \(requests) requests, \(failures.count) denied")
        #expect(failures.isEmpty, "\(failures.prefix(20).map(\.description).joined(separator: "\n"))")
    }

    @Test(arguments: ["v3.7.0", "v3.8.2"])
    func codeOceanRoleAllowsEveryRequest(release: String) throws {
        guard SharedData.mustRun() else { return }
        let path = SharedData.url("codeocean/\(release)/codeocean.template.yaml").path
        let options = DerivationOptions(scoping: ScopingOptions(serviceLinkedRolesArePrerequisites: true))
        let (requests, failures) = try SufficiencySupport.failures(of: Self.generation(path, options: options),
                                                                   options: options.scoping)
        print("Code Ocean \(release): \(requests) requests, \(failures.count) denied")
        #expect(requests > 1000)
        #expect(failures.isEmpty, "\(failures.prefix(30).map(\.description).joined(separator: "\n"))")
    }

    @Test func requestsDoNotDependOnTheGeneratedPatterns() throws {
        // A role granting only the stack's operations on `*` must be found insufficient for the rest.
        let path = Self.example
        let generation = try Self.generation(path, options: DerivationOptions())
        let policy = try PolicyDocument(jsonString: #"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"cloudformation:*","Resource":"*"}]}"#)
        let evaluator = PolicyEvaluator(identityPolicies: [NamedPolicy(name: "cfn", document: policy)], facts: Catalog.embedded)
        let requests = RequestSynthesizer(stacks: generation.analysis.stacks, target: DeploymentTarget(stackName: "shop"))
            .requests(for: generation.analysis.requirements)
        let denied = requests.filter { !evaluator.evaluate($0.request).isAllowed }
        #expect(denied.contains { $0.request.action == "s3:CreateBucket" && $0.request.resource.hasPrefix("arn:aws:s3:::shop-uploadbucket-") })
        #expect(!denied.contains { $0.request.action.hasPrefix("cloudformation:") })
    }

    @Test func generatedNamesFollowCloudFormationRules() {
        let name = RequestSynthesizer.generatedName(stack: String(repeating: "s", count: 128), logicalId: "MyRole",
                                                   random: "ABCDEFGHIJKLM", maximum: 64, lower: false)
        #expect(name.count == 64)
        #expect(name.hasSuffix("-MyRole-ABCDEFGHIJKLM"))
        #expect(RequestSynthesizer.generatedName(stack: "Shop", logicalId: "Bucket", random: "abc", maximum: 63, lower: true)
                == "shop-bucket-abc")
    }
}
