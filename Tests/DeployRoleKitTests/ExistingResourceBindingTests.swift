import Foundation
import Testing
@testable import DeployRoleKit

/// Existing resources the release names (a VPC or hosted zone given by parameter, a literal ID) bind the
/// grants on them: the role template takes the same parameter, this deployment's requests are allowed and
/// those naming another VPC are denied. Judged by evaluating synthesized requests against the role.
@Suite struct ExistingResourceBindingTests {
    /// A security group in a VPC the customer chooses (an AWS-specific parameter type).
    static let typedParameter = """
    AWSTemplateFormatVersion: '2010-09-09'
    Parameters:
      VpcId: {Type: 'AWS::EC2::VPC::Id'}
    Resources:
      Group:
        Type: AWS::EC2::SecurityGroup
        Properties: {GroupDescription: web, VpcId: !Ref VpcId}
    """

    /// Code Ocean's shape: a new VPC, or an existing one given as a String parameter.
    static let newOrExisting = """
    AWSTemplateFormatVersion: '2010-09-09'
    Parameters:
      pVpcId: {Type: String, Default: ''}
    Conditions:
      NewVpc: !Equals [!Ref pVpcId, '']
    Resources:
      Vpc:
        Type: AWS::EC2::VPC
        Condition: NewVpc
        Properties: {CidrBlock: 10.0.0.0/16}
      Group:
        Type: AWS::EC2::SecurityGroup
        Properties:
          GroupDescription: web
          VpcId: !If [NewVpc, !Ref Vpc, !Ref pVpcId]
    """

    static func deployed(_ template: String, anyParameterValue: Bool = false) throws -> DeployedRelease {
        try DeployedRelease(template, stackName: "Shop-Prod", input: StackInput(useDefaults: !anyParameterValue))
    }

    /// The requests of `ec2:CreateSecurityGroup` on a VPC.
    static func vpcRequests(_ requests: [ConcreteRequest]) -> [ConcreteRequest] {
        requests.filter { $0.request.action == "ec2:CreateSecurityGroup" && $0.request.resource.contains(":vpc/") }
    }

