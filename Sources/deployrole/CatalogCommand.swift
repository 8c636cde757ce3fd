import ArgumentParser
import DeployRoleKit

struct CatalogCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "catalog",
        abstract: "Inspect the AWS catalog (the embedded one, or a folder given by --catalog).",
        subcommands: [Info.self, Lint.self, Diff.self]
    )

    struct Info: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Print the catalog's sources, versions and counts.")

        @Flag(help: "Print JSON.")
        var json = false

        @OptionGroup var catalog: CatalogOption

        func run() throws {
            try reportingErrors {
                let info = try catalog.load().info
                try write(json ? info.json() : info.render(), to: nil)
            }
        }
    }

    struct Lint: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "List handler actions corrected (wrong case) or dropped (not in the IAM reference).")
        @OptionGroup var catalog: CatalogOption

        func run() throws {
            try reportingErrors {
                try write(CatalogLintFinding.render(try catalog.load().lintFindings), to: nil)
            }
        }
    }

    struct Diff: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "List the resource types and handler actions a catalog folder adds or removes against the embedded catalog.",
            discussion: "Exit status 1 with --exit-code when they differ.")

        @Argument(help: ArgumentHelp("The catalog folder to compare with the embedded catalog.", valueName: "DIR"))
        var folder: String

        @Flag(help: "Print JSON.")
        var json = false

        @Flag(help: "Exit with status 1 when the catalogs differ.")
        var exitCode = false

        func run() throws {
            var differ = false
            try reportingErrors {
                var option = CatalogOption()
                option.folder = folder
                let diff = CatalogDiff(from: .embedded, to: try option.load())
                differ = !diff.isEmpty
                try write(json ? diff.json() : diff.render(), to: nil)
            }
            if exitCode && differ { throw ExitCode(1) }
        }
    }
}
