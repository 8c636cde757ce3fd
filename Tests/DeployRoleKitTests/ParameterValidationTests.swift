import Foundation
import Testing
@testable import DeployRoleKit

/// CloudFormation validates AWS-specific parameter values against the account with the caller's
/// credentials: the deployer role allows those calls, for every type and its List and SSM forms.
@Suite struct ParameterValidationTests {
    /// Each type with the call the role must allow, as public AccessDenied reports and AWS's parameter
    /// type page name them (written here apart from the data table).
    static let expected: [(type: String, action: String)] = [
        ("AWS::EC2::KeyPair::KeyName", "ec2:DescribeKeyPairs"),
        ("AWS::EC2::Image::Id", "ec2:DescribeImages"),
        ("List<AWS::EC2::Subnet::Id>", "ec2:DescribeSubnets"),
        ("AWS::EC2::VPC::Id", "ec2:DescribeVpcs"),
        ("List<AWS::EC2::SecurityGroup::Id>", "ec2:DescribeSecurityGroups"),
        ("AWS::EC2::SecurityGroup::GroupName", "ec2:DescribeSecurityGroups"),
        ("AWS::EC2::Instance::Id", "ec2:DescribeInstances"),
        ("List<AWS::EC2::Volume::Id>", "ec2:DescribeVolumes"),
        ("List<AWS::EC2::AvailabilityZone::Name>", "ec2:DescribeAvailabilityZones"),
        ("AWS::Route53::HostedZone::Id", "route53:ListHostedZones"),
        ("AWS::SSM::Parameter::Value<AWS::EC2::Image::Id>", "ec2:DescribeImages"),
        ("AWS::SSM::Parameter::Value<List<AWS::EC2::Subnet::Id>>", "ec2:DescribeSubnets"),
    ]

    static func release(_ type: String) -> String {
        """
        AWSTemplateFormatVersion: '2010-09-09'
        Parameters:
          Value: {Type: '\(type)'}
        Resources:
          Topic: {Type: AWS::SNS::Topic}
        """
    }

    static func policies(_ template: String, kind: RoleKind = .deployer) throws -> PolicyEvaluator {
        let folder = try TemporaryDirectory("parameter-validation")
        let analysis = try ReleaseAnalysis(templateAt: try folder.write("release.yaml", template),
                                           input: StackInput(parameters: ParameterInput(["Value": "x"])),
                                           options: DerivationOptions(kind: kind))
        let generation = try RoleGeneration(analysis: analysis, settings: RoleSettings(name: "role", kind: kind, stackName: "Shop"),
                                            sourceName: "release.yaml")
        return PolicyEvaluator(identityPolicies: try generation.concreteRole().policies, facts: Catalog.embedded)
    }

    static func validation(_ action: String) -> EvaluationRequest {
        EvaluationRequest(action: action, resource: "*", principal: "arn:aws:iam::123456789012:role/deployer",
                          accountId: "123456789012")
    }

    @Test(arguments: expected.indices)
    func theDeployerMayValidateTheValue(index: Int) throws {
        let (type, action) = Self.expected[index]
        let evaluator = try Self.policies(Self.release(type))
        #expect(evaluator.evaluate(Self.validation(action)).isAllowed, "\(type) needs \(action)")
    }

    @Test func aStringParameterNeedsNoCall() throws {
        let evaluator = try Self.policies(Self.release("String"))
        for action in Set(Self.expected.map(\.action)) {
            #expect(!evaluator.evaluate(Self.validation(action)).isAllowed, "\(action)")
        }
    }

    /// A service role is not the caller: CloudFormation validates parameters with the credentials of the
    /// principal that calls CreateStack or UpdateStack.
    @Test func aServiceRoleDoesNotValidate() throws {
        let evaluator = try Self.policies(Self.release("AWS::EC2::KeyPair::KeyName"), kind: .serviceRole)
        #expect(!evaluator.evaluate(Self.validation("ec2:DescribeKeyPairs")).isAllowed)
    }

    @Test func anUnknownAWSTypeIsAnError() throws {
        let folder = try TemporaryDirectory("parameter-validation")
        let path = try folder.write("release.yaml", Self.release("AWS::EC2::Spaceship::Id"))
        let error = expectDeployRoleError(.unknownResourceType) {
            try ReleaseAnalysis(templateAt: path, input: StackInput(parameters: ParameterInput(["Value": "x"])))
        }
        #expect(error?.message.contains("AWS::EC2::Spaceship::Id") == true)
    }
}
