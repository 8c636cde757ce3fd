import Foundation
import Testing
@testable import DeployRoleKit

/// The upgrade workflow through the command line, as a release engineer and an admin run it: releases in
/// a folder, `generate --upgrade-from`, `check --upgrade-from`, `diff --exit-code`, and the JSON reports a
/// pipeline reads.
@Suite struct UpgradeCommandTests {
    /// v1: a queue, a topic and a bucket with a CORS configuration.
    static let v1 = """
    Resources:
      Queue:
        Type: AWS::SQS::Queue
      Topic:
        Type: AWS::SNS::Topic
      Bucket:
        Type: AWS::S3::Bucket
        Properties:
          CorsConfiguration:
            CorsRules:
              - AllowedMethods: [GET]
                AllowedOrigins: ["*"]
    """
    /// v2 drops the topic and the CORS configuration, adds a log group and a parameter.
    static let v2 = """
    Parameters:
      Retention:
        Type: Number
        Default: 7
    Resources:
      Queue:
        Type: AWS::SQS::Queue
      Bucket:
        Type: AWS::S3::Bucket
      Logs:
        Type: AWS::Logs::LogGroup
        Properties:
          RetentionInDays: !Ref Retention
    """
    /// v3 adds a table.
    static let v3 = v2 + """

      Table:
        Type: AWS::DynamoDB::Table
        Properties:
          AttributeDefinitions: [{AttributeName: id, AttributeType: S}]
          KeySchema: [{AttributeName: id, KeyType: HASH}]
          BillingMode: PAY_PER_REQUEST
    """

    struct Releases {
        let folder: TemporaryDirectory
        let v1: String, v2: String, v3: String
        var root: String { folder.path + "/releases" }

        init() throws {
            folder = try TemporaryDirectory("upgrade-cli")
            v1 = try folder.write("releases/v1/app.yaml", UpgradeCommandTests.v1)
            v2 = try folder.write("releases/v2/app.yaml", UpgradeCommandTests.v2)
            v3 = try folder.write("releases/v3/app.yaml", UpgradeCommandTests.v3)
        }

        func path(_ name: String) -> String { folder.path + "/" + name }
    }

    static func json(_ text: String) throws -> [String: Any] {
        try #require(JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any])
    }

    @Test func exitCodeFollowsTheRoleUpdateVerdict() throws {
        guard let executable = ProcessRunner.deployroleOrSkip() else { return }
        let releases = try Releases()
        let grows = try ProcessRunner.run(executable, ["diff", releases.v2, releases.v3, "--exit-code"])
        #expect(grows.status == 1, "\(grows.standardOutput)\(grows.standardError)")
        #expect(grows.standardOutput.contains("update the role before upgrading"))

        let same = try ProcessRunner.run(executable, ["diff", releases.v1, releases.v1, "--exit-code"])
        #expect(same.status == 0, "\(same.standardOutput)\(same.standardError)")

        let shrinks = try ProcessRunner.run(executable, ["diff", releases.v3, releases.v2, "--exit-code"])
        #expect(shrinks.status == 0, "dropping a resource needs no role update: \(shrinks.standardOutput)\(shrinks.standardError)")

        let plain = try ProcessRunner.run(executable, ["diff", releases.v2, releases.v3])
        #expect(plain.status == 0, "\(plain.standardOutput)\(plain.standardError)")

        let tooMany = try ProcessRunner.run(executable, ["diff", releases.v2, releases.v3, "--max-managed-policies", "21"])
        #expect(tooMany.status != 0 && tooMany.standardError.contains("--max-managed-policies"))
    }

    @Test func diffAndCheckAgreeOnTheUpgrade() throws {
        guard let executable = ProcessRunner.deployroleOrSkip() else { return }
        let releases = try Releases()
        let oldRole = releases.path("v1-role.yaml")
        #expect(try ProcessRunner.run(executable, ["generate", releases.v1, "-o", oldRole]).status == 0)
        for (from, to) in [(releases.v1, releases.v2), (releases.v2, releases.v3), (releases.v1, releases.v1)] {
            let diff = try ProcessRunner.run(executable, ["diff", from, to, "--exit-code", "--format", "json"])
            let fromRole = releases.path("from-role.yaml")
            #expect(try ProcessRunner.run(executable, ["generate", from, "-o", fromRole]).status == 0)
            let check = try ProcessRunner.run(executable, ["check", to, "--role", fromRole, "--upgrade-from", from, "--format", "json"])
            #expect(diff.status == check.status, "diff \(from) → \(to): \(diff.standardOutput)\ncheck: \(check.standardOutput)")
            let diffReport = try Self.json(diff.standardOutput), checkReport = try Self.json(check.standardOutput)
            #expect(diffReport["roleUpdateRequired"] as? Bool == !(checkReport["sufficient"] as? Bool ?? true))
            let added = (diffReport["findings"] as? [[String: Any]] ?? []).filter { $0["kind"] as? String == "added" }
            let missing = (checkReport["findings"] as? [[String: Any]] ?? []).filter { $0["kind"] as? String == "missing" }
            #expect(added.map { "\($0["action"]!) \($0["resources"]!)" } == missing.map { "\($0["action"]!) \($0["resources"]!)" })
        }
    }

