/// Where each element of a list first occurs, for lists with many repeats: work done once per distinct
/// element (on ``distinct``) is then found for every element through ``slot``.
struct FirstOccurrences: Sendable {
    /// The positions of the first occurrences, in order.
    let distinct: [Int]
    /// For each element, the index in ``distinct`` of its first occurrence.
    let slot: [Int]

    init<Key: Hashable>(_ keys: [Key]) {
        var slots: [Key: Int] = [:]
        slots.reserveCapacity(keys.count)
        var distinct: [Int] = []
        var slot: [Int] = []
        slot.reserveCapacity(keys.count)
        for (position, key) in keys.enumerated() {
            if let known = slots[key] {
                slot.append(known)
            } else {
                slots[key] = distinct.count
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
