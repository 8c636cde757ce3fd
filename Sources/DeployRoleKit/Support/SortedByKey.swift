extension Sequence {
    /// The elements in the order of their keys, each key built once (not once per comparison) and the
    /// elements moved once (sorting indices, not the elements with their keys).
    func sorted<Key: Comparable>(byKey key: (Element) -> Key) -> [Element] {
        let elements = Array(self)
        return elements.order(byKeys: elements.map(key)).map { elements[$0] }
    }
}

extension Array {
    /// The positions of the elements in the order of `keys` (one per element); equal keys keep the
    /// elements' order.
    fileprivate func order<Key: Comparable>(byKeys keys: [Key]) -> [Int] {
        Self.sorted(indices, byKeys: keys)
    }

    /// Positions sorted by their keys, equal keys by position.
    private static func sorted<Key: Comparable>(_ positions: some Sequence<Int>, byKeys keys: [Key]) -> [Int] {
        keys.withUnsafeBufferPointer { keys in
            positions.sorted { keys[$0] < keys[$1] || (!(keys[$1] < keys[$0]) && $0 < $1) }
        }
    }

    /// ``order(byKeys:)`` for many elements: each core sorts a contiguous run, then the runs are merged
    /// (ties go to the earlier run, whose positions are lower, so the order is the same).
    fileprivate func parallelOrder<Key: Comparable & Sendable>(byKeys keys: [Key]) -> [Int] {
        let runs = Parallel.map(Parallel.chunks(of: [Int](indices), minimumChunk: 2048)) { Self.sorted($0, byKeys: keys) }
        var merged = runs.first ?? []
        for run in runs.dropFirst() { merged = Self.merge(merged, run, keys: keys) }
        return merged
    }

    /// Two runs of positions, each in key order, merged; on equal keys `earlier`'s first.
    private static func merge<Key: Comparable>(_ earlier: [Int], _ later: [Int], keys: [Key]) -> [Int] {
        var out: [Int] = []
        out.reserveCapacity(earlier.count + later.count)
        var left = 0, right = 0
        while left < earlier.count, right < later.count {
            if keys[later[right]] < keys[earlier[left]] {
                out.append(later[right])
                right += 1
            } else {
                out.append(earlier[left])
                left += 1
            }
        }
        out += earlier[left...]
        out += later[right...]
        return out
    }
}

extension Array where Element: Equatable & Sendable {
    /// The distinct elements in the order of their keys, then their tie-breakers, for many elements with
    /// costly keys: each key built once, on the machine's cores, and a tie-breaker only for an element whose
    /// key another shares; elements of equal keys and tie-breakers keep their order here. Equal elements
    /// have equal keys and tie-breakers, so duplicates are dropped among neighbours after sorting, and
    /// nothing is hashed.
    func sortedDistinct<Key: Comparable & Sendable, Tie: Comparable>(byKey key: @Sendable (Element) -> Key,
                                                                     thenBy tie: (Element) -> Tie) -> [Element] {
        let keys = Parallel.map(self, minimumChunk: 512, key)
        let order = parallelOrder(byKeys: keys)
        var distinct: [Element] = []
        distinct.reserveCapacity(count)
        var start = 0  // where the positions of the current key begin in `order`
        while start < order.count {
            var end = start + 1
            while end < order.count, !(keys[order[start]] < keys[order[end]]) { end += 1 }
            if end - start == 1 {
                distinct.append(self[order[start]])
            } else {
                let run = [Int](order[start..<end])
                let ties = run.map { tie(self[$0]) }
                // The run's positions are in ascending order, so ties keep the elements' order.
                let byTie = Self.sorted(run.indices, byKeys: ties)
                var tieStart = 0  // where the elements of the current tie-breaker begin in `distinct`
                for (offset, index) in byTie.enumerated() {
                    if offset == 0 || ties[byTie[offset - 1]] < ties[index] { tieStart = distinct.count }
                    let element = self[run[index]]
                    if !distinct[tieStart...].contains(element) { distinct.append(element) }
                }
            }
            start = end
        }
        return distinct
    }
}