    @Test func aTypedParameterNamesTheVpcAndTheRoleTemplateTakesIt() throws {
        let deployed = try Self.deployed(Self.typedParameter)
        let yaml = try deployed.generation.roleTemplate.yaml()
        #expect(yaml.contains(":vpc/${VpcId}"))
        #expect(!yaml.contains(":vpc/*"))
        #expect(yaml.contains("Type: AWS::EC2::VPC::Id"))
        #expect(deployed.generation.analysis.requirements.boundParameters.map(\.name) == ["VpcId"])

        let own = deployed.requests(stackName: "Shop-Prod", seed: 1)
        #expect(!Self.vpcRequests(own).isEmpty)
        let denied = own.filter { !deployed.evaluator.evaluate($0.request).isAllowed }
        #expect(denied.isEmpty, "\(denied.map { "\($0.request.action) \($0.request.resource)" })")
        // Another deployment with another VPC.
        let elsewhere = Self.vpcRequests(deployed.requests(stackName: "Shop-Prod", seed: 2))
        #expect(!elsewhere.isEmpty)
        #expect(elsewhere.allSatisfy { !deployed.evaluator.evaluate($0.request).isAllowed })

        let scope = try #require(deployed.generation.analysis.requirements.requirements.first {
            $0.action == "ec2:CreateSecurityGroup" && $0.scope.resources.contains { $0.parts.contains(.symbol(.parameter("VpcId"))) }
        }?.scope)
        #expect(scope.binding == "parameter VpcId")
    }

    /// Before the existing VPC counted, a role for `--any-parameter-value` let the security group be created
    /// only in the VPC of the stack's own: the existing-VPC branch was denied.
    @Test func anExistingVpcBesideTheNewOneIsGrantedToo() throws {
        let deployed = try Self.deployed(Self.newOrExisting, anyParameterValue: true)
        let own = deployed.requests(stackName: "Shop-Prod", seed: 1)
        let vpc = Self.vpcRequests(own)
        #expect(Set(vpc.map(\.request.resource)).count == 2, "\(vpc.map(\.request.resource))")
        let denied = own.filter { !deployed.evaluator.evaluate($0.request).isAllowed }
        #expect(denied.isEmpty, "\(denied.map { "\($0.request.action) \($0.request.resource)" })")
        let existing = try #require(vpc.first { $0.stackResource == nil })
        #expect(existing.request.resource.hasSuffix("vpc/" + DeploymentTarget(stackName: "Shop-Prod").parameterValue("pVpcId")))
        #expect(!deployed.evaluator.evaluate(EvaluationRequest(
            action: "ec2:CreateSecurityGroup", resource: "arn:aws:ec2:us-east-1:123456789012:vpc/vpc-0fedcba9876543210")).isAllowed)
        let yaml = try deployed.generation.roleTemplate.yaml()
        #expect(yaml.contains("pVpcId:"))
        #expect(yaml.contains("MaxLength: 21"))
    }

    /// The role template, read back as `check` reads it, takes the deployment's parameter values: the check
    /// passes for the deployment it was generated for.
    @Test func theRoleTemplateChecksWithTheSameParameterValue() throws {
        let deployed = try Self.deployed(Self.newOrExisting, anyParameterValue: true)
        let folder = try TemporaryDirectory("existing")
        let path = try folder.write("role.yaml", try deployed.generation.roleTemplate.yaml())
        let target = DeploymentTarget(stackName: "Shop-Prod")
        let role = try RoleDefinition.load(paths: [path], target: target)
        let check = RoleCheck(analysis: deployed.generation.analysis, role: role, target: target)
        #expect(check.isSufficient, "\(check.missing.map { "\($0.action) \($0.resources)" })")
        // With the product given another VPC than the role, the check finds the creation missing.
        var other = target
        other.parameters = ["pVpcId": "vpc-0fedcba9876543210"]
        let roleForOther = try RoleDefinition.load(paths: [path], target: other)
        let crossed = RoleCheck(analysis: deployed.generation.analysis, role: roleForOther, target: target)
        #expect(crossed.missing.contains { $0.action == "ec2:CreateSecurityGroup" })
    }

    @Test func aLiteralIdNamesThatVpcOnly() throws {
        let deployed = try Self.deployed("""
        Resources:
          Group:
            Type: AWS::EC2::SecurityGroup
            Properties: {GroupDescription: web, VpcId: vpc-0123456789abcdef0}
        """)
        let yaml = try deployed.generation.roleTemplate.yaml()
        #expect(yaml.contains(":vpc/vpc-0123456789abcdef0"))
        #expect(!yaml.contains(":vpc/*"))
        #expect(deployed.generation.analysis.requirements.boundParameters.isEmpty)
        let own = deployed.requests(stackName: "Shop-Prod", seed: 1)
        #expect(own.allSatisfy { deployed.evaluator.evaluate($0.request).isAllowed })
    }

    /// A String parameter that nothing says is a VPC ID stays any VPC of the account, with the reason.
    @Test func anUnknownStringStaysAccountWide() throws {
        let deployed = try Self.deployed("""
        Parameters:
          Network: {Type: String}
        Resources:
          Group:
            Type: AWS::EC2::SecurityGroup
            Properties: {GroupDescription: web, VpcId: !Ref Network}
        """)
        #expect(deployed.generation.analysis.requirements.boundParameters.isEmpty)
        let create = try #require(deployed.generation.analysis.requirements.requirements.first {
            $0.action == "ec2:CreateSecurityGroup" && $0.scope.note != nil
        })
        #expect(create.scope.resources.contains { $0.rendered { _ in "*" }.hasSuffix(":vpc/*") || $0.rendered { _ in "*" }.hasSuffix(":*") })
        // The reason names the parameter.
        #expect(create.scope.note?.contains("parameter Network may name one and binds no grant") == true, "\(create.scope.note ?? "")")
        let own = deployed.requests(stackName: "Shop-Prod", seed: 1)
        #expect(own.allSatisfy { deployed.evaluator.evaluate($0.request).isAllowed })
    }
}
