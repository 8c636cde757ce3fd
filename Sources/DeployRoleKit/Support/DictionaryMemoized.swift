extension Dictionary {
    /// The value stored for `key`, or `compute`'s (then stored): a memo one thread owns.
    mutating func memoized(_ key: Key, _ compute: () throws -> Value) rethrows -> Value {
        if let known = self[key] { return known }
        let value = try compute()
        self[key] = value
        return value
    }
}
