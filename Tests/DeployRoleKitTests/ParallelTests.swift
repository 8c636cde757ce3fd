import Foundation
import Testing
@testable import DeployRoleKit

/// Work spread over the machine's cores gives what one thread would: the same results in the same order.
@Suite struct ParallelTests {
    @Test func mapKeepsTheItemsOrderAndChunksCoverEveryItemOnce() {
        let items = Array(0..<10_007)
        #expect(Parallel.map(items, minimumChunk: 100) { $0 * 3 } == items.map { $0 * 3 })
        let chunks = Parallel.chunks(of: items, minimumChunk: 100)
        #expect(chunks.flatMap { $0 } == items)
        #expect(chunks.allSatisfy { !$0.isEmpty })
        #expect(Parallel.chunks(of: [1, 2, 3], minimumChunk: 100).count == 1, "few items stay on one thread")
        #expect(Parallel.chunks(of: [Int](), minimumChunk: 100).flatMap { $0 }.isEmpty)
    }

    @Test func theFirstFailingItemsErrorIsRethrown() {
        struct Failure: Error, Equatable { let item: Int }
        #expect(throws: Failure(item: 3)) {
            try Parallel.map(Array(0..<8)) { item in
                if item == 3 || item == 6 { throw Failure(item: item) }
                return item
            }
        }
    }

    /// Many elements are sorted in runs, one per core, then merged, and elements of equal keys by their
    /// tie-breakers: the order (equal keys and tie-breakers keep the elements' order) and the duplicates
    /// dropped must be those of sorting on one thread by key, then tie-breaker.
    @Test func sortingInRunsGivesTheOneThreadOrder() {
        struct Item: Equatable, Sendable { let key: Int; let tie: Int; let value: Int }
        var state: UInt64 = 12_345
        func next() -> Int {
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            return Int(state >> 33)
        }
        let items = (0..<8_000).map { _ in Item(key: next() % 300, tie: next() % 3, value: next() % 2) }
        var expected: [Item] = []
        let oneThread = items.enumerated().sorted {
            ($0.element.key, $0.element.tie, $0.offset) < ($1.element.key, $1.element.tie, $1.offset)
        }.map(\.element)
        for item in oneThread where !expected.contains(item) {
            expected.append(item)
        }
        #expect(items.sortedDistinct(byKey: \.key, thenBy: \.tie) == expected)
        #expect(expected.count < items.count && expected.count > 900, "duplicates dropped, equal keys kept apart")
        let keysWithSeveralTies = Dictionary(grouping: expected, by: \.key).values.filter { Set($0.map(\.tie)).count > 1 }
        #expect(keysWithSeveralTies.count > 100, "tie-breakers order most keys' elements")
    }

    /// Code Ocean's 232 resources are derived in shares, one per core; the same resources in the reverse
    /// order fall into other shares: the requirements, what was pruned and the stack-name limit must not
    /// change.
    @Test func theRequirementsDoNotDependOnHowResourcesAreShared() throws {
        guard SharedData.mustRun() else { return }
        let path = SharedData.url("codeocean/v3.8.2/codeocean.template.yaml").path
        let stack = try StackEvaluator(input: StackInput()).evaluate(fileAt: path)
        var reversed = stack
        reversed.resources.reverse()
        let forward = try ReleaseAnalysis(evaluated: stack).requirements
        let backward = try ReleaseAnalysis(evaluated: reversed).requirements
        #expect(forward.requirements.count > 1_000)
        #expect(forward.requirements == backward.requirements)
        #expect(forward.pruned == backward.pruned)
        #expect(forward.stackNameLimit == backward.stackNameLimit)
        #expect(forward.boundParameters == backward.boundParameters)
        #expect(try ReleaseAnalysis(evaluated: stack).requirements.requirements == forward.requirements, "a second run")
    }
}
