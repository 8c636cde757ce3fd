import Foundation
import Testing
@testable import DeployRoleKit

/// Every corpus template that uses `AWS::LanguageExtensions` generates (with its repository as template
/// root), with parameters at their defaults and with any value, and its role allows every request of its
/// deployment. A template that fails for a feature other than the transform says which.
@Suite struct LanguageExtensionsCorpusTests {
    @Test func everyLanguageExtensionsTemplateGeneratesAndSuffices() throws {
        guard SharedData.mustRun() else { return }
        let entries = try CorpusSupport.entries().filter { entry in
            (try? String(contentsOfFile: entry.path, encoding: .utf8))?.contains(LanguageExtensions.transformName) == true
        }
        #expect(entries.count >= 14)
        var generated = 0
        var otherFeatures: [String] = []
        for entry in entries {
            for useDefaults in [true, false] {
                let input = StackInput(templateRoots: [entry.repositoryFolder], useDefaults: useDefaults)
                let analysis: ReleaseAnalysis
                do {
                    analysis = try ReleaseAnalysis(templateAt: entry.path, input: input)
                } catch let error as DeployRoleError where error.message.contains("Serverless Application Repository") {
                    // Not a language extension: an application of the Serverless Application Repository.
                    otherFeatures.append("\(entry.relativePath): \(error.message.prefix(80))")
                    continue
                }
                let generation = try RoleGeneration(analysis: analysis, settings: RoleSettings(name: "check"),
                                                    sourceName: entry.relativePath)
                let (requests, failures) = try SufficiencySupport.failures(of: generation, options: ScopingOptions(), stackNames: 2)
                #expect(requests > 0, "\(entry.relativePath)")
                #expect(failures.isEmpty, "\(entry.relativePath): \(failures.prefix(3).map(\.description))")
                if useDefaults { generated += 1 }
            }
        }
        print("language extensions corpus: \(generated) of \(entries.count) generate; other features: \(otherFeatures)")
        #expect(generated + Set(otherFeatures.map { $0.prefix { $0 != ":" } }).count == entries.count)
    }
}
