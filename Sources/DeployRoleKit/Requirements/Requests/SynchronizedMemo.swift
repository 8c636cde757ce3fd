import Foundation

/// Remembers answers that depend on their key only, for a value type shared across threads (the request
/// model answers the same question for every request of a resource: whether an IAM type is a CloudFormation
/// type's own, the ARN a resource has in the deployment).
final class SynchronizedMemo<Key: Hashable, Value>: @unchecked Sendable {
    private let lock = NSLock()
    private var answers: [Key: Value] = [:]

    /// The remembered answer, or `compute`'s (then remembered).
    func value(for key: Key, compute: () -> Value) -> Value {
        lock.lock()
        if let known = answers[key] {
            lock.unlock()
            return known
        }
        lock.unlock()
        let answer = compute()
        lock.lock()
        answers[key] = answer
        lock.unlock()
        return answer
    }
}
