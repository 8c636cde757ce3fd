/// Where each element of a list first occurs, for lists with many repeats: work done once per distinct
/// element (on ``distinct``) is then found for every element through ``slot``.
struct FirstOccurrences: Sendable {
    /// The positions of the first occurrences, in order.
    let distinct: [Int]
    /// For each element, the index in ``distinct`` of its first occurrence.
    let slot: [Int]

    /// The keys are hashed on the machine's cores; finding the first occurrences then compares hash values,
    /// and keys only where those agree.
    init<Key: Hashable & Sendable>(_ keys: [Key]) {
        let hashes = Parallel.map(Array(keys.indices), minimumChunk: 1024) { keys[$0].hashValue }
        var slots: [Hashed<Key>: Int] = [:]
        slots.reserveCapacity(keys.count)
        var distinct: [Int] = []
        var slot: [Int] = []
        slot.reserveCapacity(keys.count)
        for (position, key) in keys.enumerated() {
            let hashed = Hashed(key: key, hash: hashes[position])
            if let known = slots[hashed] {
                slot.append(known)
            } else {
                slots[hashed] = distinct.count
                slot.append(distinct.count)
                distinct.append(position)
            }
        }
        self.distinct = distinct
        self.slot = slot
    }

    /// A key with its hash value computed beforehand.
    private struct Hashed<Key: Hashable>: Hashable {
        let key: Key
        let hash: Int

        func hash(into hasher: inout Hasher) { hasher.combine(hash) }

        static func == (left: Hashed, right: Hashed) -> Bool { left.hash == right.hash && left.key == right.key }
    }

    /// Whether the element at `position` is the first of its kind.
    func isFirst(_ position: Int) -> Bool { distinct[slot[position]] == position }
}
