import Foundation
import Testing
@testable import DeployRoleKit

/// Every corpus template that generates gets a role that allows every concrete request of its deployment,
/// for a one-character stack name and one as long as the role template accepts.
@Suite struct CorpusSufficiencyTests {
    @Test func everyGeneratedCorpusRoleAllowsEveryRequest() async throws {
        guard SharedData.mustRun() else { return }
        let entries = try CorpusSupport.entries()
        let results = await withTaskGroup(of: (String, Int, [String])?.self) { group in
            var collected: [(String, Int, [String])] = []
            var next = 0
            let width = max(2, ProcessInfo.processInfo.activeProcessorCount)
            func add(_ entry: CorpusSupport.Entry) {
                group.addTask {
                    guard let analysis = try? ReleaseAnalysis(
                        templateAt: entry.path, input: StackInput(templateRoots: [entry.repositoryFolder])),
                          let generation = try? RoleGeneration(analysis: analysis, settings: RoleSettings(name: "check"),
                                                               sourceName: entry.relativePath),
                          let (requests, failures) = try? SufficiencySupport.failures(of: generation, options: ScopingOptions(),
                                                                                      stackNames: 2)
                    else { return nil }
                    return (entry.relativePath, requests, failures.prefix(3).map(\.description))
                }
            }
            while next < min(width, entries.count) { add(entries[next]); next += 1 }
            for await result in group {
                if let result { collected.append(result) }
                if next < entries.count { add(entries[next]); next += 1 }
            }
            return collected.sorted { $0.0 < $1.0 }
        }
        let failing = results.filter { !$0.2.isEmpty }
        let requests = results.reduce(0) { $0 + $1.1 }
        print("corpus sufficiency: \(results.count) roles, \(requests) requests, \(failing.count) roles with denied requests")
        for (path, _, failures) in failing.prefix(15) {
            print("  \(path):\n    " + failures.joined(separator: "\n    "))
        }
        #expect(results.count > 400)
        #expect(failing.isEmpty)
    }
}
