import Testing
@testable import DeployRoleKit

/// First occurrences found by hash value are those of comparing every element with the ones before it,
/// even when unequal elements share a hash value.
@Suite struct FirstOccurrencesTests {
    /// Each element's first equal position, by comparing with every earlier element.
    private func expected(_ items: [String]) -> (distinct: [Int], slot: [Int]) {
        var distinct: [Int] = [], slot: [Int] = []
        for (position, item) in items.enumerated() {
            if let known = distinct.firstIndex(where: { items[$0] == item }) {
                slot.append(known)
            } else {
                slot.append(distinct.count)
                distinct.append(position)
            }
        }
        return (distinct, slot)
    }

    private let items = (0..<3_000).map { "item-\(($0 * 7919) % 1_237)" }

    @Test func repeatsFindTheirFirstOccurrence() {
        let found = FirstOccurrences(items)
        let wanted = expected(items)
        #expect(found.distinct == wanted.distinct)
        #expect(found.slot == wanted.slot)
        #expect(found.distinct.count == 1_237)
        #expect(items.indices.allSatisfy { found.isFirst($0) == wanted.distinct.contains($0) })
    }

    @Test func unequalElementsWithOneHashValueStayApart() {
        let items = self.items
        // Three hash values for 1,237 distinct elements: almost every comparison is a collision.
        let found = FirstOccurrences(count: items.count, hashValue: { items[$0].utf8.count % 3 },
                                     same: { items[$0] == items[$1] })
        let wanted = expected(items)
        #expect(found.distinct == wanted.distinct)
        #expect(found.slot == wanted.slot)
    }
}
