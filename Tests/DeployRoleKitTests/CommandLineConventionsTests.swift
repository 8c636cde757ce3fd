import Foundation
import Testing
@testable import DeployRoleKit

/// The command line behaves like a well-made Unix tool: documented exit statuses for every command,
/// usage errors included; output errors handled (a closed pipe, a full disk); gaps never silent; a
/// template from standard input; JSON wherever a report exists.
@Suite struct CommandLineConventionsTests {
    static let release = """
    Resources:
      Queue:
        Type: AWS::SQS::Queue
    """
    /// A release with a type no catalog knows: a gap under --allow-unknown-types.
    static let withUnknownType = release + """

      Gadget:
        Type: Acme::Widget::Gadget
    """

    /// Runs a shell command line (for pipes and redirections), returning its status.
    static func shell(_ line: String, in folder: String) throws -> ProcessResult {
        try ProcessRunner.run("/bin/sh", ["-c", line], currentDirectory: folder)
    }

    @Test func everyCommandHasTheDocumentedExitStatuses() throws {
        guard let deployrole = ProcessRunner.deployroleOrSkip() else { return }
        let folder = try TemporaryDirectory("exit-status")
        let release = try folder.write("app.yaml", Self.release)
        let broken = try folder.write("broken.yaml", "Resources: [\n")
        let role = folder.path + "/role.yaml"
        let policy = try folder.write("allow.json", #"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"s3:GetObject","Resource":"*"}]}"#)
        #expect(try ProcessRunner.run(deployrole, ["generate", release, "-o", role]).status == 0)
        let cases: [(arguments: [String], status: Int32)] = [
            (["generate", release], 0), (["generate", broken], 2), (["generate"], 2),
            (["generate", release, "--max-managed-policies", "0"], 2), (["generate", release, "--no-such-option"], 2),
            (["explain", release], 0), (["explain", release, "sqs:NoSuchAction"], 2), (["explain", release, "--format", "yaml"], 2),
            (["stats", release], 0), (["stats", broken], 2),
            (["check", release, "--role", role], 0), (["check", release, "--role", policy], 1), (["check", release], 2),
            (["diff", release, release, "--exit-code"], 0), (["diff", release], 2),
            (["simulate", "--policy", policy, "--action", "s3:GetObject"], 0),
            (["simulate", "--policy", policy, "--action", "s3:PutObject"], 1), (["simulate", "--action", "s3:GetObject", "--policy", broken], 2),
            (["catalog", "info"], 0), (["catalog", "lint"], 0), (["catalog", "nothing"], 2),
            (["--version"], 0), (["--help"], 0), (["generate", "--help"], 0), (["no-such-command"], 2),
        ]
        for (arguments, status) in cases {
            let result = try ProcessRunner.run(deployrole, arguments, currentDirectory: folder.path)
            #expect(result.status == status, "deployrole \(arguments.joined(separator: " ")): \(result.standardError)")
            if status == 2 {
                // A usage or input error is one line on standard error, naming what went wrong.
                #expect(result.standardError.hasPrefix("deployrole: "), "\(arguments): \(result.standardError)")
            }
        }
    }

    @Test func outputErrorsAreHandled() throws {
        guard let deployrole = ProcessRunner.deployroleOrSkip() else { return }
        let folder = try TemporaryDirectory("output-errors")
        try folder.write("app.yaml", Self.release)
        let quoted = "'\(deployrole)'"
        // A reader that stops early ends the command as it ends cat: by SIGPIPE, quietly.
        let pipe = try Self.shell("\(quoted) explain app.yaml | head -c 1 >/dev/null; \(quoted) explain app.yaml --format json | true; "
                                  + "\(quoted) explain app.yaml | (exec 0<&-; true); echo done", in: folder.path)
        #expect(pipe.standardOutput == "done\n")
        #expect(!pipe.standardError.contains("Fatal error"), "\(pipe.standardError)")
        // The writer's own status: killed by SIGPIPE (128 + 13), as a shell reports for cat. (An output
        // larger than a pipe's buffer, so that the write meets the closed pipe.)
        try folder.write("large.yaml", "Resources:\n" + (1...200).map { "  Topic\($0):\n    Type: AWS::SNS::Topic\n" }.joined())
        let status = try Self.shell("(\(quoted) explain large.yaml; echo $? > status) | head -c 1 >/dev/null; cat status", in: folder.path)
        #expect(status.standardOutput == "141\n", "\(status.standardOutput)\(status.standardError)")
        // A full disk is a one-line error and status 2, for standard output and for -o.
        if FileManager.default.fileExists(atPath: "/dev/full") {
            let full = try Self.shell("\(quoted) generate app.yaml > /dev/full", in: folder.path)
            #expect(full.status == 2, "\(full.standardError)")
            #expect(full.standardError.hasPrefix("deployrole: ") && full.standardError.split(separator: "\n").count == 1,
                    "\(full.standardError)")
            let file = try ProcessRunner.run(deployrole, ["generate", "app.yaml", "-o", "/dev/full/role.yaml"], currentDirectory: folder.path)
            #expect(file.status == 2 && file.standardError.contains("error[io]"), "\(file.standardError)")
        }
    }

