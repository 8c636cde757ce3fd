import Foundation
import Testing
@testable import DeployRoleKit

/// A catalog folder given with `--catalog DIR` (or `DEPLOYROLE_CATALOG`) replaces the embedded catalog in
/// every command; `catalog diff` lists what it adds or removes.
@Suite struct CatalogOptionTests {
    static let source = SharedData.packageRoot.appendingPathComponent("Sources/DeployRoleKit/Resources/catalog")
    static let example = SharedData.packageRoot.appendingPathComponent("Examples/webapp/release.template.yaml").path

    /// A copy of the catalog source folder with `AWS::SQS::Queue` renamed and one of its create actions
    /// changed (same lengths, so the index's offsets still hold).
    static func modifiedCatalog() throws -> TemporaryDirectory {
        let folder = try TemporaryDirectory("catalog")
        for name in ["cfn.tsv", "iam.tsv", "manifest.tsv", "lint.tsv", "supplement.json"] {
            var text = try String(contentsOf: source.appendingPathComponent(name), encoding: .utf8)
            if name == "cfn.tsv" {
                text = text.replacingOccurrences(of: "AWS::SQS::Queue\t", with: "AWS::SQS::Quack\t")
                text = text.replacingOccurrences(of: "\tAWS::SQS::Queue\t", with: "\tAWS::SQS::Quack\t")
            }
            try folder.write(name, text)
        }
        return folder
    }

    @Test func theDiffNamesTheTypesAFolderAddsAndRemoves() throws {
        let modified = try Self.modifiedCatalog()
        let diff = CatalogDiff(from: .embedded, to: try Catalog(directory: modified.url))
        #expect(diff.addedTypes == ["AWS::SQS::Quack"])
        #expect(diff.removedTypes == ["AWS::SQS::Queue"])
        #expect(CatalogDiff(from: .embedded, to: try Catalog(directory: Self.source)).isEmpty)
    }

    @Test func everyCommandUsesTheCatalogGiven() throws {
        guard let deployrole = ProcessRunner.deployroleOrSkip() else { return }
        let embedded = try ProcessRunner.run(deployrole, ["generate", Self.example])
        let fromFolder = try ProcessRunner.run(deployrole, ["generate", Self.example, "--catalog", Self.source.path])
        #expect(embedded.status == 0 && fromFolder.status == 0)
        #expect(embedded.standardOutput == fromFolder.standardOutput)

        // A catalog that lacks a type the release uses fails as the embedded one would for an unknown type.
        let modified = try Self.modifiedCatalog()
        let folder = try TemporaryDirectory("catalog-release")
        let release = try folder.write("release.yaml", "Resources:\n  Queue: {Type: AWS::SQS::Queue}\n")
        let unknown = try ProcessRunner.run("/usr/bin/env", ["DEPLOYROLE_CATALOG=\(modified.path)", deployrole, "generate", release])
        #expect(unknown.status == 2)
        #expect(unknown.standardError.contains("AWS::SQS::Queue"))

        let diff = try ProcessRunner.run(deployrole, ["catalog", "diff", modified.path, "--exit-code"])
        #expect(diff.status == 1)
        #expect(diff.standardOutput.contains("+ AWS::SQS::Quack") && diff.standardOutput.contains("- AWS::SQS::Queue"))
    }

    @Test func aCorruptCatalogIsAOneLineError() throws {
        guard let deployrole = ProcessRunner.deployroleOrSkip() else { return }
        let folder = try TemporaryDirectory("catalog-corrupt")
        try folder.write("manifest.tsv", "not a manifest\n")
        let result = try ProcessRunner.run(deployrole, ["catalog", "info", "--catalog", folder.path])
        #expect(result.status == 2)
        #expect(result.standardError.split(separator: "\n").count == 1, "\(result.standardError)")
        let missing = try ProcessRunner.run(deployrole, ["stats", Self.example, "--catalog", folder.path + "/absent"])
        #expect(missing.status == 2)
    }
}
