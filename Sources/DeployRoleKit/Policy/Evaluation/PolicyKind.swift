/// The role a policy plays in an authorization decision.
public enum PolicyKind: String, Hashable, Sendable, CaseIterable {
    /// Identity-based policy attached to the principal (inline or managed).
    case identity
    /// Permissions boundary of the principal.
    case permissionsBoundary = "permissions-boundary"
    /// Service control policy of one organization level.
    case serviceControl = "service-control"
    /// Session policy passed when the role session was created.
    case session
    /// Resource-based policy attached to the resource.
    case resource
}
