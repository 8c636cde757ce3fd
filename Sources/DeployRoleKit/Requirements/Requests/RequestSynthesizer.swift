/// Turns requirements into the concrete requests one deployment sends: the action, the ARN of the
/// resource it acts on (named as CloudFormation or the service names it), and the request context
/// CloudFormation sends.
///
/// Independent of the grants deployrole writes: names are built from the template and CloudFormation's
/// naming rules (`<stack>-<logicalId>-<random>`, lower-cased or truncated where the type requires), never
/// from the generated ARN patterns. `check` evaluates these against a role; the sufficiency tests evaluate
/// them against the generated policies.
public struct RequestSynthesizer: Sendable {
    public let target: DeploymentTarget
    public let options: ScopingOptions
    let catalog: Catalog
    let data: RuleData
    /// Each resource of each release with what its requests need, found once.
    private let index: [ReleaseResource: ResourceEntry]
    /// Whether an IAM type (`service:name`) is a CloudFormation type's own (``isOwn(_:of:data:catalog:)``).
    private let ownTypes = SynchronizedMemo<OwnTypeKey, Bool>()
    /// The ARN a resource's request names for one of the resources it acts on, of one ARN format: the same
    /// for every action and phase of the resource.
    private let arns = SynchronizedMemo<ArnKey, String>()

    private struct OwnTypeKey: Hashable {
        var cloudFormationType: String
        var service: String
        var name: String
    }

    /// A resource with what its requests need: read once per resource, shared (a class) so that a lookup
    /// does not copy it.
    private final class ResourceEntry: Sendable {
        let resource: EvaluatedResource
        let owner: StackPlace
        /// The stack resources it references.
        let references: [EvaluatedResource]
        /// The literal ARNs its properties hold (``ResourceScoper/literalArns(in:)``).
        let literalArns: [String]
        /// The existing resources its properties name by ID, per ARN format shape.
        let existingIds: [String: [ExistingResourceIds.Identifier]]

        init(resource: EvaluatedResource, owner: StackPlace, references: [EvaluatedResource], literalArns: [String],
             existingIds: [String: [ExistingResourceIds.Identifier]]) {
            self.resource = resource
            self.owner = owner
            self.references = references
            self.literalArns = literalArns
            self.existingIds = existingIds
        }
    }

    /// Where a stack stands: its nested-stack path and its template file.
    private struct StackPlace: Sendable {
        var path: [String]
        var file: String
    }

    /// What a requirement's requests depend on: requirements that agree on it get the same requests.
    private struct RequestKey: Hashable {
        var resource: ReleaseResource
        var action: String
        var target: [TextPart]?
        var creating: Bool

        init(_ requirement: Requirement) {
            resource = ReleaseResource(release: requirement.provenance.previousRelease, id: requirement.provenance.logicalId)
            action = requirement.action
            target = requirement.target
            creating = requirement.phase == .create
        }
    }

    private struct ArnKey: Hashable {
        var resource: ReleaseResource
        var candidate: String
        var format: ArnFormat
    }
    /// The root template of each release upgraded from, in the order given.
    private let previousReleases: [String]

    /// A resource of one release: nil for the release itself, else the previous release's template path
    /// (`Provenance.previousRelease`).
    private struct ReleaseResource: Hashable {
        var release: String?
        var id: String
    }
    private let stackNames: [[String]: String]
    /// Each stack's ID (`aws:cloudformation:stack-id`), by nested-stack path.
    private let stackIds: [[String]: String]
    /// The principal every request is made by.
    private let principal: String
    /// The tags the template sets on each resource, with this deployment's values, by template file and
    /// qualified ID.
    private let templateTags: [TaggedResource: [(String, String)]]

    private struct TaggedResource: Hashable {
        var file: String
        var id: String
    }

