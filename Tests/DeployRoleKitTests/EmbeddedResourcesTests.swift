import Foundation
import Testing
@testable import DeployRoleKit

/// The data compiled into the binary is exactly the data files of the repository (they stay the source of
/// truth), and the binary works alone: copied into an empty folder, away from the build tree.
@Suite struct EmbeddedResourcesTests {
    static let resources = SharedData.packageRoot.appendingPathComponent("Sources/DeployRoleKit/Resources")

    @Test func everyDataFileIsCompiledInByteForByte() throws {
        var expected: [String: Data] = [:]
        for folder in ["catalog", "rules"] {
            let url = Self.resources.appendingPathComponent(folder)
            for name in try FileManager.default.contentsOfDirectory(atPath: url.path) where !name.hasPrefix(".") {
                expected["\(folder)/\(name)"] = try Data(contentsOf: url.appendingPathComponent(name))
            }
        }
        #expect(Set(EmbeddedResources.files.keys) == Set(expected.keys))
        for (key, data) in expected {
            #expect(EmbeddedResources.files[key]?.withUTF8Buffer { Data($0) } == data, "\(key) differs from the file")
        }
        #expect(Catalog.embedded.folder.label == "embedded:catalog")
    }

    @Test func theBinaryWorksAloneFromAnEmptyFolder() throws {
        guard let executable = ProcessRunner.deployroleOrSkip() else { return }
        let folder = try TemporaryDirectory("installed")
        let installed = folder.url.appendingPathComponent("bin/deployrole").path
        try FileManager.default.createDirectory(atPath: folder.path + "/bin", withIntermediateDirectories: true)
        try FileManager.default.copyItem(atPath: executable, toPath: installed)
        try folder.write("work/app.yaml", "Resources:\n  Queue:\n    Type: AWS::SQS::Queue\n")
        // No resource bundle is built at all: nothing beside the binary to lose.
        let buildFolder = URL(fileURLWithPath: executable).deletingLastPathComponent().path
        let bundles = try FileManager.default.contentsOfDirectory(atPath: buildFolder).filter { $0.hasSuffix(".resources") }
        #expect(bundles.isEmpty, "\(bundles)")

        let version = try ProcessRunner.run(installed, ["--version"], currentDirectory: folder.path + "/work")
        #expect(version.status == 0 && version.standardOutput == "deployrole \(DeployRoleVersion.current)\n")
        let generated = try ProcessRunner.run(installed, ["generate", "app.yaml"], currentDirectory: folder.path + "/work")
        #expect(generated.status == 0, "\(generated.standardError)")
        #expect(generated.standardOutput.contains("sqs:CreateQueue"))
        #expect(generated.standardOutput.contains("Generator: deployrole \(DeployRoleVersion.current)"))
    }
}
