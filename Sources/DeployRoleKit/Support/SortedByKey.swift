extension Sequence {
    /// The elements in the order of their keys, each key built once (not once per comparison) and the
    /// elements moved once (sorting indices, not the elements with their keys).
    func sorted<Key: Comparable>(byKey key: (Element) -> Key) -> [Element] {
        let elements = Array(self)
        let keys = elements.map(key)
        let order = keys.withUnsafeBufferPointer { keys in keys.indices.sorted { keys[$0] < keys[$1] } }
        return order.map { elements[$0] }
    }
}