    /// - Parameter stacks: the release's stack, then (for an upgrade) those of the releases upgraded from: a
    ///   requirement's resource is looked up in the release its provenance names.
    public init(stacks: [EvaluatedStack], target: DeploymentTarget, options: ScopingOptions = ScopingOptions(),
                catalog: Catalog = .embedded) {
        self.target = target
        self.options = options
        self.catalog = catalog
        data = .embedded
        var index: [ReleaseResource: ResourceEntry] = [:]
        let existing = ExistingResourceIds(data: data, catalog: catalog)
        var names: [[String]: String] = [[]: target.stackName]
        previousReleases = stacks.dropFirst().map(\.file)
        let releases = stacks.enumerated().flatMap { position, root in
            root.allStacks.map { (release: position == 0 ? nil : root.file, stack: $0) }
        }
        for (release, child) in releases {
            let place = StackPlace(path: child.path, file: child.file)
            index[ReleaseResource(release: release, id: child.stackResource.qualifiedId)] = ResourceEntry(
                resource: child.stackResource, owner: place, references: [],
                literalArns: ResourceScoper.literalArns(in: child.stackResource.properties), existingIds: [:])
            var scoper = ResourceScoper(catalog: catalog, data: data, options: options, stack: child)
            let byId = Dictionary(child.resources.map { ($0.logicalId, $0) }, uniquingKeysWith: { first, _ in first })
            for resource in child.resources {
                let found = existing.find(in: resource.properties, parameters: child.path.isEmpty ? child.template.parameters : nil,
                                          resourcesById: byId, dataProperties: data.dataProperties).identifiers
                index[ReleaseResource(release: release, id: resource.qualifiedId)] = ResourceEntry(
                    resource: resource, owner: place, references: scoper.referencedResources(of: resource),
                    literalArns: ResourceScoper.literalArns(in: resource.properties), existingIds: found)
            }
            if !child.path.isEmpty, names[child.path] == nil {
                var random = RandomTokens(seed: target.seed, salt: child.path.joined(separator: "/"))
                let parent = names[Array(child.path.dropLast())] ?? target.stackName
                names[child.path] = Self.generatedName(stack: parent, logicalId: child.path.last!, random: random.token(13),
                                                       maximum: 128, lower: false)
            }
        }
        self.index = index
        stackNames = names
        var tags: [TaggedResource: [(String, String)]] = [:]
        var ids: [[String]: String] = [:]
        for (_, child) in releases {
            let ownStackName = names[child.path] ?? target.stackName
            if ids[child.path] == nil {
                var random = RandomTokens(seed: target.seed, salt: child.path.joined(separator: "/"))
                ids[child.path] = "arn:\(target.partition):cloudformation:\(target.region):\(target.account):stack/\(ownStackName)/"
                    + random.token(8).lowercased() + "-0000-4000-8000-000000000000"
            }
            for resource in child.resources {
                let rendered = Self.templateTagValues(of: resource, stackName: ownStackName, target: target, catalog: catalog)
                if !rendered.isEmpty { tags[TaggedResource(file: child.file, id: resource.qualifiedId)] = rendered }
            }
        }
        templateTags = tags
        stackIds = ids
        principal = "arn:\(target.partition):iam::\(target.account):role/deployrole-check"
    }

    /// The stack holding a resource, in the release or else the first release upgraded from that has it
    /// (nested-stack paths, and so stack names, are the same in every release).
    private func stack(containing qualifiedId: String) -> StackPlace? {
        if let entry = index[ReleaseResource(release: nil, id: qualifiedId)] { return entry.owner }
        for release in previousReleases {
            if let entry = index[ReleaseResource(release: release, id: qualifiedId)] { return entry.owner }
        }
        return nil
    }

    /// The requests for every requirement (a requirement may need several: one per resource it acts on), in
    /// the requirements' order. Requirements that differ only in what the requests do not depend on (their
    /// phase other than the creation, their grant) share one synthesis; the distinct ones are synthesized on
    /// the machine's cores.
    public func requests(for requirements: RequirementSet) -> [ConcreteRequest] {
        let occurrences = FirstOccurrences(requirements.requirements.map(RequestKey.init))
        let made = Parallel.map(occurrences.distinct, minimumChunk: 200) { requests(for: requirements.requirements[$0]) }
        var all: [ConcreteRequest] = []
        all.reserveCapacity(requirements.requirements.count * 2)
        for (index, requirement) in requirements.requirements.enumerated() {
            let known = made[occurrences.slot[index]]
            all += occurrences.isFirst(index) ? known : known.map { $0.replacingRequirement(with: requirement) }
        }
        return all
    }

