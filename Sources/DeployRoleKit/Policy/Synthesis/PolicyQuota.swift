/// IAM's size quotas for the generated role.
public struct PolicyQuota: Sendable, Hashable {
    /// The most non-whitespace characters a managed policy may hold (IAM: 6,144).
    public var maxPolicyCharacters: Int
    /// The most managed policies attached to one role (IAM: 10 by default, up to 20 on request).
    public var maxManagedPolicies: Int

    public static let managedPolicyCharacterLimit = 6_144
    public static let defaultManagedPoliciesPerRole = 10
    public static let maxManagedPoliciesPerRole = 20

    public init(maxPolicyCharacters: Int = managedPolicyCharacterLimit,
                maxManagedPolicies: Int = defaultManagedPoliciesPerRole) {
        self.maxPolicyCharacters = maxPolicyCharacters
        self.maxManagedPolicies = maxManagedPolicies
    }
}
