import Foundation
import Testing
@testable import DeployRoleKit

/// Every corpus template that generates gets a role that allows every concrete request of its deployment,
/// for a one-character stack name and one as long as the role template accepts.
@Suite struct CorpusSufficiencyTests {
    @Test func everyGeneratedCorpusRoleAllowsEveryRequest() async throws {
        guard SharedData.mustRun() else { return }
        let entries = try CorpusSupport.entries()
        let results = await withTaskGroup(of: (String, Int, [String], (allowed: Int, of: Int))?.self) { group in
            var collected: [(String, Int, [String], (allowed: Int, of: Int))] = []
            var next = 0
            let width = max(2, ProcessInfo.processInfo.activeProcessorCount)
            func add(_ entry: CorpusSupport.Entry) {
                group.addTask {
                    guard let analysis = try? ReleaseAnalysis(
                        templateAt: entry.path, input: StackInput(templateRoots: [entry.repositoryFolder])),
                          let generation = try? RoleGeneration(analysis: analysis, settings: RoleSettings(name: "check"),
                                                               sourceName: entry.relativePath),
                          let (requests, failures, reach) = try? SufficiencySupport.evaluate(generation, options: ScopingOptions(),
                                                                                             stackNames: 2)
                    else { return nil }
                    return (entry.relativePath, requests, failures.prefix(3).map(\.description), reach)
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
        // The second deployment of each release (the other stack name) against the first one's role.
        let reached = results.reduce(0) { $0 + $1.3.allowed }, writes = results.reduce(0) { $0 + $1.3.of }
        print("corpus second deployment: \(reached) of \(writes) write requests on its resources allowed "
              + "(\(String(format: "%.1f", writes == 0 ? 0 : Double(reached) * 100 / Double(writes)))%)")
        for (path, _, failures, _) in failing.prefix(15) {
            print("  \(path):\n    " + failures.joined(separator: "\n    "))
        }
        #expect(results.count > 400)
        #expect(failing.isEmpty)
    }
}
