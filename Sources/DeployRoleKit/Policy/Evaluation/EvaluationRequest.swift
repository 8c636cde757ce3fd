/// A request context value. IAM passes every value as text; each condition operator interprets it
/// (as a number, a date, an IP address, ...).
public typealias ContextValue = String

/// One authorization question: may `principal` perform `action` on `resource`, given `context`?
///
/// A `resource` of `"*"` asks about the action without naming a resource: `Allow` statements match if they
/// name any resource, `Deny` statements only if they cover every resource (`"*"`). This is also the
/// resource to use for actions that support no resource-level permissions.
public struct EvaluationRequest: Hashable, Sendable {
    /// `service:Action`, for example `s3:GetObject` (matched case-insensitively).
    public var action: String
    /// The resource ARN (matched case-sensitively), or `"*"`.
    public var resource: String
    /// The ARN of the calling principal (IAM user, role, or assumed-role session), when known.
    public var principal: String?
    /// The account that owns the resource; nil means the principal's own account.
    public var accountId: String?
    /// Request context keys (any case) and their values; a key with several values is multi-valued.
    public var context: [String: [ContextValue]]

    public init(action: String, resource: String, principal: String? = nil, accountId: String? = nil,
                context: [String: [ContextValue]] = [:]) {
        self.action = action
        self.resource = resource
        self.principal = principal
        self.accountId = accountId
        self.context = context
    }
}
