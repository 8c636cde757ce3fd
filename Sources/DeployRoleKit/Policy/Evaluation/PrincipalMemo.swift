import Foundation

/// The principals an evaluator has parsed: a role's requests all come from one or a few principals, and
/// parsing the ARN per request cost a tenth of `check`'s time.
final class PrincipalMemo: @unchecked Sendable {
    private let lock = NSLock()
    private var parsed: [String: PrincipalARN?] = [:]

    /// The principal ARN parsed, nil when it is not an ARN.
    func principal(_ text: String) -> PrincipalARN? {
        lock.lock()
        if let known = parsed[text] {
            lock.unlock()
            return known
        }
        lock.unlock()
        let arn = PrincipalARN(text)
        lock.lock()
        parsed[text] = .some(arn)
        lock.unlock()
        return arn
    }
}
