import Foundation
import Testing
@testable import DeployRoleKit

/// Which of an old release's requirements an upgrade sends alike (what diff leaves out of a role's
/// judgment) when a resource they reference changes: alike when the change is in a property synthesis
/// does not read of a referenced resource, not when it changes that resource's ARN.
@Suite struct RequestsAlikeTests {
    static let logBucket = """
          LogBucket:
            Type: AWS::S3::Bucket
            Properties:
              BucketName: shop-logs

        """
    static let dataBucket = """
          DataBucket:
            Type: AWS::S3::Bucket
            Properties:
              LoggingConfiguration:
                DestinationBucketName: !Ref LogBucket

        """

    /// The old release's requirements on `DataBucket`, whether the upgrade to `new` sends each alike, their
    /// requests, and all the upgrade's requests.
    static func dataBucket(upgradingTo newLogBucket: String) throws
        -> (alike: [Bool], requests: [ConcreteRequest], upgradeRequests: Set<EvaluationRequest>) {
        let folder = try TemporaryDirectory("requests-alike")
        let old = try ReleaseAnalysis(templateAt: try folder.write("v1.yaml", "Resources:\n" + logBucket + dataBucket))
        let new = try ReleaseAnalysis(templateAt: try folder.write("v2.yaml", "Resources:\n" + newLogBucket + dataBucket))
        let upgrade = ReleaseAnalysis(upgradingFrom: [old], to: new)
        let target = DeploymentTarget(stackName: "shop")
        let oldSynthesizer = RequestSynthesizer(stacks: old.stacks, target: target, options: ScopingOptions(), catalog: old.catalog)
        let upgradeSynthesizer = RequestSynthesizer(stacks: upgrade.stacks, target: target, options: ScopingOptions(),
                                                    catalog: upgrade.catalog)
        let (oldPrepared, upgradePrepared) = (oldSynthesizer.prepared(old.requirements), upgradeSynthesizer.prepared(upgrade.requirements))
        let alike = oldSynthesizer.requirementsAlike(oldPrepared, in: upgradePrepared, of: upgradeSynthesizer)
        let onData = old.requirements.requirements.indices.filter { old.requirements.requirements[$0].provenance.logicalId == "DataBucket" }
        return (onData.map { alike[$0] }, onData.flatMap { oldSynthesizer.requests(for: old.requirements.requirements[$0]) },
                Set(upgradeSynthesizer.requests(for: upgradePrepared).map(\.request)))
    }

    @Test func aReferencedResourceChangedOutsideItsNameLeavesTheRequestsAlike() throws {
        let versioned = Self.logBucket + "      VersioningConfiguration:\n        Status: Enabled\n\n"
        let (alike, requests, upgradeRequests) = try Self.dataBucket(upgradingTo: versioned)
        #expect(!alike.isEmpty && alike.allSatisfy { $0 })
        // Every request of the old release's DataBucket is one the upgrade sends, the logs bucket's ARN included.
        #expect(requests.contains { $0.request.resource == "arn:aws:s3:::shop-logs" })
        #expect(requests.allSatisfy { upgradeRequests.contains($0.request) })
    }

    @Test func aReferencedResourceRenamedMakesTheRequestsUnlike() throws {
        let renamed = Self.logBucket.replacingOccurrences(of: "shop-logs", with: "shop-access-logs")
        let (alike, requests, upgradeRequests) = try Self.dataBucket(upgradingTo: renamed)
        #expect(!alike.isEmpty && alike.allSatisfy { !$0 })
        #expect(requests.contains { !upgradeRequests.contains($0.request) })
    }
}
