/// Who uses the generated role.
public enum RoleKind: String, Sendable, Hashable, CaseIterable {
    /// Assumed by a person or CI that calls CloudFormation directly: stack operations plus every resource
    /// permission.
    case deployer
    /// Trusted by `cloudformation.amazonaws.com` and passed with `--role-arn`: resource permissions only.
    case serviceRole = "service-role"
}
