import Foundation
import Testing
@testable import DeployRoleKit

/// Types without CloudFormation's system tags (Batch compute environments, KMS keys, EBS volumes) are bound
/// to the stack by a tag the template sets to the stack's name, and the role cannot put that tag on a
/// resource that is not the stack's own. Judged by evaluating requests of this stack, of a second stack,
/// and requests that try to forge the tag.
@Suite struct TemplateTagBindingTests {
    static let release = """
    AWSTemplateFormatVersion: '2010-09-09'
    Parameters:
      Subnet: {Type: String, Default: subnet-0123456789abcdef0}
    Resources:
      Compute:
        Type: AWS::Batch::ComputeEnvironment
        Properties:
          Type: MANAGED
          ComputeResources: {Type: FARGATE, MaxvCpus: 16, Subnets: [!Ref Subnet], SecurityGroupIds: [sg-0123456789abcdef0]}
          Tags:
            product:deployment: !Ref AWS::StackName
      Key:
        Type: AWS::KMS::Key
        Properties:
          KeyPolicy: {Version: '2012-10-17', Statement: [{Effect: Allow, Principal: {AWS: !Sub 'arn:aws:iam::${AWS::AccountId}:root'}, Action: 'kms:*', Resource: '*'}]}
          Tags:
            - {Key: product:deployment, Value: !Ref AWS::StackName}
            - {Key: team, Value: data}
      Data:
        Type: AWS::EC2::Volume
        Properties:
          AvailabilityZone: us-east-1a
          Size: 10
          Tags:
            - {Key: product:deployment, Value: !Sub '${AWS::StackName}'}
      Template:
        Type: AWS::EC2::LaunchTemplate
        Properties:
          LaunchTemplateData: {InstanceType: t3.micro}
    """

    static func deployed(_ template: String = release, stackName: String, options: DerivationOptions = DerivationOptions()) throws -> DeployedRelease {
        try DeployedRelease(template, stackName: stackName, options: options)
    }

    static func requests(_ deployed: DeployedRelease, stackName: String, seed: UInt64) -> [ConcreteRequest] {
        deployed.requests(stackName: stackName, seed: seed)
    }

    static func describe(_ requests: [ConcreteRequest]) -> String {
        requests.prefix(5).map { "\($0.request.action) \($0.request.resource) \($0.request.context)" }.joined(separator: "; ")
    }

    @Test func ownRequestsAreAllowedAndASecondStacksAreDenied() throws {
        let deployed = try Self.deployed(stackName: "Analytics-Prod")
        let own = Self.requests(deployed, stackName: "Analytics-Prod", seed: 3)
        let denied = own.filter { !deployed.evaluator.evaluate($0.request).isAllowed }
        #expect(denied.isEmpty, "\(Self.describe(denied))")

        let services = ["batch:", "kms:"]
        let other = Self.requests(deployed, stackName: "Analytics-Test", seed: 4).filter { request in
            SecondDeploymentReach.actsOnExistingResource(request, catalog: .embedded)
                && services.contains { request.request.action.hasPrefix($0) }
        }
        #expect(other.count > 10)
        let reached = other.filter { deployed.evaluator.evaluate($0.request).isAllowed }
        #expect(reached.isEmpty, "\(Self.describe(reached))")
        let volume = Self.requests(deployed, stackName: "Analytics-Test", seed: 4).filter {
            $0.stackResource == "Data" && SecondDeploymentReach.actsOnExistingResource($0, catalog: .embedded)
        }
        #expect(!volume.isEmpty)
        #expect(volume.allSatisfy { !deployed.evaluator.evaluate($0.request).isAllowed }, "\(Self.describe(volume))")
    }

    @Test func grantsNameTheTagThatBindsThem() throws {
        let deployed = try Self.deployed(stackName: "Analytics-Prod")
        let requirements = deployed.generation.analysis.requirements.requirements
        let update = try #require(requirements.first { $0.action == "batch:UpdateComputeEnvironment" && $0.provenance.logicalId == "Compute" })
        #expect(update.scope.binding == "template tag aws:ResourceTag/product:deployment")
        #expect(update.scope.isStackBound)
        let schedule = try #require(requirements.first { $0.action == "kms:ScheduleKeyDeletion" })
        #expect(schedule.scope.conditions.map(\.key) == ["aws:ResourceTag/product:deployment"])
    }

