/// Keeps a grant on the stack's own resource of a type whose IDs the service picks (a security group, a
/// subnet), through the `aws:cloudformation:stack-name` tag CloudFormation puts on it.
///
/// Nobody can create, change or remove `aws:` tags, so the tag identifies the stack's resources: calls on an
/// existing resource are conditioned on `aws:ResourceTag/aws:cloudformation:stack-name`, the creating call
/// on `aws:RequestTag/aws:cloudformation:stack-name`. A binding exists only where the resource type's schema
/// says CloudFormation tags it with system tags on create, and the IAM reference lists the tag key for the
/// action on that resource type; otherwise the grant stays unbound, with its reason.
struct SystemTagBinding {
    /// The system tag naming the stack a resource belongs to.
    static let stackNameTag = "aws:cloudformation:stack-name"

    /// Whether the call creates the resource (request tags) or acts on it once it exists (resource tags).
    enum Moment: Hashable, Sendable {
        case creating
        case existing
    }

    let moment: Moment
    /// The stack the resource belongs to, as parts (`${ProductStackName}`, `-<Nested>-*` per nesting level).
    let stackName: [TextPart]
    /// For a tagging action that can tag the resource in its creating call: the `<service>:CreateAction`
    /// key and the creating API names when the service names them (EC2's `ec2:CreateTags`), else no names.
    /// The grant then reads the request's `aws:cloudformation:stack-name` tag, which only CloudFormation can
    /// send (nobody can set `aws:` tags), so it cannot tag anything but the stack's own new resources.
    let tagOnCreate: (key: String, actions: [String])?

    /// - Parameters:
    ///   - candidate: the stack resource the request involves for one IAM resource type.
    ///   - resource: the resource whose handler sends the request.
    ///   - entry: the action's row for that IAM resource type in the IAM reference.
    ///   - resourceTypeKeys: the condition keys the IAM reference lists for the resource type itself.
    init?(candidate: EvaluatedResource, of resource: EvaluatedResource, action: IAMActionFacts,
          entry: IAMActionResourceType?, resourceTypeKeys: [String], catalog: Catalog, stackName: [TextPart]) {
        guard let entry, let facts = catalog.resourceType(candidate.type),
              facts.tagging?.carriesSystemTagsFromCreation == true,
              let moment = Self.moment(isOwn: candidate.qualifiedId == resource.qualifiedId, action: action, entry: entry,
                                       resourceTypeKeys: resourceTypeKeys) else { return nil }
        self.moment = moment
        self.stackName = stackName
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
        (moment == .creating ? "aws:RequestTag/" : "aws:ResourceTag/") + Self.stackNameTag
    }

    /// The scopes: one per moment the call can come at. A condition on the resource's own tags is read for
    /// each resource of a request apart, so it stands on every resource of the service
    /// (`serviceWide`), which lets the grants of many types share a statement; request tags belong to the
    /// whole request, so the creating call's grant stays on the type it creates (`pattern`), and the other
    /// resources of that request need their own grants.
    func scopes(on pattern: ResourcePattern, serviceWide: ResourcePattern) -> [GrantScope] {
        let name = ResourcePattern(stackName)
        let resource = moment == .existing ? serviceWide : pattern
        var scopes = [GrantScope(resources: [resource], conditions: [GrantCondition("StringLike", conditionKey, [name])])]
        if let tagOnCreate {
            var conditions = [GrantCondition("StringLike", "aws:RequestTag/" + Self.stackNameTag, [name])]
            if !tagOnCreate.actions.isEmpty {
                conditions.append(GrantCondition("StringEquals", tagOnCreate.key, tagOnCreate.actions.map { ResourcePattern([.literal($0)]) }))
            }
            scopes.append(GrantScope(resources: [pattern], conditions: conditions))
        }
        return scopes
    }
}
