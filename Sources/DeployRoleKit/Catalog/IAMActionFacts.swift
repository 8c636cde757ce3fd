/// One IAM action from the service authorization reference. Immutable and shared: a catalog lookup
/// hands out the one decoded instance, not a copy of its fields.
public final class IAMActionFacts: Sendable, Hashable {
    /// Service prefix, e.g. `s3`.
    public let service: String
    /// Canonical action name, e.g. `CreateBucket`.
    public let name: String
    /// `service:Name`, e.g. `s3:CreateBucket`.
    public let fullName: String
    public let accessLevel: AccessLevel
    /// Resource types the action can be scoped to (the reference's unnamed `""` entry is not among them:
    /// its keys are `conditionKeys`). Empty means the action supports only `"Resource": "*"`.
    public let resourceTypes: [IAMActionResourceType]
    /// Request-level condition keys (those of the reference's unnamed resource type entry), sorted.
    public let conditionKeys: [String]
    /// Actions the reference says must also be allowed, sorted.
    public let dependentActions: [String]

    public init(service: String, name: String, accessLevel: AccessLevel,
                resourceTypes: [IAMActionResourceType], conditionKeys: [String], dependentActions: [String]) {
        self.service = service
        self.name = name
        fullName = "\(service):\(name)"
        self.accessLevel = accessLevel
        self.resourceTypes = resourceTypes
        self.conditionKeys = conditionKeys
        self.dependentActions = dependentActions
    }

    /// Whether the action supports no resource-level permission (only `"Resource": "*"`).
    public var isWildcardOnly: Bool { resourceTypes.allSatisfy { $0.name.isEmpty } }

    public static func == (left: IAMActionFacts, right: IAMActionFacts) -> Bool {
        left === right || (left.fullName == right.fullName && left.accessLevel == right.accessLevel
            && left.resourceTypes == right.resourceTypes && left.conditionKeys == right.conditionKeys
            && left.dependentActions == right.dependentActions)
    }

    public func hash(into hasher: inout Hasher) { hasher.combine(fullName) }
}

/// A resource type an action can be scoped to, as the action's row in the reference lists it.
public struct IAMActionResourceType: Sendable, Hashable {
    /// Resource type name in the service (e.g. `bucket`); see `Catalog.iamResourceType(service:name:)`.
    public let name: String
    /// Whether the reference marks it required (`bucket*`).
    public let required: Bool
    /// Condition keys that apply when the action targets this resource type, sorted.
    public let conditionKeys: [String]

    public init(name: String, required: Bool, conditionKeys: [String]) {
        self.name = name
        self.required = required
        self.conditionKeys = conditionKeys
    }
}
