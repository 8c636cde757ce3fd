import Foundation
import Testing
@testable import DeployRoleKit

/// A release that drops properties an earlier release set: the update removes them with the actions that
/// set them (S3's DeleteBucketCors needs s3:PutBucketCORS, removing egress rules revokes them, Lambda's
/// recursion and runtime-management settings are reset by their Put). The role generated for the new
/// release alone, without `--upgrade-from` (a customer who skips releases, a vendor who did not list the
/// old one), must still allow that update and its rollback.
@Suite struct DroppedPropertiesUpgradeTests {
    /// The resources of both releases; `%GROUP%`, `%BUCKET%` and `%FUNCTION%` take the properties only the
    /// first release sets.
    static let resources = """
        Resources:
          Bucket:
            Type: AWS::S3::Bucket%BUCKET%
          Topic:
            Type: AWS::SNS::Topic
          Group:
            Type: AWS::EC2::SecurityGroup
            Properties:
              GroupDescription: app
              VpcId: vpc-0123456789abcdef0%GROUP%
          FunctionRole:
            Type: AWS::IAM::Role
            Properties:
              AssumeRolePolicyDocument:
                Statement:
                  - Effect: Allow
                    Principal: {Service: lambda.amazonaws.com}
                    Action: sts:AssumeRole
          Function:
            Type: AWS::Lambda::Function
            Properties:
              Runtime: python3.12
              Handler: index.handler
              Role: !GetAtt FunctionRole.Arn
              Code: {ZipFile: "def handler(e, c): return e"}%FUNCTION%
        """

    /// CORS, lifecycle, notifications, egress rules, Lambda recursion and runtime management.
    static let release1 = resources
        .replacingOccurrences(of: "%BUCKET%", with: """

                Properties:
                  CorsConfiguration:
                    CorsRules:
                      - AllowedMethods: [GET]
                        AllowedOrigins: ['*']
                  LifecycleConfiguration:
                    Rules:
                      - Status: Enabled
                        ExpirationInDays: 30
                  NotificationConfiguration:
                    TopicConfigurations:
                      - Event: s3:ObjectCreated:*
                        Topic: !Ref Topic
            """)
        .replacingOccurrences(of: "%GROUP%", with: """

                  SecurityGroupEgress:
                    - IpProtocol: tcp
                      FromPort: 443
                      ToPort: 443
                      CidrIp: 10.0.0.0/8
            """)
        .replacingOccurrences(of: "%FUNCTION%", with: """

                  RecursiveLoop: Allow
                  RuntimeManagementConfig:
                    UpdateRuntimeOn: Manual
                    RuntimeVersionArn: arn:aws:lambda:us-east-1::runtime:0123456789abcdef
            """)

    /// The same resources without those properties.
    static let release2 = resources.replacingOccurrences(of: "%BUCKET%", with: "")
        .replacingOccurrences(of: "%GROUP%", with: "").replacingOccurrences(of: "%FUNCTION%", with: "")

    @Test func theRoleOfTheNewReleaseAloneAllowsTheUpgradeThatDropsThem() throws {
        let folder = try TemporaryDirectory("dropped-properties")
        let old = try ReleaseAnalysis(templateAt: try folder.write("v1.yaml", Self.release1))
        let new = try ReleaseAnalysis(templateAt: try folder.write("v2.yaml", Self.release2))
        let role = try RoleGeneration(analysis: new, settings: RoleSettings(name: "app-deployer"), sourceName: "v2.yaml")
        func property(_ analysis: ReleaseAnalysis, _ id: String, _ name: String) -> Value? {
            analysis.stack.resources.first { $0.logicalId == id }?.properties?[name]
        }
        for (id, name) in [("Bucket", "CorsConfiguration"), ("Group", "SecurityGroupEgress"), ("Function", "RecursiveLoop")] {
            #expect(property(old, id, name) != nil && property(new, id, name) == nil, "\(id).\(name)")
        }

        let upgrade = ReleaseAnalysis(upgradingFrom: [old], to: new)
        let target = DeploymentTarget(stackName: "App-Prod")
        let requests = RequestSynthesizer(stacks: upgrade.stacks, target: target, options: ScopingOptions(), catalog: upgrade.catalog)
            .requests(for: upgrade.requirements)
        // The upgrade does send the calls that remove each property (the test would pass vacuously otherwise).
        let actions = Set(requests.map(\.requirement.action))
        for removing in ["s3:PutBucketCORS", "s3:PutLifecycleConfiguration", "s3:PutBucketNotification",
                         "ec2:RevokeSecurityGroupEgress", "lambda:PutFunctionRecursionConfig",
                         "lambda:PutRuntimeManagementConfig"] {
            #expect(actions.contains(removing), "the upgrade sends no \(removing)")
        }
        let check = RoleCheck(requests: requests, requirements: upgrade.requirements,
                              role: try role.concreteRole(for: target), catalog: upgrade.catalog)
        #expect(check.missing.isEmpty, "\(check.missing.map(\.action))")

        // Pruned as if the old releases were given (they are not here), the role lacks those actions: the
        // check above is the one that would catch it.
        let pruned = try ReleaseAnalysis(templateAt: folder.path + "/v2.yaml", options: DerivationOptions(previousReleasesGiven: true))
        let prunedRole = try RoleGeneration(analysis: pruned, settings: RoleSettings(name: "app-deployer"), sourceName: "v2.yaml")
        let prunedCheck = RoleCheck(requests: requests, requirements: upgrade.requirements,
                                    role: try prunedRole.concreteRole(for: target), catalog: upgrade.catalog)
        #expect(Set(prunedCheck.missing.map(\.action)).isSuperset(of: ["s3:PutBucketCORS", "s3:PutLifecycleConfiguration"]),
                "\(prunedCheck.missing.map(\.action))")
    }
}
