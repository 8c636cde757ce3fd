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
        keys.withUnsafeBufferPointer { keys in
            indices.sorted { keys[$0] < keys[$1] || (!(keys[$1] < keys[$0]) && $0 < $1) }
        }
    }
}

extension Array where Element: Equatable & Sendable {
    /// The distinct elements in the order of their keys, for many elements with costly keys: each key built
    /// once, on the machine's cores; elements of equal keys keep their order here. Equal elements have equal
    /// keys, so duplicates are dropped among neighbours after sorting, and nothing is hashed.
    func sortedDistinct<Key: Comparable & Sendable>(byKey key: @Sendable (Element) -> Key) -> [Element] {
        let keys = Parallel.map(self, minimumChunk: 512, key)
        let order = order(byKeys: keys)
        var distinct: [Element] = []
        distinct.reserveCapacity(count)
        var runStart = 0  // where the elements of the current key begin in `distinct`
        for (position, index) in order.enumerated() {
            if position == 0 || keys[order[position - 1]] < keys[index] { runStart = distinct.count }
            if !distinct[runStart...].contains(self[index]) { distinct.append(self[index]) }
        }
        return distinct
    }
}