    @Test func theRoleForTheNewReleaseAloneFailsTheUpgradeAndTheUpgradeRolePassesIt() throws {
        guard let executable = ProcessRunner.deployroleOrSkip() else { return }
        let releases = try Releases()
        let alone = releases.path("v2-alone.yaml"), upgrade = releases.path("v2-upgrade.yaml")
        #expect(try ProcessRunner.run(executable, ["generate", releases.v2, "-o", alone]).status == 0)
        #expect(try ProcessRunner.run(executable, ["generate", releases.v2, "--upgrade-from", releases.v1, "-o", upgrade]).status == 0)

        let fails = try ProcessRunner.run(executable, ["check", releases.v2, "--role", alone, "--upgrade-from", releases.v1,
                                                       "--stack-name", "shop-prod", "--format", "json"])
        #expect(fails.status == 1, "\(fails.standardOutput)\(fails.standardError)")
        let report = try Self.json(fails.standardOutput)
        #expect(report["sufficient"] as? Bool == false)
        #expect((report["requestsEvaluated"] as? Int ?? 0) > 0)
        let findings = report["findings"] as? [[String: Any]] ?? []
        // The cleanup deletes the topic v2 drops: named, on the ARN of the stack the admin named.
        let deleteTopic = findings.first { $0["action"] as? String == "sns:DeleteTopic" }
        #expect(deleteTopic != nil, "\(fails.standardOutput)")
        #expect((deleteTopic?["resources"] as? [String])?.allSatisfy { $0.contains(":shop-prod-Topic-") } == true)
        let needs = deleteTopic?["neededBy"] as? [[String: Any]] ?? []
        #expect(needs.contains { $0["logicalId"] as? String == "Topic" && $0["phase"] as? String == "delete"
            && ($0["upgradedFrom"] as? String)?.hasSuffix("v1/app.yaml") == true })
        // Removing the CORS configuration v2 drops needs s3:PutBucketCORS: the role for v2 alone grants it,
        // since it cannot know which older release set one.
        #expect(!findings.contains { $0["action"] as? String == "s3:PutBucketCORS" })
        #expect(try ProcessRunner.run(executable, ["explain", releases.v2, "s3:PutBucketCORS"]).status == 0)
        // explain traces the upgrade's grants to the release they come from.
        let explained = try ProcessRunner.run(executable, ["explain", releases.v2, "sns:DeleteTopic", "--upgrade-from", releases.v1])
        #expect(explained.status == 0 && explained.standardOutput.contains("delete: Topic (AWS::SNS::Topic): delete handler, release upgraded from"),
                "\(explained.standardOutput)\(explained.standardError)")
        #expect(try ProcessRunner.run(executable, ["stats", releases.v2, "--upgrade-from", releases.v1]).status == 0)
        // The assumptions: both releases, with their parameters.
        let assumptions = report["assumptions"] as? [String: Any]
        let stated = assumptions?["releases"] as? [[String: Any]] ?? []
        #expect(stated.count == 2)
        #expect(stated.first?["parametersAtDefault"] as? [String] == ["Retention"])

        let passes = try ProcessRunner.run(executable, ["check", releases.v2, "--role", upgrade, "--upgrade-from", releases.v1])
        #expect(passes.status == 0, "\(passes.standardOutput)\(passes.standardError)")
        #expect(passes.standardOutput.contains("sufficient: the role allows all"))
    }

    @Test func aFolderOfReleasesCoversEveryUpgradePath() throws {
        guard let executable = ProcessRunner.deployroleOrSkip() else { return }
        let releases = try Releases()
        let role = releases.path("v3-role.yaml")
        // The folder holds v3 itself: it is skipped. A parameter v1 does not declare is ignored for v1.
        let generated = try ProcessRunner.run(executable, ["generate", releases.v3, "--upgrade-from", releases.root,
                                                           "--parameter", "Retention=30", "-o", role])
        #expect(generated.status == 0, "\(generated.standardError)")
        for from in [releases.v1, releases.v2] {
            let check = try ProcessRunner.run(executable, ["check", releases.v3, "--role", role, "--upgrade-from", from,
                                                           "--parameter", "Retention=30"])
            #expect(check.status == 0, "from \(from): \(check.standardOutput)\(check.standardError)")
        }
        // Both paths at once, by repeating the option.
        let both = try ProcessRunner.run(executable, ["check", releases.v3, "--role", role, "--upgrade-from", releases.v1,
                                                      "--upgrade-from", releases.v2, "--parameter", "Retention=30"])
        #expect(both.status == 0, "\(both.standardOutput)\(both.standardError)")
        #expect(both.standardOutput.contains("upgrade from \(releases.v1)") && both.standardOutput.contains("upgrade from \(releases.v2)"))
        // A role covering only v2 → v3 fails the path from v1.
        let partial = releases.path("v3-from-v2.yaml")
        #expect(try ProcessRunner.run(executable, ["generate", releases.v3, "--upgrade-from", releases.v2, "-o", partial]).status == 0)
        let fromV1 = try ProcessRunner.run(executable, ["check", releases.v3, "--role", partial, "--upgrade-from", releases.v1])
        #expect(fromV1.status == 1 && fromV1.standardOutput.contains("sns:DeleteTopic"), "\(fromV1.standardOutput)")

        let empty = try releases.folder.write("empty/README", "no releases here")
        let none = try ProcessRunner.run(executable, ["generate", releases.v3, "--upgrade-from", (empty as NSString).deletingLastPathComponent])
        #expect(none.status == 2 && none.standardError.contains("no release named app.yaml"), "\(none.standardError)")
    }
}
