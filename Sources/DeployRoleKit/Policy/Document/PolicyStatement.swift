/// One statement of a policy document.
///
/// `resources` is nil only where IAM allows the element to be absent (role trust policies); such a
/// statement matches no resource when evaluated.
public struct PolicyStatement: Hashable, Sendable {
    public var sid: String?
    public var effect: PolicyEffect
    /// `Action` (``PolicyElementList/listed(_:)``) or `NotAction` (``PolicyElementList/notListed(_:)``).
    public var actions: PolicyElementList
    /// `Resource` or `NotResource`, nil when the statement has neither.
    public var resources: PolicyElementList?
    /// `Principal`, present in resource-based and trust policies.
    public var principal: PolicyPrincipal?
    /// `NotPrincipal`, present in resource-based policies.
    public var notPrincipal: PolicyPrincipal?
    /// `Condition`; empty when the statement has none.
    public var condition: PolicyCondition

    public init(sid: String? = nil, effect: PolicyEffect, actions: PolicyElementList,
                resources: PolicyElementList?, principal: PolicyPrincipal? = nil,
                notPrincipal: PolicyPrincipal? = nil, condition: PolicyCondition = PolicyCondition(clauses: [])) {
        self.sid = sid
        self.effect = effect
        self.actions = actions
        self.resources = resources
        self.principal = principal
        self.notPrincipal = notPrincipal
        self.condition = condition
    }
}
