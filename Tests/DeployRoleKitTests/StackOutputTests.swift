import Foundation
import Testing
@testable import DeployRoleKit

/// `Fn::GetStackOutput`: CloudFormation reads another stack's output with the stack's execution role, on
/// that stack (`cloudformation:DescribeStacks`), or assumes the role `RoleArn` names for another account.
@Suite struct StackOutputTests {
    static let release = """
    AWSTemplateFormatVersion: '2010-09-09'
    Resources:
      Local:
        Type: AWS::SNS::Topic
        Properties:
          DisplayName: {Fn::GetStackOutput: {StackName: network, OutputName: VpcId}}
      Remote:
        Type: AWS::SNS::Topic
        Properties:
          DisplayName: {Fn::GetStackOutput: {StackName: network, OutputName: VpcId, Region: eu-west-1, RoleArn: 'arn:aws:iam::210987654321:role/reader'}}
    """

    static func evaluator(kind: RoleKind = .deployer) throws -> PolicyEvaluator {
        let folder = try TemporaryDirectory("stack-output")
        let analysis = try ReleaseAnalysis(templateAt: try folder.write("release.yaml", release), options: DerivationOptions(kind: kind))
        let generation = try RoleGeneration(analysis: analysis, settings: RoleSettings(name: "role", kind: kind, stackName: "App"),
                                            sourceName: "release.yaml")
        return PolicyEvaluator(identityPolicies: try generation.concreteRole().policies, facts: Catalog.embedded)
    }

    static func request(_ action: String, _ resource: String) -> EvaluationRequest {
        EvaluationRequest(action: action, resource: resource, principal: "arn:aws:iam::123456789012:role/deployer",
                          accountId: "123456789012")
    }

    @Test(arguments: [RoleKind.deployer, .serviceRole])
    func theExecutionRoleMayReadTheOutput(kind: RoleKind) throws {
        let evaluator = try Self.evaluator(kind: kind)
        let network = "arn:aws:cloudformation:us-east-1:123456789012:stack/network/0a1b2c3d-0000-4000-8000-000000000001"
        #expect(evaluator.evaluate(Self.request("cloudformation:DescribeStacks", network)).isAllowed)
        #expect(evaluator.evaluate(Self.request("sts:AssumeRole", "arn:aws:iam::210987654321:role/reader")).isAllowed)
        // Only that stack, and no other role.
        let other = "arn:aws:cloudformation:us-east-1:123456789012:stack/payments/0a1b2c3d-0000-4000-8000-000000000001"
        #expect(!evaluator.evaluate(Self.request("cloudformation:DescribeStacks", other)).isAllowed)
        #expect(!evaluator.evaluate(Self.request("sts:AssumeRole", "arn:aws:iam::210987654321:role/admin")).isAllowed)
    }

    /// The same need at several places of a template (one stack's output read by six topics) is listed in
    /// template order in `explain`, and so in the same order by every process: a tie broken by the order
    /// of a dictionary's keys would give another order in most runs (the hash seed differs per process).
    @Test func theSameNeedAtSeveralPlacesIsListedInTemplateOrder() throws {
        let topics = (1...6).map { index in
            "  Topic\(index):\n    Type: AWS::SNS::Topic\n    Properties:\n"
                + "      DisplayName: {Fn::GetStackOutput: {StackName: network, OutputName: VpcId}}\n"
        }
        let folder = try TemporaryDirectory("stack-output-order")
        let path = try folder.write("release.yaml", "Resources:\n" + topics.joined())
        let analysis = try ReleaseAnalysis(templateAt: path)
        let text = try ExplanationReport(requirements: analysis.requirements).render(action: "cloudformation:DescribeStacks")
        let lines = text.split(separator: "\n").filter { $0.contains("Fn::GetStackOutput of stack network") }
        let positions = lines.compactMap { line in line.split(separator: ":").dropLast().last.flatMap { Int($0) } }
        #expect(positions.count == 6 && positions == positions.sorted(), "\(lines)")
    }
}
