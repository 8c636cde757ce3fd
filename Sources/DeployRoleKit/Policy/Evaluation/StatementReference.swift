/// Identifies one statement of the policies given to a ``PolicyEvaluator``.
public struct StatementReference: Hashable, Sendable, CustomStringConvertible {
    /// Which kind of policy the statement belongs to.
    public var policyKind: PolicyKind
    /// The policy's name as given in its ``NamedPolicy``.
    public var policyName: String
    /// The policy's position in its list (identity policies, boundary policies, the policies of one SCP
    /// level); 0 for a session or resource policy.
    public var policyIndex: Int
    /// The statement's position in the policy (0-based).
    public var statementIndex: Int
    /// The statement's `Sid`, when it has one.
    public var sid: String?

    public init(policyKind: PolicyKind, policyName: String, policyIndex: Int, statementIndex: Int, sid: String?) {
        self.policyKind = policyKind
        self.policyName = policyName
        self.policyIndex = policyIndex
        self.statementIndex = statementIndex
        self.sid = sid
    }

    /// `policy-name Statement[2] (Sid)`.
    public var description: String {
        "\(policyName) Statement[\(statementIndex)]" + (sid.map { " (\($0))" } ?? "")
    }
}
