/// A resource type of an IAM service: its ARN format and the condition keys it supports. Immutable and
/// shared: a catalog lookup hands out the one decoded instance, not a copy of its fields.
public final class IAMResourceTypeFacts: Sendable, Hashable {
    /// Service prefix, e.g. `iam`.
    public let service: String
    /// Resource type name, e.g. `role`.
    public let name: String
    /// ARN template, e.g. `arn:${Partition}:iam::${Account}:role/${RoleNameWithPath}`.
    public let arnFormat: String
    /// Condition keys, sorted.
    public let conditionKeys: [String]
    /// `arnFormat` parsed, once per type.
    let format: ArnFormat

    public init(service: String, name: String, arnFormat: String, conditionKeys: [String]) {
        self.service = service
        self.name = name
        self.arnFormat = arnFormat
        self.conditionKeys = conditionKeys
        format = ArnFormat(arnFormat)
    }

    public static func == (left: IAMResourceTypeFacts, right: IAMResourceTypeFacts) -> Bool {
        left === right || (left.service == right.service && left.name == right.name && left.arnFormat == right.arnFormat
            && left.conditionKeys == right.conditionKeys)
    }

    public func hash(into hasher: inout Hasher) {
        hasher.combine(service)
        hasher.combine(name)
    }
}
