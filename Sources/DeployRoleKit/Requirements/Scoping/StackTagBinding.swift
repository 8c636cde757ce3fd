/// Keeps a grant on the stack's own resource of a type whose IDs the service picks (a security group, a
/// subnet, a Batch compute environment), through a tag that names the stack: CloudFormation's
/// `aws:cloudformation:stack-name`, or, for types without system tags, a tag the template itself sets to
/// the stack's name (`codeocean:deployment: !Ref AWS::StackName`).
///
/// Calls on an existing resource are conditioned on `aws:ResourceTag/<key>`, the creating call on
/// `aws:RequestTag/<key>`. A binding exists only where the type's schema says the resource carries the tag
/// from its creating call on (system tags: `cloudFormationSystemTags` and `tagOnCreate`; template tags:
/// `tagOnCreate`), and the IAM reference lists the tag key for the action on that resource type; otherwise
/// the grant stays unbound, with its reason.
///
/// Nobody can set `aws:` tags, so a system tag cannot be forged. A template tag can: the grants that could
/// put it on another resource are guarded (``TemplateTagGuard``), and a tagging call at creation of a
/// service that does not name the creating call (`ec2:CreateAction` does) is not bound, with its reason.
struct StackTagBinding {
    /// The system tag naming the stack a resource belongs to.
    static let stackNameTag = "aws:cloudformation:stack-name"

    /// Whether the call creates the resource (request tags) or acts on it once it exists (resource tags).
    enum Moment: Hashable, Sendable {
        case creating
        case existing
    }

    /// The tag a binding reads.
    struct Tag: Hashable {
        let key: String
        /// The values naming the stack (`${ProductStackName}`, `-<Nested>-*` per nesting level).
        let values: [[TextPart]]

        var isSystem: Bool { key == StackTagBinding.stackNameTag }

        static func system(stackName: [TextPart]) -> Tag { Tag(key: StackTagBinding.stackNameTag, values: [stackName]) }
    }

    let moment: Moment
    let tag: Tag
    /// For a tagging action that can tag the resource in its creating call: the `<service>:CreateAction`
    /// key and the creating API names when the service names them (EC2's `ec2:CreateTags`), else no names.
    let tagOnCreate: (key: String, actions: [String])?

    /// - Parameters:
    ///   - candidate: the stack resource the request involves for one IAM resource type.
    ///   - resource: the resource whose handler sends the request.
    ///   - entry: the action's row for that IAM resource type in the IAM reference.
    ///   - resourceTypeKeys: the condition keys the IAM reference lists for the resource type itself.
    init?(tag: Tag, candidate: EvaluatedResource, of resource: EvaluatedResource, action: IAMActionFacts,
          entry: IAMActionResourceType?, resourceTypeKeys: [String], catalog: Catalog) {
        guard let entry, let facts = catalog.resourceType(candidate.type), let tagging = facts.tagging,
              tag.isSystem ? tagging.carriesSystemTagsFromCreation : tagging.taggable && tagging.tagOnCreate == true,
              let moment = Self.moment(isOwn: candidate.qualifiedId == resource.qualifiedId, action: action, entry: entry,
                                       resourceTypeKeys: resourceTypeKeys) else { return nil }
        self.moment = moment
        self.tag = tag
        if moment == .existing, candidate.qualifiedId == resource.qualifiedId, action.tagsAtCreation(entry) {
            let creating = action.namesCreatingCall
                ? Self.creatingActions(of: facts, iamType: entry.name, service: action.service, catalog: catalog) : []
            tagOnCreate = (action.createActionKey, creating)
        } else {
            tagOnCreate = nil
        }
    }

    /// When a call on a resource of one IAM type can read its tags, as the IAM reference says: request tags
    /// on the call that creates the resource, resource tags on calls once it exists; nil when the call
    /// reads neither (or names a resource it creates that is not the resource's own).
    static func moment(isOwn: Bool, action: IAMActionFacts, entry: IAMActionResourceType, resourceTypeKeys: [String]) -> Moment? {
        if action.creates(entry) {
            return isOwn && action.readsRequestTags(entry) ? .creating : nil
        }
        return action.readsResourceTags(entry, resourceTypeKeys: resourceTypeKeys) ? .existing : nil
    }

    /// The creating calls of a type's create handler for one IAM resource type (`CreateSecurityGroup` for
    /// `security-group`), as `<service>:CreateAction` names them.
    static func creatingActions(of facts: ResourceTypeFacts, iamType: String, service: String, catalog: Catalog) -> [String] {
        let names = facts.actions(for: .create).compactMap { name -> String? in
            guard let action = catalog.action(name), action.service == service else { return nil }
            // A creating call with no resource-level permission (`elasticfilesystem:CreateFileSystem`) is
            // recognised by its name.
            let entries = action.isWildcardOnly ? [IAMActionResourceType(name: iamType, required: true, conditionKeys: [])]
                : action.resourceTypes.filter { $0.name == iamType }
            return entries.contains(where: action.creates) ? action.name : nil
        }
        return Array(Set(names)).sorted()
    }

    /// The condition key the grant reads.
    var conditionKey: String {
        (moment == .creating ? "aws:RequestTag/" : "aws:ResourceTag/") + tag.key
    }

    /// The scopes: one per moment the call can come at. A condition on the resource's own tags is read for
    /// each resource of a request apart, so it stands on every resource of the service
    /// (`serviceWide`), which lets the grants of many types share a statement; request tags belong to the
    /// whole request, so the creating call's grant stays on the type it creates (`pattern`), and the other
    /// resources of that request need their own grants.
    func scopes(on pattern: ResourcePattern, serviceWide: ResourcePattern, action: String) -> [GrantScope] {
        let values = tag.values.map(ResourcePattern.init)
        let resource = moment == .existing ? serviceWide : pattern
        var scopes = [GrantScope(resources: [resource], conditions: [GrantCondition("StringLike", conditionKey, values)])]
        guard let tagOnCreate else { return scopes }
        var conditions = [GrantCondition("StringLike", "aws:RequestTag/" + tag.key, values)]
        if !tagOnCreate.actions.isEmpty {
            conditions.append(GrantCondition("StringEquals", tagOnCreate.key, tagOnCreate.actions.map { ResourcePattern([.literal($0)]) }))
            scopes.append(GrantScope(resources: [pattern], conditions: conditions))
        } else if tag.isSystem {
            scopes.append(GrantScope(resources: [pattern], conditions: conditions))
        } else {
            // Tagging at creation cannot be told from tagging a resource that exists; the tag must not be
            // there yet, so another deployment's resources (which carry it) stay out of reach.
            conditions.append(GrantCondition("Null", "aws:ResourceTag/" + tag.key, [ResourcePattern([.literal("true")])]))
            scopes.append(GrantScope(resources: [pattern], conditions: conditions,
                                     note: "\(action) at creation: the service names no creating call, so the tag "
                                         + "\(tag.key) could be put on a resource of the account that has none yet"))
        }
        return scopes
    }
}
