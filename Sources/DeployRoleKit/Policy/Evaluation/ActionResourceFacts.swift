/// What the evaluator needs to know about actions from the IAM service authorization reference.
///
/// The project's embedded catalog conforms to this; the evaluator works without it (every action is then
/// treated as supporting resource-level permissions).
public protocol ActionResourceFacts: Sendable {
    /// Whether `action` (`service:Action`, any case) supports no resource-level permissions, so that only a
    /// statement whose `Resource` is a plain `"*"` can match it; nil when the action is unknown.
    func isWildcardOnly(_ action: String) -> Bool?
}