    /// The requests one requirement needs.
    public func requests(for requirement: Requirement) -> [ConcreteRequest] {
        func plain(_ requests: [EvaluationRequest]) -> [ConcreteRequest] {
            requests.map { ConcreteRequest(requirement: requirement, request: $0) }
        }
        guard let facts = catalog.action(requirement.action) else {
            // A handler's wildcard: every action it stands for, on `*`.
            return plain(catalog.actions(matching: requirement.action).map { request($0.fullName, "*", requirement) })
        }
        if let target = requirement.target {
            return plain([request(facts.fullName, render(target, salt: requirement.provenance.logicalId), requirement)])
        }
        if facts.isWildcardOnly { return plain([request(facts.fullName, "*", requirement)]) }
        let key = ReleaseResource(release: requirement.provenance.previousRelease, id: requirement.provenance.logicalId)
        guard let entry = index[key] else { return [] }
        let resource = entry.resource, owner = entry.owner
        if facts.fullName == "iam:CreateServiceLinkedRole" { return plain(serviceLinkedRoleRequests(for: resource, requirement)) }
        let referenced = entry.references
        let literalArns = entry.literalArns
        // A tagging call acts on the resource it tags, never on the existing resources that one names.
        let existing = facts.accessLevel == .tagging ? [:] : entry.existingIds
        var arns: [(arn: String, role: EvaluatedResource?, tags: [String: [ContextValue]], creates: Bool, resource: String?)] = []
        var relevant: [(IAMResourceTypeFacts, IAMActionResourceType)] = []
        for type in facts.resourceTypes where !type.name.isEmpty {
            if let iamType = catalog.iamResourceType(service: facts.service, name: type.name) {
                relevant.append((iamType, type))
            }
        }
        var unmatched: [(ArnFormat, IAMResourceTypeFacts, IAMActionResourceType)] = []
        for (iamType, entry) in relevant {
            let format = iamType.format
            let required = entry.required
            var matched = false
            for candidate in [resource] + referenced where ownTypes.value(
                for: OwnTypeKey(cloudFormationType: candidate.type, service: iamType.service, name: iamType.name),
                compute: { Self.isOwn(iamType, of: candidate, data: data, catalog: catalog) }) {
                matched = true
                let candidateStack = stack(containing: candidate.qualifiedId) ?? owner
                let arn = self.arns.value(for: ArnKey(resource: key, candidate: candidate.qualifiedId, format: format)) {
                    self.arn(of: candidate, in: candidateStack, format: format, iamType: iamType, referenced: referenced)
                }
                arns.append((arn,
                             candidate.type == "AWS::IAM::Role" ? candidate : nil,
                             tagContext(of: candidate, in: candidateStack, for: resource, action: facts, entry: entry,
                                        phase: requirement.phase),
                             candidate.qualifiedId == resource.qualifiedId && facts.creates(entry),
                             candidate.qualifiedId))
            }
            for literal in literalArns where format.matches(literalArn: literal) {
                matched = true
                arns.append((literal, nil, [:], false, nil))
            }
            // An existing resource the release names (a VPC given by parameter): its ID in this deployment.
            if let identifiers = existing[format.shape], let placeholder = format.idPlaceholder {
                for identifier in identifiers {
                    matched = true
                    var random = RandomTokens(seed: target.seed, salt: resource.qualifiedId)
                    arns.append((fill(format, values: [placeholder: value(of: identifier)], random: &random), nil, [:], false, nil))
                }
            }
            if !matched, required || relevant.count == 1 {
                unmatched.append((format, iamType, entry))
            }
        }
        // A tagging call acts on the resource it tags: the other types it lists are not involved.
        if facts.accessLevel != .tagging || arns.isEmpty {
            for (format, iamType, entry) in unmatched {
                // A resource of a type the call creates (an instance RunInstances launches) is new.
                let creates = facts.creates(entry)
                arns.append((randomArn(format, salt: resource.qualifiedId + iamType.name), nil, [:], creates, nil))
            }
        }
        if arns.isEmpty, let first = relevant.first {
            arns.append((randomArn(first.0.format, salt: resource.qualifiedId), nil, [:], false, nil))
        }
        if facts.fullName == "iam:PassRole" {
            // CloudFormation passes the roles the resource names; PassedToService is the consuming service.
            return arns.compactMap { entry in
                guard let role = entry.role else { return nil }
                var context: [String: [ContextValue]] = [:]
                let services = ResourceScoper.trustedServices(of: role)
                if !services.isEmpty { context["iam:PassedToService"] = [services[0]] }
                return ConcreteRequest(requirement: requirement, request: request(facts.fullName, entry.arn, requirement, context: context))
            }
        }
        var context: [String: [ContextValue]] = [:]
        if let boundary = options.permissionsBoundary, facts.conditionKeys.contains("iam:PermissionsBoundary") {
            context["iam:PermissionsBoundary"] = [boundary]
        }
        // The request names the resource itself (the policy an attach call attaches).
        if let binding = data.requestBinding(type: resource.type, action: facts.fullName),
           let rule = data.ownResources[resource.type]?.first(where: { $0.iamResourceType == binding.iamResourceType }),
           let own = catalog.iamResourceType(service: rule.service, name: rule.resourceName) {
            context[binding.conditionKey] = [arn(of: resource, in: owner, format: own.format, iamType: own,
                                                 referenced: referenced)]
        }
        return arns.map { entry in
            ConcreteRequest(requirement: requirement,
                            request: request(facts.fullName, entry.arn, requirement, context: context.merging(entry.tags) { first, _ in first }),
                            createsResource: entry.creates, stackResource: entry.resource)
        }
    }