    /// The tag cannot be put on another resource: not through a tagging grant of an unbound type (the
    /// launch template's `ec2:CreateTags`), not on another deployment's resource that carries it already.
    @Test func theTagCannotBeForged() throws {
        let deployed = try Self.deployed(stackName: "Analytics-Prod")
        let account = DeploymentTarget(stackName: "Analytics-Prod").account
        func request(_ action: String, _ resource: String, _ context: [String: [ContextValue]]) -> EvaluationRequest {
            EvaluationRequest(action: action, resource: resource, principal: "arn:aws:iam::\(account):role/deployrole-check",
                              accountId: account, context: context)
        }
        let forged: [String: [ContextValue]] = ["aws:RequestTag/product:deployment": ["Analytics-Prod"],
                                                "aws:TagKeys": ["product:deployment"]]
        let foreignVolume = "arn:aws:ec2:us-east-1:\(account):volume/vol-0123456789abcdef0"
        let foreignTemplate = "arn:aws:ec2:us-east-1:\(account):launch-template/lt-0123456789abcdef0"
        #expect(!deployed.evaluator.evaluate(request("ec2:CreateTags", foreignVolume, forged)).isAllowed)
        #expect(!deployed.evaluator.evaluate(request("ec2:CreateTags", foreignTemplate, forged)).isAllowed)
        // The launch template's own tagging still works: its requests carry no such key.
        #expect(deployed.evaluator.evaluate(request("ec2:CreateTags", foreignTemplate, ["aws:TagKeys": ["Name"]])).isAllowed)
        // Another deployment's compute environment and key carry the tag already: they cannot be taken over.
        var taken = forged
        taken["aws:ResourceTag/product:deployment"] = ["Analytics-Test"]
        let foreignCompute = "arn:aws:batch:us-east-1:\(account):compute-environment/Compute-0123456789abc"
        let foreignKey = "arn:aws:kms:us-east-1:\(account):key/0123abcd-0000-4000-8000-000000000000"
        #expect(!deployed.evaluator.evaluate(request("batch:TagResource", foreignCompute, taken)).isAllowed)
        #expect(!deployed.evaluator.evaluate(request("kms:TagResource", foreignKey, taken)).isAllowed)
        // What stays possible, and says so: tagging at creation cannot be told from tagging an untagged resource.
        let creation = deployed.generation.analysis.requirements.requirements.filter {
            $0.action == "batch:TagResource" && $0.scope.conditions.contains { $0.conditionOperator == "Null" }
        }
        #expect(!creation.isEmpty && creation.allSatisfy { !$0.scope.isStackBound && $0.scope.note?.contains("at creation") == true })
    }

    /// A tag an older release did not set binds nothing during the upgrade: the resource gets it only when
    /// the update runs, so the update's calls must not depend on it.
    @Test func aTagAddedByTheUpgradeDoesNotBind() throws {
        let untagged = Self.release.replacingOccurrences(of: """
              Tags:
                product:deployment: !Ref AWS::StackName

        """, with: "\n")
        #expect(untagged != Self.release)
        let folder = try TemporaryDirectory("template-tags-upgrade")
        let oldStack = try StackEvaluator(input: StackInput()).evaluate(fileAt: try folder.write("old.yaml", untagged))
        var options = DerivationOptions(previousReleasesGiven: true)
        options.scoping.upgrading(from: [oldStack])
        let deployed = try Self.deployed(stackName: "Analytics-Prod", options: options)
        let requirements = deployed.generation.analysis.requirements.requirements
        let update = try #require(requirements.first { $0.action == "batch:UpdateComputeEnvironment" && $0.provenance.logicalId == "Compute" })
        #expect(!update.scope.isStackBound)
        // The key kept its tag in both releases, so it stays bound.
        let schedule = try #require(requirements.first { $0.action == "kms:ScheduleKeyDeletion" })
        #expect(schedule.scope.isStackBound)
    }
}
