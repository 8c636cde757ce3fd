import ArgumentParser
import DeployRoleKit

struct CatalogCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "catalog",
        abstract: "Inspect the embedded AWS catalog.",
        subcommands: [Info.self, Lint.self]
    )

    struct Info: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Print the catalog's sources, versions and counts.")

        @Flag(help: "Print JSON.")
        var json = false

        func run() throws {
            try reportingErrors { try write(json ? Catalog.embedded.info.json() : Catalog.embedded.info.render(), to: nil) }
        }
    }

    struct Lint: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "List handler actions corrected (wrong case) or dropped (not in the IAM reference).")
        func run() throws {
            try reportingErrors {
                try write(CatalogLintFinding.render(Catalog.embedded.lintFindings), to: nil)
            }
        }
    }
}