    // MARK: - Tags

    /// The tag keys a request on `candidate` carries, as AWS evaluates them: CloudFormation's system tags
    /// (`aws:cloudformation:stack-name`, `logical-id`, `stack-id`, where the type carries them) and the tags
    /// the template sets, as request tags on the call that creates the resource (when the type is tagged on
    /// create) and as resource tags on calls once it exists, each only where the IAM reference lists the key
    /// for the action's resource type. A tagging call during the creation (`ec2:CreateTags` with
    /// `ec2:CreateAction`) carries request tags and the creating action; a tagging call on the resource once
    /// it exists carries its resource tags and, as request tags, the template's.
    private func tagContext(of candidate: EvaluatedResource, in stack: StackPlace, for resource: EvaluatedResource,
                            action: IAMActionFacts, entry: IAMActionResourceType, phase: HandlerPhase) -> [String: [ContextValue]] {
        guard let tagging = catalog.resourceType(candidate.type)?.tagging, tagging.taggable else { return [:] }
        let ownStackName = stackNames[stack.path] ?? target.stackName
        var systemTags: [(String, String)] = []
        if tagging.cloudFormationSystemTags == true {
            systemTags = [
                ("aws:cloudformation:stack-name", ownStackName),
                ("aws:cloudformation:logical-id", candidate.logicalId),
                ("aws:cloudformation:stack-id", stackIds[stack.path] ?? ""),
            ]
        }
        let templateTags = self.templateTags[TaggedResource(file: stack.file, id: candidate.qualifiedId)] ?? []
        let tags = systemTags + templateTags
        guard !tags.isEmpty else { return [:] }
        let isOwn = candidate.qualifiedId == resource.qualifiedId
        let iamKeys = catalog.iamResourceType(service: action.service, name: entry.name)?.conditionKeys ?? []
        guard let moment = StackTagBinding.moment(isOwn: isOwn, action: action, entry: entry, resourceTypeKeys: iamKeys) else {
            return [:]
        }
        let readsTagKeys = (entry.conditionKeys + action.conditionKeys).contains("aws:TagKeys")
        let taggingAtCreation = isOwn && phase == .create && action.tagsAtCreation(entry)
        var context: [String: [ContextValue]] = [:]
        if moment == .creating || taggingAtCreation {
            guard tagging.tagOnCreate == true else { return [:] }
            for (key, value) in tags { context["aws:RequestTag/" + key] = [value] }
            if readsTagKeys { context["aws:TagKeys"] = tags.map(\.0) }
            if taggingAtCreation, action.namesCreatingCall, let typeFacts = catalog.resourceType(candidate.type),
               let creatingAction = StackTagBinding.creatingActions(of: typeFacts, iamType: entry.name, service: action.service,
                                                                    catalog: catalog).first {
                context[action.createActionKey] = [creatingAction]
            }
        } else {
            // Created without tags, a resource gets them only later: its own create-phase calls lack them.
            if isOwn, phase == .create, tagging.tagOnCreate != true { return [:] }
            for (key, value) in tags { context["aws:ResourceTag/" + key] = [value] }
            if isOwn, action.accessLevel == .tagging, !templateTags.isEmpty {
                for (key, value) in templateTags { context["aws:RequestTag/" + key] = [value] }
                if readsTagKeys { context["aws:TagKeys"] = templateTags.map(\.0) }
            }
        }
        return context
    }

