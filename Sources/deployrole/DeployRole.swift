import ArgumentParser
import DeployRoleKit
import Foundation

@main
struct DeployRole: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "deployrole",
        abstract: "Derive the least-privileged CloudFormation deployment role from a release template.",
        subcommands: [GenerateCommand.self, ExplainCommand.self, StatsCommand.self, CheckCommand.self, DiffCommand.self, CatalogCommand.self, SimulateCommand.self]
    )
}

/// Runs a command body, printing a `DeployRoleError` on one line and exiting with status 2.
func reportingErrors(_ body: () throws -> Void) throws {
    do {
        try body()
    } catch let error as DeployRoleError {
        FileHandle.standardError.write(Data("deployrole: \(error)\n".utf8))
        throw ExitCode(2)
    }
}

/// Writes text to a file or standard output.
func write(_ text: String, to path: String?) throws {
    if let path {
        do {
            try text.write(toFile: path, atomically: true, encoding: .utf8)
        } catch {
            throw DeployRoleError(.io, "cannot write: \(error.localizedDescription)", file: path)
        }
    } else {
        FileHandle.standardOutput.write(Data(text.utf8))
    }
}
