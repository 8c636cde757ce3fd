import Foundation

/// Remembers, per CloudFormation type and IAM resource type, whether the IAM type is the type's own
/// resource (``RequestSynthesizer/isOwn(_:of:data:catalog:)``): the answer depends on the types only, and
/// the request model asks it for every request of every resource.
final class OwnTypeMemo: @unchecked Sendable {
    private let lock = NSLock()
    private var answers: [String: Bool] = [:]

    /// The remembered answer, or `compute`'s (then remembered).
    func isOwn(cloudFormationType: String, iamType: IAMResourceTypeFacts, compute: () -> Bool) -> Bool {
        let key = cloudFormationType + "|" + iamType.service + ":" + iamType.name
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