    @Test func gapsAreNeverSilent() throws {
        guard let deployrole = ProcessRunner.deployroleOrSkip() else { return }
        let folder = try TemporaryDirectory("gaps")
        let release = try folder.write("app.yaml", Self.withUnknownType)
        let role = folder.path + "/role.yaml"
        // Without the flag the unknown type is an error; with it, a gap.
        #expect(try ProcessRunner.run(deployrole, ["generate", release]).status == 2)
        let generated = try ProcessRunner.run(deployrole, ["generate", release, "--allow-unknown-types", "-o", role])
        #expect(generated.status == 0)
        #expect(generated.standardError.contains("warning: gap let pass") && generated.standardError.contains("Gadget"))
        #expect(try String(contentsOfFile: role, encoding: .utf8).contains("Gadget"))
        // --strict makes any gap status 1, after writing the output.
        let strict = try ProcessRunner.run(deployrole, ["generate", release, "--allow-unknown-types", "--strict"])
        #expect(strict.status == 1 && strict.standardOutput.contains("AWS::IAM::Role"))
        // Every report format shows the gap.
        for format in ["text", "json", "markdown", "sarif"] {
            let check = try ProcessRunner.run(deployrole, ["check", release, "--allow-unknown-types", "--role", role, "--format", format])
            #expect(check.status == 0, "\(format): \(check.standardError)")
            #expect(check.standardOutput.contains("Gadget"), "\(format) does not show the gap: \(check.standardOutput)")
            #expect(check.standardError.contains("warning: gap let pass"))
            let diff = try ProcessRunner.run(deployrole, ["diff", release, release, "--allow-unknown-types", "--format", format])
            #expect(diff.standardOutput.contains("Gadget"), "diff \(format) does not show the gap")
        }
        let sarif = try ProcessRunner.run(deployrole, ["check", release, "--allow-unknown-types", "--role", role, "--format", "sarif"])
        #expect(sarif.standardOutput.contains("\"ruleId\": \"gap\"") && sarif.standardOutput.contains("\"level\": \"warning\""))
        let text = try ProcessRunner.run(deployrole, ["check", release, "--allow-unknown-types", "--role", role])
        #expect(text.standardOutput.contains("1 gaps let pass were not checked"))
        for arguments in [["explain", release, "--allow-unknown-types"], ["explain", release, "--allow-unknown-types", "--format", "json"],
                          ["stats", release, "--allow-unknown-types"], ["stats", release, "--allow-unknown-types", "--json"]] {
            let result = try ProcessRunner.run(deployrole, arguments)
            #expect(result.status == 0 && result.standardOutput.contains("Gadget"), "\(arguments)")
        }
    }

    @Test func aReleaseFromStandardInputAndJSONEverywhere() throws {
        guard let deployrole = ProcessRunner.deployroleOrSkip() else { return }
        let folder = try TemporaryDirectory("stdin")
        try folder.write("app.yaml", Self.release)
        let quoted = "'\(deployrole)'"
        let fromFile = try ProcessRunner.run(deployrole, ["generate", "app.yaml", "--format", "policy-json", "--name", "app"], currentDirectory: folder.path)
        let fromInput = try Self.shell("\(quoted) generate - --format policy-json --name app < app.yaml", in: folder.path)
        #expect(fromInput.status == 0, "\(fromInput.standardError)")
        #expect(fromInput.standardOutput == fromFile.standardOutput)
        let bad = try Self.shell("echo 'Resources: [' | \(quoted) generate -", in: folder.path)
        #expect(bad.status == 2 && bad.standardError.contains("<stdin>:"), "\(bad.standardError)")

        let explain = try ProcessRunner.run(deployrole, ["explain", "app.yaml", "--format", "json"], currentDirectory: folder.path)
        let tree = try #require(JSONSerialization.jsonObject(with: Data(explain.standardOutput.utf8)) as? [String: Any])
        let actions = try #require(tree["actions"] as? [[String: Any]])
        #expect(actions.contains { $0["action"] as? String == "sqs:CreateQueue" })
        let info = try ProcessRunner.run(deployrole, ["catalog", "info", "--json"])
        let facts = try #require(JSONSerialization.jsonObject(with: Data(info.standardOutput.utf8)) as? [String: Any])
        #expect((facts["iamActions"] as? Int ?? 0) > 10_000)
    }

    @Test func sarifNamesFilesRelativeToTheRepositoryRoot() throws {
        guard let deployrole = ProcessRunner.deployroleOrSkip() else { return }
        let folder = try TemporaryDirectory("sarif-uri")
        let release = try folder.write("releases/app.yaml", Self.release)
        let policy = try folder.write("deny.json", #"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"s3:GetObject","Resource":"*"}]}"#)
        // Given as an absolute path, run from the repository root: the URI is relative to it.
        let sarif = try ProcessRunner.run(deployrole, ["check", release, "--role", policy, "--format", "sarif"], currentDirectory: folder.path)
        #expect(sarif.standardOutput.contains("\"uri\": \"releases/app.yaml\""), "\(sarif.standardOutput)")
        #expect(!sarif.standardOutput.contains("\"uri\": \"/"))
    }
}
