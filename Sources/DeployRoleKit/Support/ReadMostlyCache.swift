#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// Values computed once per key and then only read, from any thread: lookups of known keys take a shared
/// (reader) lock, so threads reading the catalog or a memo at once do not wait for each other; only a
/// first computation takes the exclusive lock.
///
/// `compute` runs outside any lock, so two threads may compute the same key at once; the first answer
/// stored wins and both callers get it (answers must not depend on which thread computes them).
final class ReadMostlyCache<Key: Hashable, Value>: @unchecked Sendable {
    private let lock: UnsafeMutablePointer<pthread_rwlock_t>
    private var answers: [Key: Value] = [:]

    init() {
        lock = UnsafeMutablePointer<pthread_rwlock_t>.allocate(capacity: 1)
        lock.initialize(to: pthread_rwlock_t())
        pthread_rwlock_init(lock, nil)
    }

    deinit {
        pthread_rwlock_destroy(lock)
        lock.deinitialize(count: 1)
        lock.deallocate()
    }

    /// The known answer for `key`, nil when none is stored yet.
    func known(_ key: Key) -> Value? {
        pthread_rwlock_rdlock(lock)
        defer { pthread_rwlock_unlock(lock) }
        return answers[key]
    }

    /// The stored answer, or `compute`'s (then stored).
    func value(for key: Key, compute: () throws -> Value) rethrows -> Value {
        if let known = known(key) { return known }
        let answer = try compute()
        pthread_rwlock_wrlock(lock)
        defer { pthread_rwlock_unlock(lock) }
        if let stored = answers[key] { return stored }
        answers[key] = answer
        return answer
    }
}
