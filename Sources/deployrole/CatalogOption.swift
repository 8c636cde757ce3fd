import ArgumentParser
import DeployRoleKit
import Foundation

/// `--catalog DIR` (or `DEPLOYROLE_CATALOG`): a catalog folder used instead of the embedded one.
struct CatalogOption: ParsableArguments {
    @Option(name: .customLong("catalog"),
            help: ArgumentHelp("A catalog folder (cfn.tsv, iam.tsv, manifest.tsv, lint.tsv, as `deployrole catalog import` writes it) to use instead of the embedded catalog; DEPLOYROLE_CATALOG sets it too.",
                               valueName: "DIR"))
    var folder: String?

    /// The folder chosen, by option or environment; nil for the embedded catalog.
    var chosenFolder: String? {
        folder ?? ProcessInfo.processInfo.environment["DEPLOYROLE_CATALOG"].flatMap { $0.isEmpty ? nil : $0 }
    }

    /// The catalog to use: the embedded one, or the folder chosen, read and checked in full (a corrupt
    /// file is a one-line error, never a crash later).
    func load() throws -> Catalog {
        guard let path = chosenFolder else { return .embedded }
        let catalog = try Catalog(directory: URL(fileURLWithPath: path, isDirectory: true))
        try catalog.validate()
        return catalog
    }
}
