import Foundation
import Testing
@testable import DeployRoleKit

/// Handler actions left out because the template never sets their property (`property-actions.tsv`):
/// only where no update can need them. An action that also removes its property (S3's DeleteBucketCors
/// needs s3:PutBucketCORS) stays unless the releases upgraded from are given; a property the handler
/// applies through another property's action keeps it.
@Suite struct PropertyPruningTests {
    static func actions(_ resources: String, previousReleasesGiven: Bool = false) throws -> Set<String> {
        let folder = try TemporaryDirectory("pruning")
        let path = try folder.write("release.yaml", "Resources:\n" + resources)
        let analysis = try ReleaseAnalysis(templateAt: path, options: DerivationOptions(previousReleasesGiven: previousReleasesGiven))
        return Set(analysis.requirements.requirements.map(\.action))
    }

    static let bucket = "  Bucket:\n    Type: AWS::S3::Bucket\n"

    @Test func anActionThatAlsoRemovesItsPropertyStaysUnlessOlderReleasesAreGiven() throws {
        // Removing a CORS configuration an earlier release set calls DeleteBucketCors, which needs s3:PutBucketCORS.
        #expect(try Self.actions(Self.bucket).contains("s3:PutBucketCORS"))
        #expect(try Self.actions(Self.bucket).contains("s3:PutLifecycleConfiguration"))
        #expect(try !Self.actions(Self.bucket, previousReleasesGiven: true).contains("s3:PutBucketCORS"))
        // Removed by other actions (DeleteBucketWebsite): left out either way.
        #expect(try !Self.actions(Self.bucket).contains("s3:PutBucketWebsite"))
        let role = "  Role:\n    Type: AWS::IAM::Role\n    Properties:\n      AssumeRolePolicyDocument: {}\n"
        #expect(try !Self.actions(role).contains("iam:PutRolePolicy"))
    }

    /// Each action left out says why, with the row's evidence: the document that ties the action to the
    /// property, and the one that says how the property is removed.
    @Test func everyLeftOutActionShowsItsEvidence() throws {
        let folder = try TemporaryDirectory("pruning-evidence")
        let analysis = try ReleaseAnalysis(templateAt: try folder.write("release.yaml", "Resources:\n" + Self.bucket))
        let website = try #require(analysis.requirements.pruned.first { $0.action == "s3:PutBucketWebsite" })
        #expect(website.reason.contains("WebsiteConfiguration"))
        #expect(website.reason.contains("evidence: https://"))
        #expect(website.reason.contains("removing it uses other actions: https://"))
        let propertyPruned = analysis.requirements.pruned.filter { $0.reason.hasPrefix("serves only") }
        #expect(!propertyPruned.isEmpty && propertyPruned.allSatisfy { $0.reason.contains("evidence: https://") })
    }

    @Test func theUpgradeFromAReleaseThatSetThePropertyKeepsTheAction() throws {
        let folder = try TemporaryDirectory("pruning-upgrade")
        let old = try folder.write("v1.yaml", "Resources:\n" + Self.bucket + "    Properties:\n      CorsConfiguration:\n        CorsRules:\n          - AllowedMethods: [GET]\n            AllowedOrigins: ['*']\n")
        let new = try folder.write("v2.yaml", "Resources:\n" + Self.bucket)
        let options = DerivationOptions(previousReleasesGiven: true)
        let upgrade = ReleaseAnalysis(upgradingFrom: [try ReleaseAnalysis(templateAt: old, options: options)],
                                      to: try ReleaseAnalysis(templateAt: new, options: options))
        #expect(upgrade.requirements.requirements.contains { $0.action == "s3:PutBucketCORS" && $0.phase == .update
            && $0.provenance.previousRelease == old })
        let role = try RoleGeneration(analysis: upgrade, settings: RoleSettings(name: "upgrade"), sourceName: "v2.yaml")
        #expect(try SufficiencySupport.failures(of: role, options: ScopingOptions(), stackNames: 2).failures.isEmpty)
    }

    @Test func propertiesAppliedThroughAnotherPropertysActionKeepIt() throws {
        // ObjectLockEnabled without ObjectLockConfiguration: CreateBucket then PutObjectLockConfiguration.
        let locked = Self.bucket + "    Properties:\n      ObjectLockEnabled: true\n"
        #expect(try Self.actions(locked, previousReleasesGiven: true).contains("s3:PutBucketObjectLockConfiguration"))
        // The deprecated singular NotificationConfiguration of an Auto Scaling group.
        let group = """
          Group:
            Type: AWS::AutoScaling::AutoScalingGroup
            Properties:
              MinSize: '1'
              MaxSize: '1'
              LaunchConfigurationName: lc
              AvailabilityZones: [us-east-1a]
              NotificationConfiguration:
                TopicARN: arn:aws:sns:us-east-1:123456789012:t
                NotificationTypes: [autoscaling:EC2_INSTANCE_LAUNCH]

        """
        #expect(try Self.actions(group, previousReleasesGiven: true).contains("autoscaling:PutNotificationConfiguration"))
        // A log group's data protection policy sends its audit findings through a resource policy.
        let logs = "  Logs:\n    Type: AWS::Logs::LogGroup\n    Properties:\n      DataProtectionPolicy: {Name: p}\n"
        #expect(try Self.actions(logs, previousReleasesGiven: true).contains("logs:PutResourcePolicy"))
        #expect(try !Self.actions("  Logs:\n    Type: AWS::Logs::LogGroup\n", previousReleasesGiven: true).contains("logs:PutResourcePolicy"))
    }
}
