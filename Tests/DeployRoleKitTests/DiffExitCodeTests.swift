import Foundation
import Testing
@testable import DeployRoleKit

/// `diff --exit-code` exits 1 exactly when the role must be updated before upgrading, like
/// `git diff --exit-code`; without the flag a diff succeeds whatever it finds.
@Suite struct DiffExitCodeTests {
    static let first = """
    Resources:
      Queue:
        Type: AWS::SQS::Queue
    """
    static let second = first + """

      Topic:
        Type: AWS::SNS::Topic
    """

    @Test func exitCodeFollowsTheRoleUpdateVerdict() throws {
        guard let executable = ProcessRunner.deployroleExecutable() else {
            if SharedData.isCI { Issue.record("no deployrole executable next to the test bundle") }
            print("SKIP exitCodeFollowsTheRoleUpdateVerdict: no deployrole executable next to the test bundle")
            return
        }
        let folder = try TemporaryDirectory("diff-exit")
        let old = try folder.write("v1.yaml", Self.first)
        let new = try folder.write("v2.yaml", Self.second)

        let grows = try ProcessRunner.run(executable, ["diff", old, new, "--exit-code"])
        #expect(grows.status == 1, "\(grows.standardOutput)\(grows.standardError)")
        #expect(grows.standardOutput.contains("update the role before upgrading"))

        let same = try ProcessRunner.run(executable, ["diff", old, old, "--exit-code"])
        #expect(same.status == 0, "\(same.standardOutput)\(same.standardError)")

        let shrinks = try ProcessRunner.run(executable, ["diff", new, old, "--exit-code"])
        #expect(shrinks.status == 0, "dropping a resource needs no role update: \(shrinks.standardOutput)\(shrinks.standardError)")

        let plain = try ProcessRunner.run(executable, ["diff", old, new])
        #expect(plain.status == 0, "\(plain.standardOutput)\(plain.standardError)")
    }
}
