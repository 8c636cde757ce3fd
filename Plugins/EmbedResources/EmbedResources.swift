import Foundation
import PackagePlugin

/// Compiles DeployRoleKit's data files (`Resources/catalog`, `Resources/rules`) into the library as a
/// generated Swift source, so that the `deployrole` binary works alone, with no resource bundle beside it.
/// The files stay the source of truth; the generated source is rebuilt whenever one changes.
@main
struct EmbedResources: BuildToolPlugin {
    func createBuildCommands(context: PluginContext, target: Target) throws -> [Command] {
        guard let target = target as? SourceModuleTarget else { return [] }
        let resources = target.directoryURL.appendingPathComponent("Resources")
        var inputs: [URL] = []
        for folder in ["catalog", "rules"] {
            let url = resources.appendingPathComponent(folder)
            let names = try FileManager.default.contentsOfDirectory(atPath: url.path).filter { !$0.hasPrefix(".") }.sorted()
            inputs += names.map { url.appendingPathComponent($0) }
        }
        let output = context.pluginWorkDirectoryURL.appendingPathComponent("EmbeddedResources.swift")
        return [.buildCommand(
            displayName: "Embedding \(inputs.count) data files into \(target.name)",
            executable: try context.tool(named: "embed-resources").url,
            arguments: [output.path] + inputs.map(\.path),
            inputFiles: inputs,
            outputFiles: [output])]
    }
}
