/// Choices that narrow grants further.
public struct ScopingOptions: Sendable, Hashable {
    /// Service-linked roles exist before deployment: `iam:CreateServiceLinkedRole` is not granted.
    public var serviceLinkedRolesArePrerequisites: Bool
    /// A permissions boundary every role the stack creates carries; IAM role writes then require it.
    public var permissionsBoundary: String?
    /// Stack names shorter than this must always work: a generated-name pattern that would need a shorter
    /// limit on the stack name falls back to the type's account-wide ARN.
    public var minimumStackNameLength: Int
    /// For an upgrade, per release upgraded from: the tags the template set on each resource (by qualified
    /// ID). A tag the template sets to the stack's name binds grants on the resource only if every older
    /// copy of the resource carries it too.
    public var previousTemplateTags: [[String: [String: Value]]]
    /// Template tags (`<service>|<key>`, ``serviceTag(_:_:)``) that bind nothing in that service because
    /// the role could put them on a resource of the account through a grant that cannot be guarded.
    public var unguardedTemplateTags: Set<String>

    public init(serviceLinkedRolesArePrerequisites: Bool = false, permissionsBoundary: String? = nil,
                minimumStackNameLength: Int = 24, previousTemplateTags: [[String: [String: Value]]] = [],
                unguardedTemplateTags: Set<String> = []) {
        self.serviceLinkedRolesArePrerequisites = serviceLinkedRolesArePrerequisites
        self.permissionsBoundary = permissionsBoundary
        self.minimumStackNameLength = minimumStackNameLength
        self.previousTemplateTags = previousTemplateTags
        self.unguardedTemplateTags = unguardedTemplateTags
    }

    /// Records the releases upgraded from: the tags their templates set on each resource.
    public mutating func upgrading(from previous: [EvaluatedStack], catalog: Catalog = .embedded) {
        previousTemplateTags = previous.map { root in
            var tags: [String: [String: Value]] = [:]
            for stack in root.allStacks {
                for resource in stack.resources {
                    let template = TemplateTags(of: resource, catalog: catalog)
                    tags[resource.qualifiedId] = Dictionary(template.tags.map { ($0.key, $0.value) },
                                                            uniquingKeysWith: { first, _ in first })
                }
            }
            return tags
        }
    }

    /// The key of ``unguardedTemplateTags`` for a service's tag key.
    static func serviceTag(_ service: String, _ key: String) -> String { service + "|" + key }
}
