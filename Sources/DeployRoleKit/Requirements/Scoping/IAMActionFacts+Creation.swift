extension IAMActionFacts {
    static let requestTagKey = "aws:RequestTag/${TagKey}"
    static let resourceTagKey = "aws:ResourceTag/${TagKey}"
    private static let creatingVerbs = ["Create", "Allocate", "Run", "Request", "Import"]

    /// Whether the action creates the resource it names of one of its resource types, so that the
    /// resource does not exist before the call: the IAM reference's row for the type takes request tags but
    /// not resource tags (EC2's style), or, where the rows list no keys, the action is a creating call
    /// named after the type (`CreateTargetGroup` for `targetgroup`, `RunInstances` for `instance`; not
    /// `CreateListener` for the `loadbalancer` it adds a listener to, nor `Put...`, which also overwrites).
    public func creates(_ entry: IAMActionResourceType) -> Bool {
        guard accessLevel != .tagging else { return false }
        let onCreation = entry.conditionKeys.contains(Self.requestTagKey)
        let onExisting = entry.conditionKeys.contains(Self.resourceTagKey)
        if onCreation != onExisting { return onCreation }
        guard let verb = Self.creatingVerbs.first(where: { name.hasPrefix($0) }) else { return false }
        let object = ArnFormat.normalised(name.dropFirst(verb.count))
        let type = ArnFormat.normalised(entry.name.prefix { $0 != "/" })
        return !type.isEmpty && (object == type || object == type + "s" || object.hasPrefix(type))
    }

    /// Whether the call can carry request tags for that resource type (the row's or the action's keys).
    public func readsRequestTags(_ entry: IAMActionResourceType) -> Bool {
        entry.conditionKeys.contains(Self.requestTagKey) || conditionKeys.contains(Self.requestTagKey)
    }

    /// Whether the call can read the existing tags of a resource of that type: the row, the action or the
    /// resource type itself lists `aws:ResourceTag`.
    public func readsResourceTags(_ entry: IAMActionResourceType, resourceTypeKeys: [String]) -> Bool {
        entry.conditionKeys.contains(Self.resourceTagKey) || conditionKeys.contains(Self.resourceTagKey)
            || resourceTypeKeys.contains(Self.resourceTagKey)
    }

    /// Whether a tag-adding action can be authorized for tags sent in the call that creates the resource (EC2's
    /// `ec2:CreateTags` with `ec2:CreateAction`; a service's `TagResource` for the tags of its `Create...`):
    /// it reads request tags. The resource has no tags yet then.
    public func tagsAtCreation(_ entry: IAMActionResourceType) -> Bool {
        addsTags && readsRequestTags(entry)
    }

    /// Whether the action can put tags on a resource: Tagging access level, and not a removal
    /// (`UntagResource`, `RemoveTags...`, `DeleteTags`).
    public var addsTags: Bool {
        accessLevel == .tagging && !["Untag", "Remove", "Delete"].contains { name.hasPrefix($0) }
    }

    /// Whether the service names the creating call of a tag-on-create authorization (`ec2:CreateAction`).
    public var namesCreatingCall: Bool { conditionKeys.contains(createActionKey) }

    /// `<service>:CreateAction`.
    public var createActionKey: String { "\(service):CreateAction" }
}
