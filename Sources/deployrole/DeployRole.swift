import ArgumentParser
import DeployRoleKit
import Foundation

@main
struct DeployRole: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "deployrole",
        abstract: "Derive the least-privileged CloudFormation deployment role from a release template.",
        discussion: """
            Exit status: 0 success; 1 a verdict that needs action (check: permissions missing; diff --exit-code: \
            the role must be updated; simulate: denied; --strict: a gap); 2 bad input or usage, with a one-line \
            error naming the file, line and logical ID where known.
            """,
        version: "deployrole \(DeployRoleVersion.current)",
        subcommands: [GenerateCommand.self, ExplainCommand.self, StatsCommand.self, CheckCommand.self, DiffCommand.self, CatalogCommand.self, SimulateCommand.self]
    )

    /// Parses and runs the command. Usage errors exit with status 2, like every other bad input (not
    /// ArgumentParser's 64); a closed standard output ends the process as it ends `cat` (SIGPIPE).
    static func main() {
        signal(SIGPIPE, SIG_DFL)
        do {
            var command = try parseAsRoot()
            try command.run()
        } catch {
            if exitCode(for: error) == .validationFailure {
                printError("deployrole: " + fullMessage(for: error))
                Foundation.exit(2)
            }
            exit(withError: error)
        }
    }
}

/// What a command built, kept until the process exits: the operating system takes the memory back at once,
/// where freeing a release's analysis and requests object by object took milliseconds of every run.
enum KeptUntilExit {
    private static let lock = NSLock()
    nonisolated(unsafe) private static var kept: [Any] = []

    static func keep(_ values: Any...) {
        lock.lock()
        kept.append(contentsOf: values)
        lock.unlock()
    }
}

/// Writes a line to standard error, ignoring a closed standard error.
func printError(_ line: String) {
    try? FileHandle.standardError.write(contentsOf: Data((line + "\n").utf8))
}

/// Runs a command body, printing a `DeployRoleError` on one line and exiting with status 2.
func reportingErrors(_ body: () throws -> Void) throws {
    do {
        try body()
    } catch let error as DeployRoleError {
        printError("deployrole: \(error)")
        throw ExitCode(2)
    }
}

/// Writes text to a file or standard output; a failed write (a full disk) is a one-line error.
func write(_ text: String, to path: String?) throws {
    if let path {
        do {
            try text.write(toFile: path, atomically: true, encoding: .utf8)
        } catch {
            throw DeployRoleError(.io, "cannot write: \(error.localizedDescription)", file: path)
        }
    } else {
        do {
            try FileHandle.standardOutput.write(contentsOf: Data(text.utf8))
        } catch {
            throw DeployRoleError(.io, "cannot write to standard output: \(error.localizedDescription)")
        }
    }
}
