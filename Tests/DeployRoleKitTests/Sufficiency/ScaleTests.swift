import Foundation
import Testing
@testable import DeployRoleKit

/// Releases of every size CloudFormation accepts (up to 500 resources) get a role that fits IAM's quotas and
/// allows every request: statements are split across policies, never widened, and each piece keeps its
/// conditions.
@Suite struct ScaleTests {
    /// A release of `count` resources of the given kinds, in turn.
    static func release(_ count: Int, kinds: [(type: String, properties: String)]) -> String {
        var lines = ["Resources:"]
        for index in 1...count {
            let kind = kinds[(index - 1) % kinds.count]
            lines.append("  R\(index):\n    Type: \(kind.type)" + (kind.properties.isEmpty ? "" : "\n    Properties:\n" + kind.properties))
        }
        return lines.joined(separator: "\n") + "\n"
    }

    static let queue = (type: "AWS::SQS::Queue", properties: "")
    static let mixed: [(type: String, properties: String)] = [
        queue,
        ("AWS::SNS::Topic", ""),
        ("AWS::Logs::LogGroup", "      RetentionInDays: 7"),
        ("AWS::S3::Bucket", ""),
        ("AWS::EC2::SecurityGroup", "      GroupDescription: app\n      VpcId: vpc-0123456789abcdef0"),
        ("AWS::DynamoDB::Table", "      BillingMode: PAY_PER_REQUEST\n      AttributeDefinitions: [{AttributeName: id, AttributeType: S}]\n      KeySchema: [{AttributeName: id, KeyType: HASH}]"),
        ("AWS::CloudWatch::Alarm", "      MetricName: Errors\n      Namespace: App\n      Statistic: Sum\n      Period: 60\n      EvaluationPeriods: 1\n      Threshold: 1\n      ComparisonOperator: GreaterThanThreshold"),
        ("AWS::SSM::Parameter", "      Type: String\n      Value: v"),
    ]

    static func generate(_ text: String, maxPolicies: Int) throws -> RoleGeneration {
        let folder = try TemporaryDirectory("scale")
        let path = try folder.write("release.yaml", text)
        let analysis = try ReleaseAnalysis(templateAt: path)
        return try RoleGeneration(analysis: analysis, settings: RoleSettings(name: "scale", quota: PolicyQuota(maxManagedPolicies: maxPolicies)),
                                  sourceName: "release.yaml")
    }

    /// Up to 500 resources of one type fit the default 10 policies: split statements first, and, for 500,
    /// names compacted to the stack's prefix (said in the notes).
    @Test(arguments: [(60, 10), (200, 10), (500, 10), (500, 20)])
    func manyResourcesOfOneTypeGetARoleThatFits(count: Int, maxPolicies: Int) throws {
        let generation = try Self.generate(Self.release(count, kinds: [Self.queue]), maxPolicies: maxPolicies)
        let size = PolicySize(stackNameLimit: generation.analysis.requirements.stackNameLimit)
        #expect(generation.policies.count <= maxPolicies)
        let compacted = generation.notes.contains { $0.contains("compacted to their stack-name prefix") }
        #expect(compacted == (count == 500 && maxPolicies == 10), "\(generation.notes)")
        #expect(generation.policies.allSatisfy { size.document($0) <= PolicyQuota().maxPolicyCharacters })
        let result = try SufficiencySupport.failures(of: generation, options: ScopingOptions(), stackNames: 2)
        #expect(result.failures.isEmpty, "\(result.failures.prefix(5))")
        print("scale: \(count) queues → \(generation.policies.count) policies, \(generation.policies.flatMap(\.statements).count) statements, "
              + "\(result.requests) requests allowed")
    }

    @Test func fiveHundredMixedResourcesGetARoleThatFits() throws {
        let generation = try Self.generate(Self.release(500, kinds: Self.mixed), maxPolicies: 10)
        #expect(generation.policies.count <= 10)
        let result = try SufficiencySupport.failures(of: generation, options: ScopingOptions(), stackNames: 2)
        #expect(result.failures.isEmpty, "\(result.failures.prefix(5))")
        print("scale: 500 mixed resources → \(generation.policies.count) policies, \(result.requests) requests allowed")
    }

    @Test func splitStatementsKeepTheirConditions() throws {
        // A statement bound by the stack's system tag, too large for one policy both by its actions and by its
        // resources: every piece keeps the condition, and together the pieces grant exactly what it granted.
        let tag = GrantCondition("StringEquals", "aws:ResourceTag/aws:cloudformation:stack-name",
                                 [ResourcePattern([.symbol(.pseudo(.stackName))])])
        func resources(_ count: Int) -> [ResourcePattern] {
            (1...count).map { ResourcePattern([.literal("arn:aws:ec2:us-east-1:123456789012:security-group/sg-\($0)-"),
                                               .symbol(.pseudo(.stackName))]) }
        }
        // Too many resources (split over runs of them), and too many actions (split over runs of them).
        let manyResources = PolicyStatementDraft(actions: (1...100).map { "ec2:Action\($0)" }, resources: resources(40), conditions: [tag])
        let manyActions = PolicyStatementDraft(actions: (1...300).map { "ec2:Action\($0)WithALongName" }, resources: resources(2),
                                               conditions: [tag])
        let size = PolicySize()
        #expect(size.statement(manyResources) > PolicyQuota().maxPolicyCharacters)
        #expect(size.statement(manyActions) > PolicyQuota().maxPolicyCharacters)
        for statement in [manyResources, manyActions] {
            let pieces = try PolicyPacker(quota: PolicyQuota(maxManagedPolicies: 20), size: size).pack([statement]).flatMap(\.statements)
            #expect(pieces.count > 1)
            #expect(pieces.allSatisfy { $0.conditions == [tag] })
            var granted: Set<String> = []
            for piece in pieces { for action in piece.actions { for resource in piece.resources { granted.insert("\(action) \(resource.sortKey)") } } }
            #expect(granted.count == statement.actions.count * statement.resources.count)
        }
    }

    /// Names the template fixes share no stack-name prefix to compact to: when they do not fit, the error
    /// names the types and resources that need the room.
    @Test func tooLargeEvenForTwentyPoliciesNamesTheTypesAndResources() throws {
        var lines = ["Resources:"]
        for index in 1...500 { lines.append("  R\(index):\n    Type: AWS::SQS::Queue\n    Properties: {QueueName: orders-queue-number-\(index)}") }
        let error = expectDeployRoleError(.policyTooLarge) {
            try Self.generate(lines.joined(separator: "\n") + "\n", maxPolicies: 1)
        }
        #expect(error?.message.contains("AWS::SQS::Queue") == true, "\(String(describing: error))")
        #expect(error?.message.contains("R1") == true, "\(String(describing: error))")
    }
}
