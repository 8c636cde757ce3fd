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
    private let index: [String: (resource: EvaluatedResource, stack: EvaluatedStack)]
    /// The stack resources each resource references, by qualified ID.
    private let references: [String: [EvaluatedResource]]
    private let stackNames: [[String]: String]

    /// - Parameter stacks: the release's stack (and, for an upgrade, the previous release's): a resource is
    ///   looked up in the first stack that has it.
    public init(stacks: [EvaluatedStack], target: DeploymentTarget, options: ScopingOptions = ScopingOptions(),
                catalog: Catalog = .embedded) {
        self.target = target
        self.options = options
        self.catalog = catalog
        data = .embedded
        var index: [String: (EvaluatedResource, EvaluatedStack)] = [:]
        var references: [String: [EvaluatedResource]] = [:]
        var names: [[String]: String] = [[]: target.stackName]
        for child in stacks.reversed().flatMap(\.allStacks) {
            index[child.stackResource.qualifiedId] = (child.stackResource, child)
            let scoper = ResourceScoper(catalog: catalog, data: data, options: options, stack: child)
            for resource in child.resources {
                index[resource.qualifiedId] = (resource, child)
                references[resource.qualifiedId] = scoper.referencedResources(of: resource)
            }
            if !child.path.isEmpty {
                var random = RandomTokens(seed: target.seed, salt: child.path.joined(separator: "/"))
                let parent = names[Array(child.path.dropLast())] ?? target.stackName
                names[child.path] = Self.generatedName(stack: parent, logicalId: child.path.last!, random: random.token(13),
                                                       maximum: 128, lower: false)
            }
        }
        self.index = index
        self.references = references
        stackNames = names
    }

    /// The requests for every requirement (a requirement may need several: one per resource it acts on).
    public func requests(for requirements: RequirementSet) -> [ConcreteRequest] {
        requirements.requirements.flatMap { requirement in
            requests(for: requirement).map { ConcreteRequest(requirement: requirement, request: $0) }
        }
    }

    /// The requests one requirement needs.
    public func requests(for requirement: Requirement) -> [EvaluationRequest] {
        guard let facts = catalog.action(requirement.action) else {
            // A handler's wildcard: every action it stands for, on `*`.
            return catalog.actions(matching: requirement.action).map { request($0.fullName, "*", requirement) }
        }
        if let target = requirement.target {
            return [request(facts.fullName, render(target, salt: requirement.provenance.logicalId), requirement)]
        }
        if facts.isWildcardOnly { return [request(facts.fullName, "*", requirement)] }
        guard let (resource, owner) = index[requirement.provenance.logicalId] else { return [] }
        if facts.fullName == "iam:CreateServiceLinkedRole" { return serviceLinkedRoleRequests(for: resource, requirement) }
        let referenced = references[resource.qualifiedId] ?? []
        let literalArns = ResourceScoper.literalArns(in: resource.properties)
        var arns: [(arn: String, role: EvaluatedResource?)] = []
        var relevant: [(IAMResourceTypeFacts, Bool)] = []
        for type in facts.resourceTypes where !type.name.isEmpty {
            if let iamType = catalog.iamResourceType(service: facts.service, name: type.name) {
                relevant.append((iamType, type.required))
            }
        }
        for (iamType, required) in relevant {
            let format = ArnFormat(iamType.arnFormat)
            var matched = false
            for candidate in [resource] + referenced where Self.isOwn(iamType, of: candidate, data: data, catalog: catalog) {
                matched = true
                arns.append((arn(of: candidate, in: index[candidate.qualifiedId]?.stack ?? owner, format: format,
                                 iamType: iamType, referenced: referenced),
                             candidate.type == "AWS::IAM::Role" ? candidate : nil))
            }
            for literal in literalArns where format.matches(literalArn: literal) {
                matched = true
                arns.append((literal, nil))
            }
            if !matched, required || relevant.count == 1 {
                arns.append((randomArn(format, salt: resource.qualifiedId + iamType.name), nil))
            }
        }
        if arns.isEmpty, let first = relevant.first {
            arns.append((randomArn(ArnFormat(first.0.arnFormat), salt: resource.qualifiedId), nil))
        }
        if facts.fullName == "iam:PassRole" {
            // CloudFormation passes the roles the resource names; PassedToService is the consuming service.
            return arns.compactMap { entry in
                guard let role = entry.role else { return nil }
                var context: [String: [ContextValue]] = [:]
                let services = ResourceScoper.trustedServices(of: role)
                if !services.isEmpty { context["iam:PassedToService"] = [services[0]] }
                return request(facts.fullName, entry.arn, requirement, context: context)
            }
        }
        var context: [String: [ContextValue]] = [:]
        if let boundary = options.permissionsBoundary, facts.conditionKeys.contains("iam:PermissionsBoundary") {
            context["iam:PermissionsBoundary"] = [boundary]
        }
        return arns.map { request(facts.fullName, $0.arn, requirement, context: context) }
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
        let shape = ArnFormat(iamType.arnFormat).shape
        for rule in data.ownResources[resource.type] ?? [] {
            if let own = catalog.iamResourceType(service: rule.service, name: rule.resourceName),
               ArnFormat(own.arnFormat).shape == shape { return true }
        }
        return ResourceScoper.typeNameMatches(resource.type, iamTypeName: iamType.name, format: ArnFormat(iamType.arnFormat))
    }

    /// The ARN of `resource`'s own resource of this IAM type in this deployment.
    private func arn(of resource: EvaluatedResource, in owner: EvaluatedStack, format: ArnFormat,
                     iamType: IAMResourceTypeFacts, referenced: [EvaluatedResource]) -> String {
        var random = RandomTokens(seed: target.seed, salt: resource.qualifiedId)
        let rule = (data.ownResources[resource.type] ?? []).first {
            catalog.iamResourceType(service: $0.service, name: $0.resourceName).map {
                ArnFormat($0.arnFormat).shape == format.shape
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
            guard let otherOwner = index[other.qualifiedId]?.stack else { continue }
            for rule in data.ownResources[other.type] ?? [] where values[rule.namePlaceholder] == nil
                && format.segments.contains(.placeholder(rule.namePlaceholder)) {
                var otherRandom = RandomTokens(seed: target.seed, salt: other.qualifiedId)
                values[rule.namePlaceholder] = physicalName(of: other, in: otherOwner, rule: rule, random: &otherRandom)
            }
        }
        return fill(format, values: values, random: &random)
    }

    /// The name CloudFormation gives the resource: its explicit name, or a generated one.
    private func physicalName(of resource: EvaluatedResource, in owner: EvaluatedStack, rule: OwnResourceRule,
                              random: inout RandomTokens) -> String {
        let ownStackName = stackNames[owner.path] ?? target.stackName
        if resource.logicalId == "(stack)" { return ownStackName }
        if resource.type == "AWS::CloudFormation::Stack", let nested = stackNames[resource.stackPath + [resource.logicalId]] {
            return nested
        }
        if let property = rule.nameProperty, let value = resource.properties?[property] {
            let chosen = value.alternatives().first ?? value
            return (chosen.textParts ?? [.symbol(.deployTime("random:12"))]).map { part in
                switch part {
                case .literal(let text): return text
                case .symbol(.pseudo(.stackName)): return ownStackName
                case .symbol(.pseudo(let pseudo)): return target.value(of: pseudo)
                case .symbol: return random.token(12)
                }
            }.joined()
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
                          principal: "arn:\(target.partition):iam::\(target.account):role/deployrole-check",
                          accountId: target.account, context: context)
    }
}
