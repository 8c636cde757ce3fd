import Foundation
import Testing
@testable import DeployRoleKit

/// Grants are bound to the product stack: by CloudFormation's system tags for resources whose IDs the
/// service picks, by lower-cased names where the service stores names so, and by the request itself for a
/// managed policy's attach calls. Judged by evaluating requests of this stack and of a second stack.
@Suite struct StackBindingTests {
    static let release = """
    AWSTemplateFormatVersion: '2010-09-09'
    Resources:
      Vpc:
        Type: AWS::EC2::VPC
        Properties: {CidrBlock: 10.0.0.0/16}
      Group:
        Type: AWS::EC2::SecurityGroup
        Properties:
          GroupDescription: web
          VpcId: !Ref Vpc
      Ingress:
        Type: AWS::EC2::SecurityGroupIngress
        Properties: {GroupId: !GetAtt Group.GroupId, IpProtocol: tcp, FromPort: 443, ToPort: 443, CidrIp: 10.0.0.0/8}
      Cache:
        Type: AWS::ElastiCache::SubnetGroup
        Properties:
          CacheSubnetGroupName: !Sub '${AWS::StackName}-Redis'
          Description: redis
          SubnetIds: [subnet-0123456789abcdef0]
      Uploads:
        Type: AWS::S3::Bucket
      Access:
        Type: AWS::IAM::ManagedPolicy
        Properties:
          PolicyDocument: {Version: '2012-10-17', Statement: [{Effect: Allow, Action: s3:GetObject, Resource: '*'}]}
    """

    static func deployed(stackName: String) throws -> DeployedRelease { try DeployedRelease(release, stackName: stackName) }

    static func requests(_ deployed: DeployedRelease, stackName: String, seed: UInt64) -> [ConcreteRequest] {
        deployed.requests(stackName: stackName, seed: seed)
    }

    @Test func securityGroupCallsAreBoundByTheSystemTag() throws {
        let deployed = try Self.deployed(stackName: "Shop-Prod")
        let statements = deployed.generation.policies.flatMap(\.statements)
        // (The action may be compacted into a wildcard with its siblings.)
        let authorize = try #require(statements.first { $0.actions.contains {
            WildcardMatcher.matches(pattern: $0.lowercased(), value: "ec2:authorizesecuritygroupingress")
        } })
        #expect(authorize.conditions.map(\.key) == ["aws:ResourceTag/aws:cloudformation:stack-name"])
        let create = statements.filter { $0.actions.contains("ec2:CreateSecurityGroup") }
        #expect(create.contains { $0.conditions.map(\.key) == ["aws:RequestTag/aws:cloudformation:stack-name"] })
        // Tagging at creation is granted with the creating call named.
        #expect(statements.contains { $0.actions.contains("ec2:CreateTags")
            && $0.conditions.contains { $0.key == "ec2:CreateAction" && $0.values.contains(ResourcePattern([.literal("CreateSecurityGroup")])) } })

        let own = Self.requests(deployed, stackName: "Shop-Prod", seed: 3)
        let denied = own.filter { !deployed.evaluator.evaluate($0.request).isAllowed }
        #expect(denied.isEmpty, "\(denied.prefix(5).map { "\($0.request.action) \($0.request.resource) \($0.request.context)" })")

        let other = Self.requests(deployed, stackName: "Shop-Test", seed: 4)
            .filter { SecondDeploymentReach.actsOnExistingResource($0, catalog: .embedded) && $0.request.action.hasPrefix("ec2:") }
        #expect(!other.isEmpty)
        let reached = other.filter { deployed.evaluator.evaluate($0.request).isAllowed }
        #expect(reached.isEmpty, "\(reached.prefix(5).map { "\($0.request.action) \($0.request.resource)" })")
    }

    /// S3 rejects a bucket name with upper-case letters (it does not lower-case it, as RDS does): a release
    /// naming a bucket from the stack name deploys only under a lower-case stack name, and the role template
    /// accepts only such names. Services that lower-case names (ElastiCache, above) leave it mixed-case.
    @Test func namesServicesAcceptOnlyInLowerCaseMakeTheStackNameLowerCase() throws {
        let lower = try DeployedRelease("""
        Resources:
          Data:
            Type: AWS::S3::Bucket
            Properties: {BucketName: !Sub '${AWS::StackName}-data'}
        """, stackName: "shop-prod")
        #expect(lower.generation.analysis.requirements.lowerCaseStackNameRequiredBy == ["Data"])
        let yaml = try lower.generation.roleTemplate.yaml()
        #expect(yaml.contains("AllowedPattern: ^[a-z][-a-z0-9]*$\n    Description: Name of the product stack"), "\(yaml.prefix(1500))")
        #expect(yaml.contains("in lower case, since the release builds names from it that its services accept only in lower case (Data)"))
        #expect(throws: DeployRoleError.self) {
            try RoleGeneration(analysis: lower.generation.analysis, settings: RoleSettings(name: "role", stackName: "Shop-Prod"),
                               sourceName: "release.yaml")
        }
        let mixed = try Self.deployed(stackName: "Shop-Prod")
        #expect(mixed.generation.analysis.requirements.lowerCaseStackNameRequiredBy.isEmpty)
        #expect(try mixed.generation.roleTemplate.yaml().contains("AllowedPattern: ^[a-zA-Z][-a-zA-Z0-9]*$"))
    }

    @Test func lowerCasedNamesFollowTheLowerCaseStackName() throws {
        let deployed = try Self.deployed(stackName: "Shop-Prod")
        let yaml = try deployed.generation.roleTemplate.yaml()
        #expect(yaml.contains("ProductStackNameLowerCase:"))
        #expect(yaml.contains("subnetgroup:${ProductStackNameLowerCase}-redis"))
        #expect(yaml.contains(":::${ProductStackNameLowerCase}-uploads-*"))
        let allowed = { (action: String, arn: String) in
            deployed.evaluator.evaluate(EvaluationRequest(action: action, resource: arn)).isAllowed
        }
        #expect(allowed("elasticache:CreateCacheSubnetGroup", "arn:aws:elasticache:us-east-1:123456789012:subnetgroup:shop-prod-redis"))
        #expect(!allowed("elasticache:DeleteCacheSubnetGroup", "arn:aws:elasticache:us-east-1:123456789012:subnetgroup:shop-test-redis"))
        #expect(allowed("s3:PutBucketTagging", "arn:aws:s3:::shop-prod-uploads-1a2b3c4d5e6f7"))
        #expect(!allowed("s3:PutBucketTagging", "arn:aws:s3:::shop-test-uploads-1a2b3c4d5e6f7"))
    }

    @Test func aManagedPolicyAttachesOnlyItself() throws {
        let deployed = try Self.deployed(stackName: "Shop-Prod")
        let attach = try #require(deployed.generation.policies.flatMap(\.statements).first { $0.actions.contains("iam:AttachRolePolicy") })
        #expect(attach.conditions.map(\.key) == ["iam:PolicyARN"])
        let own = Self.requests(deployed, stackName: "Shop-Prod", seed: 5).filter { $0.request.action == "iam:AttachRolePolicy" }
        #expect(!own.isEmpty)
        #expect(own.allSatisfy { deployed.evaluator.evaluate($0.request).isAllowed })
        let foreign = EvaluationRequest(action: "iam:AttachRolePolicy", resource: "arn:aws:iam::123456789012:role/any",
                                        context: ["iam:PolicyARN": ["arn:aws:iam::aws:policy/AdministratorAccess"]])
        #expect(!deployed.evaluator.evaluate(foreign).isAllowed)
    }
}
