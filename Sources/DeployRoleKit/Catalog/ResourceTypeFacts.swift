/// Facts about one CloudFormation resource type: the IAM actions each handler calls and the shape of its
/// properties. Data only; the rules for using it live elsewhere. Immutable and shared: a catalog lookup
/// hands out the one decoded instance, not a copy of its fields.
public final class ResourceTypeFacts: Sendable, Hashable {
    /// Where the handler data comes from.
    public enum Origin: Sendable, Hashable {
        /// The resource provider schema in the registry package.
        case registry
        /// The curated `supplement.json`; `source` is the AWS documentation URL(s) justifying it
        /// (several are separated by a space).
        case supplement(source: String)
    }

    /// For example `AWS::S3::Bucket`.
    public let typeName: String
    /// Canonical IAM action names per handler, sorted. A phase present with an empty list means the
    /// handler needs no permission; an empty dictionary means no handler data is known for the type.
    public let handlers: [HandlerPhase: [String]]
    /// Properties whose change replaces the resource, as paths below `/properties/` (e.g. `BucketName`,
    /// `VpcConfiguration/SubnetIds`).
    public let createOnlyProperties: [String]
    /// The properties identifying the resource, as paths below `/properties/`.
    public let primaryIdentifier: [String]
    /// Top-level property names, sorted.
    public let properties: [String]
    /// Registry or curated supplement.
    public let origin: Origin
    /// Tagging facts, when the schema declares them.
    public let tagging: TaggingFacts?
    /// The IAM service whose resources the type's handlers create: the service prefix most of its create
    /// handler's actions have (all handlers' when it has no create handler; ties by name).
    public let primaryService: String?

    public init(typeName: String, handlers: [HandlerPhase: [String]], createOnlyProperties: [String],
                primaryIdentifier: [String], properties: [String], origin: Origin,
                tagging: TaggingFacts? = nil) {
        self.typeName = typeName
        self.handlers = handlers
        self.createOnlyProperties = createOnlyProperties
        self.primaryIdentifier = primaryIdentifier
        self.properties = properties
        self.origin = origin
        self.tagging = tagging
        let actions = handlers[.create].flatMap { $0.isEmpty ? nil : $0 } ?? handlers.values.flatMap { $0 }
        let counts = Dictionary(grouping: actions.map { String($0.prefix { $0 != ":" }) }, by: { $0 }).mapValues(\.count)
        primaryService = counts.max { ($0.value, $1.key) < ($1.value, $0.key) }?.key
    }

    /// Whether any handler data is known (from the registry or the supplement).
    public var hasHandlers: Bool { !handlers.isEmpty }

    /// The actions of one phase (empty when the phase has no handler).
    public func actions(for phase: HandlerPhase) -> [String] { handlers[phase] ?? [] }

    public static func == (left: ResourceTypeFacts, right: ResourceTypeFacts) -> Bool {
        left === right || (left.typeName == right.typeName && left.handlers == right.handlers
            && left.createOnlyProperties == right.createOnlyProperties && left.primaryIdentifier == right.primaryIdentifier
            && left.properties == right.properties && left.origin == right.origin && left.tagging == right.tagging)
    }

    public func hash(into hasher: inout Hasher) { hasher.combine(typeName) }
}

/// The `tagging` block of a resource provider schema.
public struct TaggingFacts: Sendable, Hashable {
    public let taggable: Bool
    /// `nil` when the schema does not say.
    public let tagOnCreate: Bool?
    /// `nil` when the schema does not say.
    public let tagUpdatable: Bool?
    /// The property holding the tags (e.g. `Tags`), when declared.
    public let tagProperty: String?
    /// Canonical IAM actions the handlers call to manage tags, sorted.
    public let permissions: [String]
    /// Whether CloudFormation puts its `aws:cloudformation:*` system tags on the resource; `nil` when the
    /// schema does not say.
    public let cloudFormationSystemTags: Bool?

    public init(taggable: Bool, tagOnCreate: Bool?, tagUpdatable: Bool?, tagProperty: String?,
                permissions: [String], cloudFormationSystemTags: Bool? = nil) {
        self.taggable = taggable
        self.tagOnCreate = tagOnCreate
        self.tagUpdatable = tagUpdatable
        self.tagProperty = tagProperty
        self.permissions = permissions
        self.cloudFormationSystemTags = cloudFormationSystemTags
    }

    /// Whether the resource carries CloudFormation's system tags from its creating call on, so that
    /// `aws:ResourceTag/aws:cloudformation:stack-name` identifies it as the stack's own.
    public var carriesSystemTagsFromCreation: Bool {
        taggable && tagOnCreate == true && cloudFormationSystemTags == true
    }
}
