/// Where each element of a list first occurs, for lists with many repeats: work done once per distinct
/// element (on ``distinct``) is then found for every element through ``slot``.
struct FirstOccurrences: Sendable {
    /// The positions of the first occurrences, in order.
    let distinct: [Int]
    /// For each element, the index in ``distinct`` of its first occurrence.
    let slot: [Int]

    init<Key: Hashable & Sendable>(_ keys: [Key]) {
        self.init(count: keys.count, hashValue: { keys[$0].hashValue }, same: { keys[$0] == keys[$1] })
    }

    /// The elements at positions `0..<count`, known by position: `hashValue` is computed on the machine's
    /// cores; finding the first occurrences then files positions by hash value (no element is copied) and
    /// compares elements (`same`) only where hash values agree.
    init(count: Int, hashValue: @Sendable (Int) -> Int, same: (Int, Int) -> Bool) {
        let hashes = Parallel.map(Array(0..<count), minimumChunk: 1024, hashValue)
        /// For each hash value, the slot of the first distinct element with it; others with the same hash
        /// value but unequal (rare) in `collisions`.
        var firstSlot: [Int: Int] = [:]
        firstSlot.reserveCapacity(count)
        var collisions: [Int: [Int]] = [:]
        var distinct: [Int] = []
        var slot: [Int] = []
        slot.reserveCapacity(count)
        for position in 0..<count {
            let hash = hashes[position]
            guard let first = firstSlot[hash] else {
                firstSlot[hash] = distinct.count
                slot.append(distinct.count)
                distinct.append(position)
                continue
            }
            if same(distinct[first], position) {
                slot.append(first)
            } else if let known = collisions[hash]?.first(where: { same(distinct[$0], position) }) {
                slot.append(known)
            } else {
                collisions[hash, default: []].append(distinct.count)
                slot.append(distinct.count)
                distinct.append(position)
            }
        }
        self.distinct = distinct
        self.slot = slot
    }

    /// Whether the element at `position` is the first of its kind.
    func isFirst(_ position: Int) -> Bool { distinct[slot[position]] == position }
}