    /// The tags the template sets on a resource, with the values this deployment gives them (its own
    /// stack name, pseudo parameters, random text for other deploy-time values).
    private static func templateTagValues(of resource: EvaluatedResource, stackName: String, target: DeploymentTarget,
                                          catalog: Catalog) -> [(String, String)] {
        var random = RandomTokens(seed: target.seed, salt: resource.qualifiedId + "/tags")
        return TemplateTags(of: resource, catalog: catalog).tags.map { tag in
            (tag.key, deployedText(of: tag.value, stackName: stackName, target: target, random: &random))
        }
    }

    /// The text a value takes in this deployment (its first alternative): literals, the stack's name,
    /// pseudo parameters, and random text for other deploy-time values.
    private static func deployedText(of value: Value, stackName: String, target: DeploymentTarget,
                                     random: inout RandomTokens) -> String {
        let chosen = value.alternatives().first ?? value
        return (chosen.textParts ?? [.symbol(.deployTime("random:12"))]).map { part in
            switch part {
            case .literal(let text): return text
            case .symbol(.pseudo(.stackName)): return stackName
            case .symbol(.pseudo(let pseudo)): return target.value(of: pseudo)
            case .symbol: return random.token(12)
            }
        }.joined()
    }

    /// A service-linked role's creation: its ARN (`role/aws-service-role/<service>/...`) and the service
    /// name CloudFormation's handler asks for, when known.
    private func serviceLinkedRoleRequests(for resource: EvaluatedResource, _ requirement: Requirement) -> [EvaluationRequest] {
        let prefix = data.serviceLinkedRoles.keys.filter { resource.type.hasPrefix($0) }.max { $0.count < $1.count }
        var random = RandomTokens(seed: target.seed, salt: resource.qualifiedId)
        let services = prefix.flatMap { data.serviceLinkedRoles[$0] } ?? [random.token(8).lowercased() + ".amazonaws.com"]
        return services.map { service in
            let arn = "arn:\(target.partition):iam::\(target.account):role/aws-service-role/\(service)/AWSServiceRoleFor\(random.token(8))"
            let context: [String: [ContextValue]] = prefix == nil ? [:] : ["iam:AWSServiceName": [service]]
            return request("iam:CreateServiceLinkedRole", arn, requirement, context: context)
        }
    }

    // MARK: - Names

    /// Whether `iamType` is the type of `resource`'s own resource: by the naming table, else by name
    /// (`AWS::EC2::SecurityGroup` is `security-group`).
    static func isOwn(_ iamType: IAMResourceTypeFacts, of resource: EvaluatedResource, data: RuleData, catalog: Catalog) -> Bool {
        let shape = iamType.format.shape
        for rule in data.ownResources[resource.type] ?? [] {
            if let own = catalog.iamResourceType(service: rule.service, name: rule.resourceName),
               own.format.shape == shape { return true }
        }
        return ResourceScoper.isOwnByType(resource.type, service: iamType.service, iamTypeName: iamType.name,
                                          format: iamType.format, data: data, catalog: catalog)
    }

    /// The ARN of `resource`'s own resource of this IAM type in this deployment.
    private func arn(of resource: EvaluatedResource, in owner: StackPlace, format: ArnFormat,
                     iamType: IAMResourceTypeFacts, referenced: [EvaluatedResource]) -> String {
        var random = RandomTokens(seed: target.seed, salt: resource.qualifiedId)
        let rule = (data.ownResources[resource.type] ?? []).first {
            catalog.iamResourceType(service: $0.service, name: $0.resourceName).map {
                $0.format.shape == format.shape
            } ?? false
        }
        var values: [String: String] = [:]
        if let rule {
            var name = physicalName(of: resource, in: owner, rule: rule, random: &random)
            let strip = format.prefix(before: rule.namePlaceholder)
            if !strip.isEmpty, name.hasPrefix(strip) { name = String(name.dropFirst(strip.count)) }
            if rule.nameSuffixes.contains("-??????") { name += "-" + random.token(6, alphabet: "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ") }
            if let pathProperty = rule.pathProperty, let path = resource.properties?[pathProperty]?.concreteString {
                let trimmed = path.hasPrefix("/") ? String(path.dropFirst()) : path
                name = trimmed + name
            }
            values[rule.namePlaceholder] = name
        } else if resource.logicalId == "(stack)" {
            values["StackName"] = stackNames[resource.stackPath] ?? target.stackName
        }
        // Other parts of the ARN named by a resource this one references (a log stream's log group).
        for other in referenced {
            guard let otherOwner = stack(containing: other.qualifiedId) else { continue }
            for rule in data.ownResources[other.type] ?? [] where values[rule.namePlaceholder] == nil
                && format.segments.contains(.placeholder(rule.namePlaceholder)) {
                var otherRandom = RandomTokens(seed: target.seed, salt: other.qualifiedId)
                values[rule.namePlaceholder] = physicalName(of: other, in: otherOwner, rule: rule, random: &otherRandom)
            }
        }
        return fill(format, values: values, random: &random)
    }

