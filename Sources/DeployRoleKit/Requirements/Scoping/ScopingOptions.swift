/// Choices that narrow grants further.
public struct ScopingOptions: Sendable, Hashable {
    /// Service-linked roles exist before deployment: `iam:CreateServiceLinkedRole` is not granted.
    public var serviceLinkedRolesArePrerequisites: Bool
    /// A permissions boundary every role the stack creates carries; IAM role writes then require it.
    public var permissionsBoundary: String?
    /// Stack names shorter than this must always work: a generated-name pattern that would need a shorter
    /// limit on the stack name falls back to the type's account-wide ARN.
    public var minimumStackNameLength: Int

    public init(serviceLinkedRolesArePrerequisites: Bool = false, permissionsBoundary: String? = nil,
                minimumStackNameLength: Int = 24) {
        self.serviceLinkedRolesArePrerequisites = serviceLinkedRolesArePrerequisites
        self.permissionsBoundary = permissionsBoundary
        self.minimumStackNameLength = minimumStackNameLength
    }
}