    /// The name CloudFormation gives the resource: its explicit name, or a generated one.
    private func physicalName(of resource: EvaluatedResource, in owner: StackPlace, rule: OwnResourceRule,
                              random: inout RandomTokens) -> String {
        let ownStackName = stackNames[owner.path] ?? target.stackName
        if resource.logicalId == "(stack)" { return ownStackName }
        if resource.type == "AWS::CloudFormation::Stack", let nested = stackNames[resource.stackPath + [resource.logicalId]] {
            return nested
        }
        if let property = rule.nameProperty, let value = resource.properties?[property] {
            let name = Self.deployedText(of: value, stackName: ownStackName, target: target, random: &random)
            // Services that lower-case generated names store explicit names in lower case too.
            return rule.generatedName == .lower ? name.lowercased() : name
        }
        switch rule.generatedName {
        case .none: return random.token(20)
        case .mixed, .lower:
            return Self.generatedName(stack: ownStackName, logicalId: resource.logicalId, random: random.token(13),
                                      maximum: rule.maximumNameLength, lower: rule.generatedName == .lower)
        }
    }

    /// `<stack>-<logicalId>-<random>`, with the stack name and logical ID shortened to fit `maximum`.
    static func generatedName(stack: String, logicalId: String, random: String, maximum: Int, lower: Bool) -> String {
        var stackPart = stack, logicalPart = logicalId
        let available = maximum - random.count - 2
        if stackPart.count + logicalPart.count > available {
            let half = max(1, available / 2)
            if logicalPart.count < half {
                stackPart = String(stackPart.prefix(max(1, available - logicalPart.count)))
            } else if stackPart.count < half {
                logicalPart = String(logicalPart.prefix(max(1, available - stackPart.count)))
            } else {
                stackPart = String(stackPart.prefix(half))
                logicalPart = String(logicalPart.prefix(max(1, available - half)))
            }
        }
        let name = "\(stackPart)-\(logicalPart)-\(random)"
        return lower ? name.lowercased() : name
    }

    /// An existing resource's ID in this deployment.
    private func value(of identifier: ExistingResourceIds.Identifier) -> String {
        switch identifier {
        case .parameter(let name): return target.parameterValue(name)
        case .literal(let text): return text
        }
    }

    private func randomArn(_ format: ArnFormat, salt: String) -> String {
        var random = RandomTokens(seed: target.seed, salt: salt)
        return fill(format, values: [:], random: &random)
    }

    /// The format with partition, region and account of the deployment, the given values, and random
    /// tokens for the rest.
    private func fill(_ format: ArnFormat, values: [String: String], random: inout RandomTokens) -> String {
        format.segments.map { segment in
            switch segment {
            case .literal(let text): return text
            case .placeholder("Partition"): return target.partition
            case .placeholder("Region"): return target.region
            case .placeholder("Account"): return target.account
            case .placeholder(let name): return values[name] ?? random.token(12, alphabet: "abcdef0123456789")
            }
        }.joined()
    }

    private func render(_ parts: [TextPart], salt: String) -> String {
        var random = RandomTokens(seed: target.seed, salt: salt)
        return parts.map { part in
            switch part {
            case .literal(let text): return text
            case .symbol(.pseudo(let pseudo)): return target.value(of: pseudo)
            case .symbol(.deployTime(let what)):
                let count = what.hasPrefix("random:") ? Int(what.dropFirst(7)) ?? 12 : 12
                return random.token(count, alphabet: "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789")
            case .symbol: return random.token(12)
            }
        }.joined()
    }

    private func request(_ action: String, _ resource: String, _ requirement: Requirement,
                         context: [String: [ContextValue]] = [:]) -> EvaluationRequest {
        EvaluationRequest(action: action, resource: resource,
                          principal: principal,
                          accountId: target.account, context: context)
    }
}
