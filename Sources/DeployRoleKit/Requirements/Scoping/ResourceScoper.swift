/// Finds, for an action a resource needs, the resources it acts on as ARN patterns and the conditions that
/// keep it to the stack's own resources.
///
/// For each IAM resource type the action authorizes (IAM reference): the resource's own ARN if the type is
/// the resource's own, the ARNs of the stack's resources it references, literal ARNs in its properties;
/// failing those, the account- and region-wide ARN of that type. `*` only for actions that support no
/// resource-level permission.
struct ResourceScoper: Sendable {
    let catalog: Catalog
    let data: RuleData
    let options: ScopingOptions
    let stack: EvaluatedStack
    private let resourcesById: [String: EvaluatedResource]
    /// The parts of this stack's name: the product stack name, then `-<NestedId>-*` per nesting level.
    let stackName: [TextPart]
    /// ``stackName`` in lower case, for the names services lower-case.
    let lowercasedStackName: [TextPart]
    /// Characters nesting adds before a resource's own generated name.
    private let nestingOverhead: Int

    /// Generated-name patterns hold only for stack names up to this length (nil: no limit).
    private(set) var stackNameLimit: Int?
    /// Requirements the scoping removed, with the reason.
    private(set) var pruned: [(action: String, reason: String)] = []
    /// The product stack's parameters that grants name existing resources by, with the longest ID each holds.
    private(set) var boundParameters: [String: Int] = [:]
    private let existingIds: ExistingResourceIds
    private var existingCache: [String: ExistingResourceIds.Found] = [:]
    private var referenceCache: [String: [EvaluatedResource]] = [:]
    private var directReferenceCache: [String: [String]] = [:]
    /// By resource number (``resourceIndex(of:)``).
    private var resourceFactsCache: [Int: ResourceFacts] = [:]
    /// Per CloudFormation type: its own-resource rules (`own-resources.tsv`) with their IAM types' formats.
    private var ownRuleCache: [String: [(rule: OwnResourceRule, format: ArnFormat)]] = [:]
    private var ownPatternCache: [OwnPatternKey: [ResourcePattern]] = [:]
    private var ownTypeCache: [OwnTypeKey: Bool] = [:]
    /// Numbers the resources the caches are keyed by (in the order first asked about).
    private var resourceIndices: [String: Int] = [:]
    /// Numbers the CloudFormation types of the resources, to key the caches of type facts cheaply.
    private var cloudFormationTypeIndices: [String: Int] = [:]
    /// Numbers the IAM types of the actions scoped (`service:name`), in the order first seen.
    private var typeIndices: [String: Int] = [:]
    private var scopeCache: [ScopeKey: [GrantScope]] = [:]
    private var targetCache: [TargetKey: Targets] = [:]
    private var templateTagCache: [String: [StackTagBinding.Tag]] = [:]
    /// Per action: its facts and, per IAM resource type it authorizes, the parsed format and the
    /// account-wide pattern.
    private var actionCache: [String: ActionShape?] = [:]
    /// Collapsed account-wide patterns per action and set of untargeted resource types.
    private var wideCache: [WideKey: [ResourcePattern]] = [:]

    private struct ScopeKey: Hashable {
        var action: String
        var logicalId: String
    }

    private struct TargetKey: Hashable {
        var resource: Int
        var type: Int
    }

    private struct OwnPatternKey: Hashable {
        var resource: Int
        var rule: Int
    }

    private struct OwnTypeKey: Hashable {
        var cloudFormationType: Int
        var type: Int
    }

    /// What scoping needs of a resource whatever the action: the resources its requests may involve
    /// (itself, then those it references), the literal ARNs in its properties, and whether they may name
    /// resources outside the stack.
    private struct ResourceFacts {
        let candidates: [Candidate]
        let literalArns: [String]
        let mayNameOutsideResources: Bool
    }

    /// A resource a request may involve, with what scoping looks up of it found once.
    private struct Candidate {
        let resource: EvaluatedResource
        /// Its number (``resourceIndex(of:)``).
        let index: Int
        /// Its CloudFormation type's number.
        let typeIndex: Int
        /// Its type's own-resource rules (`own-resources.tsv`) with their IAM types' formats.
        let ownRules: [(rule: OwnResourceRule, format: ArnFormat)]
    }

    private struct WideKey: Hashable {
        var action: String
        var types: [String]
    }

    private struct ActionShape {
        let facts: IAMActionFacts
        let types: [TypeShape]
    }

    /// An IAM resource type an action authorizes, as scoping uses it.
    private struct TypeShape {
        let name: String
        let format: ArnFormat
        /// The action's entry for the type (required or not, its condition keys).
        let entry: IAMActionResourceType
        /// The type's condition keys.
        let keys: [String]
        /// Numbers the types of this scoper's actions (service and name), to key the caches cheaply.
        let index: Int
        /// Every resource of the type in the account and region.
        var wide: ResourcePattern { format.accountWidePattern }
        /// Every resource of the type's service in the account and region.
        var serviceWide: ResourcePattern { format.serviceWidePattern }
    }

    static let randomSuffixLength = 13

    /// What this scoper found walking its stack's resources.
    var walks: ResourceWalks { ResourceWalks(references: referenceCache, existing: existingCache) }

    /// Takes what another scoper of the same stack found walking its resources.
    mutating func adoptWalks(of other: ResourceScoper) {
        referenceCache.merge(other.referenceCache) { mine, _ in mine }
        existingCache.merge(other.existingCache) { mine, _ in mine }
    }

    /// Carries the stack-name limit and the bound parameters found in earlier stacks.
    mutating func inherit(from earlier: ResourceScoper) {
        if let limit = earlier.stackNameLimit { stackNameLimit = min(stackNameLimit ?? Int.max, limit) }
        boundParameters.merge(earlier.boundParameters) { max($0, $1) }
    }

    init(catalog: Catalog, data: RuleData, options: ScopingOptions, stack: EvaluatedStack) {
        self.catalog = catalog
        self.data = data
        self.options = options
        self.stack = stack
        resourcesById = Dictionary(stack.resources.map { ($0.logicalId, $0) }, uniquingKeysWith: { first, _ in first })
        var name: [TextPart] = [.symbol(.pseudo(.stackName))]
        var overhead = 0
        for nested in stack.path {
            name.append(.literal("-\(nested)-*"))
            overhead += nested.count + 2 + Self.randomSuffixLength
        }
        stackName = name
        lowercasedStackName = [.symbol(.lowercasedStackName)] + stack.path.map { .literal("-\($0.lowercased())-*") }
        nestingOverhead = overhead
        existingIds = ExistingResourceIds(data: data, catalog: catalog)
    }

    // MARK: - Scopes for a resource's action

    /// The scopes for `action` needed by `resource`; empty when the action is pruned.
    mutating func scopes(for action: String, of resource: EvaluatedResource) -> [GrantScope] {
        let key = ScopeKey(action: action, logicalId: resource.logicalId)
        if let cached = scopeCache[key] { return cached }
        let before = pruned.count
        let scopes = computeScopes(for: action, of: resource)
        // Pruning is reported once per call, so cached answers repeat it.
        if pruned.count == before { scopeCache[key] = scopes }
        return scopes
    }

    private mutating func shape(of action: String) -> ActionShape? {
        if let cached = actionCache[action] { return cached }
        let shape = catalog.action(action).map { facts in
            ActionShape(facts: facts, types: facts.resourceTypes.compactMap { type in
                guard !type.name.isEmpty, let iamType = catalog.iamResourceType(service: facts.service, name: type.name) else {
                    return nil
                }
                let identity = "\(facts.service):\(type.name)"
                let index = typeIndices[identity] ?? typeIndices.count
                typeIndices[identity] = index
                return TypeShape(name: type.name, format: iamType.format, entry: type, keys: iamType.conditionKeys, index: index)
            })
        }
        actionCache[action] = shape
        return shape
    }

    private mutating func computeScopes(for action: String, of resource: EvaluatedResource) -> [GrantScope] {
        guard let shape = shape(of: action) else {
            return [.any("\(action) is not an action of the IAM reference (a handler's wildcard); it cannot be scoped")]
        }
        let facts = shape.facts
        if facts.isWildcardOnly {
            return [.any("\(action) supports no resource-level permissions (IAM reference)")]
        }
        if facts.fullName == "iam:CreateServiceLinkedRole" { return serviceLinkedRoleScopes(resource) }
        if facts.fullName == "iam:PassRole" { return passRoleScopes(resource) }
        var resources: [ResourcePattern] = []
        var widePatterns: [ResourcePattern] = []
        var wide: [String] = []
        var tagBound: [GrantScope] = []
        /// Types granted on their account-wide ARN for a stack resource that neither a name nor a system tag
        /// binds (for the note only; `wide` keys the cache of collapsed untargeted patterns).
        var unboundNames: [String] = []
        var untargeted: [TypeShape] = []
        // A tagging call acts on the resource it tags, never on the existing resources that one names.
        let existing = facts.accessLevel == .tagging ? ExistingResourceIds.Found() : existingResources(of: resource)
        let index = resourceIndex(of: resource)
        for type in shape.types {
            let targeted = targets(of: resource, numbered: index, matching: type, service: facts.service)
            resources.append(contentsOf: targeted.named)
            let named = existing.identifiers[type.format.shape] ?? []
            resources.append(contentsOf: existingPatterns(named, format: type.format))
            // A name CloudFormation may shorten binds nothing: the type's account-wide ARN, said so.
            if targeted.named.contains(type.wide) { unboundNames.append(type.name) }
            for candidate in targeted.recognised {
                if let binding = stackTagBinding(of: candidate, for: resource, action: facts, entry: type.entry, resourceTypeKeys: type.keys) {
                    tagBound.append(contentsOf: binding.scopes(on: type.wide, serviceWide: type.serviceWide,
                                                               action: facts.fullName))
                } else {
                    resources.append(type.wide)
                    unboundNames.append(type.name)
                }
            }
            // Named only by existing IDs: other values from outside the stack may name more of the type.
            if targeted.named.isEmpty, targeted.recognised.isEmpty, named.isEmpty || existing.hasUnidentifiedExternalValues {
                untargeted.append(type)
            }
        }
        // A tagging call acts on the resource it tags: the types it lists are alternatives, and those no
        // stack resource is of are never involved. Beside a stack resource the request involves, an
        // optional type no stack resource is of is involved only through a property naming a resource
        // outside the stack (a parameter, an import, a literal ID).
        let involvesStackResources = untargeted.count < shape.types.count
        let tagging = facts.accessLevel == .tagging && involvesStackResources
        let outside = existing.identifiers.isEmpty ? resourceFacts(of: resource, numbered: index).mayNameOutsideResources
            : existing.hasUnidentifiedExternalValues
        for type in untargeted {
            if tagging || (!type.entry.required && involvesStackResources && !outside) { continue }
            widePatterns.append(type.wide)
            wide.append(type.name)
        }
        let wideKey = WideKey(action: action, types: wide)
        if let collapsed = wideCache[wideKey] {
            resources.append(contentsOf: collapsed)
        } else {
            let collapsed = Self.collapsed(widePatterns)
            wideCache[wideKey] = collapsed
            resources.append(contentsOf: collapsed)
        }
        var conditions: [GrantCondition] = []
        if let boundary = options.permissionsBoundary, facts.conditionKeys.contains("iam:PermissionsBoundary") {
            if facts.name.hasPrefix("Delete") && facts.name.hasSuffix("PermissionsBoundary") {
                pruned.append((facts.fullName, "the permissions boundary must stay on the stack's roles"))
                return []
            }
            conditions.append(GrantCondition("StringEquals", "iam:PermissionsBoundary", [ResourcePattern([.literal(boundary)])]))
        }
        let byParameter = existing.unboundParameters.isEmpty || wide.isEmpty ? ""
            : "; \(existing.unboundParameters.count == 1 ? "parameter" : "parameters") "
                + existing.unboundParameters.joined(separator: ", ")
                + " may name one and \(existing.unboundParameters.count == 1 ? "binds" : "bind") no grant "
                + "(a list, an SSM parameter type, a nested stack's, or one nothing says is an ID)"
        let note = wide.isEmpty && unboundNames.isEmpty ? nil
            : "\(Array(Set(wide + unboundNames)).sorted().joined(separator: ", ")): any in the account and region (no name the template fixes, no tag naming the stack the IAM reference lets a condition read\(byParameter))"
        if let binding = data.requestBinding(type: resource.type, action: facts.fullName),
           let own = requestBindingPatterns(of: resource, binding) {
            conditions.append(GrantCondition("ArnLike", binding.conditionKey, own))
            let scope = GrantScope(resources: resources + tagBound.flatMap(\.resources), conditions: conditions)
            return [scope]
        }
        let bound = tagBound.map { scope in
            GrantScope(resources: scope.resources, conditions: scope.conditions + conditions, note: scope.note)
        }
        guard !resources.isEmpty || bound.isEmpty else { return bound }
        return [GrantScope(resources: resources, conditions: conditions, note: note)] + bound
    }

    /// The resource's own ARN patterns of a request binding's IAM type, when its name binds it (not `*`).
    private mutating func requestBindingPatterns(of resource: EvaluatedResource, _ binding: RuleData.RequestBinding) -> [ResourcePattern]? {
        guard let rule = data.ownResources[resource.type]?.first(where: { $0.iamResourceType == binding.iamResourceType }),
              let own = catalog.iamResourceType(service: rule.service, name: rule.resourceName) else { return nil }
        let names = namePatterns(of: resource, rule: rule)
        guard !names.isEmpty, !names.contains([.literal("*")]) else { return nil }
        return ownPatterns(of: resource, rule: rule, format: own.format)
    }

    /// The tag that binds a call on `candidate` to the stack: its system tag where it has one, else the
    /// first tag (by key) the template sets on it to the stack's name, unless that tag cannot be guarded in
    /// the service (``ScopingOptions/unguardedTemplateTags``) or an older release's copy of the resource
    /// lacks it (``ScopingOptions/previousTemplateTags``).
    private mutating func stackTagBinding(of candidate: EvaluatedResource, for resource: EvaluatedResource, action: IAMActionFacts,
                                          entry: IAMActionResourceType?, resourceTypeKeys: [String]) -> StackTagBinding? {
        guard systemTagsNameTheStack() else { return nil }
        if let binding = StackTagBinding(tag: .system(stackName: stackName), candidate: candidate, of: resource, action: action,
                                         entry: entry, resourceTypeKeys: resourceTypeKeys, catalog: catalog) {
            return binding
        }
        for tag in templateTags(of: candidate)
        where !options.unguardedTemplateTags.contains(ScopingOptions.serviceTag(action.service, tag.key)) {
            if let binding = StackTagBinding(tag: tag, candidate: candidate, of: resource, action: action, entry: entry,
                                             resourceTypeKeys: resourceTypeKeys, catalog: catalog) {
                return binding
            }
        }
        return nil
    }

    /// The tags the template sets on `resource` to the stack's name that every older release given set
    /// the same way on its copy of the resource (an upgrade tags it only once the update runs).
    private mutating func templateTags(of resource: EvaluatedResource) -> [StackTagBinding.Tag] {
        if let cached = templateTagCache[resource.qualifiedId] { return cached }
        let tags = TemplateTags(of: resource, catalog: catalog)
        let current = Dictionary(tags.tags.map { ($0.key, $0.value) }, uniquingKeysWith: { first, _ in first })
        let found = tags.stackNameTags(pattern: namePartsOfValue).filter { tag in
            options.previousTemplateTags.allSatisfy { release in
                guard let previous = release[resource.qualifiedId] else { return true }
                return previous[tag.key] == current[tag.key]
            }
        }.map { StackTagBinding.Tag(key: $0.key, values: $0.values) }
        templateTagCache[resource.qualifiedId] = found
        return found
    }

    /// Whether this stack's `aws:cloudformation:stack-name` tag is the pattern `stackName`: always for the
    /// product stack; for a nested stack (`<parent>-<Nested>-<random>`, at most 128 characters) only while
    /// CloudFormation does not shorten the parent's name, which limits the product stack's name.
    private mutating func systemTagsNameTheStack() -> Bool {
        guard nestingOverhead > 0 else { return true }
        let limit = 128 - nestingOverhead
        guard limit >= options.minimumStackNameLength else { return false }
        stackNameLimit = min(stackNameLimit ?? Int.max, limit)
        return true
    }

    /// The ARNs `resource` acts on for an IAM type of this format: its own, the stack resources it
    /// references, and literal ARNs of that shape in its properties.
    private mutating func targets(of resource: EvaluatedResource, numbered index: Int, matching type: TypeShape,
                                  service: String) -> Targets {
        let format = type.format
        let key = TargetKey(resource: index, type: type.index)
        if let cached = targetCache[key] { return cached }
        var patterns: [ResourcePattern] = []
        var recognised: [EvaluatedResource] = []
        let facts = resourceFacts(of: resource, numbered: index)
        for candidate in facts.candidates {
            var named = false
            for (rule, own) in candidate.ownRules.enumerated() where own.format.shape == format.shape {
                named = true
                let patternsOfName = cachedOwnPatterns(of: candidate, rule: rule, own)
                // Its own type, with no name to bind: bound by its system tags where it has them.
                if patternsOfName.isEmpty { recognised.append(candidate.resource) }
                patterns.append(contentsOf: patternsOfName)
            }
            // A type the naming table does not cover, recognised by name: bound by its system tags if it has
            // them, else its ARNs in the account and region.
            if !named, isOwn(candidate, service: service, type: type) {
                recognised.append(candidate.resource)
            }
        }
        for arn in facts.literalArns where format.matches(literalArn: arn) {
            patterns.append(ResourcePattern([.literal(arn)]))
        }
        let targets = Targets(named: patterns, recognised: recognised)
        targetCache[key] = targets
        return targets
    }

    private mutating func resourceIndex(of resource: EvaluatedResource) -> Int {
        if let index = resourceIndices[resource.logicalId] { return index }
        let index = resourceIndices.count
        resourceIndices[resource.logicalId] = index
        return index
    }

    private mutating func cloudFormationTypeIndex(of type: String) -> Int {
        if let index = cloudFormationTypeIndices[type] { return index }
        let index = cloudFormationTypeIndices.count
        cloudFormationTypeIndices[type] = index
        return index
    }

    /// What scoping needs of `resource`, whose number (``resourceIndex(of:)``) is `index`.
    private mutating func resourceFacts(of resource: EvaluatedResource, numbered index: Int) -> ResourceFacts {
        if let cached = resourceFactsCache[index] { return cached }
        let candidates = ([resource] + referencedResources(of: resource)).map { candidate in
            Candidate(resource: candidate, index: resourceIndex(of: candidate), typeIndex: cloudFormationTypeIndex(of: candidate.type),
                      ownRules: ownRules(of: candidate.type))
        }
        let facts = ResourceFacts(candidates: candidates, literalArns: Self.literalArns(in: resource.properties),
                                  mayNameOutsideResources: Self.mayNameOutsideResources(resource.properties))
        resourceFactsCache[index] = facts
        return facts
    }

    private mutating func ownRules(of cloudFormationType: String) -> [(rule: OwnResourceRule, format: ArnFormat)] {
        if let cached = ownRuleCache[cloudFormationType] { return cached }
        let rules = (data.ownResources[cloudFormationType] ?? []).compactMap { rule -> (rule: OwnResourceRule, format: ArnFormat)? in
            catalog.iamResourceType(service: rule.service, name: rule.resourceName).map { (rule, $0.format) }
        }
        ownRuleCache[cloudFormationType] = rules
        return rules
    }

    /// ``ownPatterns(of:rule:format:)`` remembered per resource and rule (the stack-name limit it lowers
    /// is the same on every call).
    private mutating func cachedOwnPatterns(of candidate: Candidate, rule index: Int,
                                            _ own: (rule: OwnResourceRule, format: ArnFormat)) -> [ResourcePattern] {
        let key = OwnPatternKey(resource: candidate.index, rule: index)
        if let cached = ownPatternCache[key] { return cached }
        let patterns = ownPatterns(of: candidate.resource, rule: own.rule, format: own.format)
        ownPatternCache[key] = patterns
        return patterns
    }

    private mutating func isOwn(_ candidate: Candidate, service: String, type: TypeShape) -> Bool {
        let key = OwnTypeKey(cloudFormationType: candidate.typeIndex, type: type.index)
        if let cached = ownTypeCache[key] { return cached }
        let own = Self.isOwnByType(candidate.resource.type, service: service, iamTypeName: type.name, format: type.format, data: data, catalog: catalog)
        ownTypeCache[key] = own
        return own
    }

    /// The stack resources an action's request involves for one IAM resource type: by the ARN patterns of
    /// their names (and literal ARNs), or, for types whose IDs the service picks, the resources themselves.
    private struct Targets {
        var named: [ResourcePattern]
        var recognised: [EvaluatedResource]
    }

    /// Account-wide patterns of many types of one service collapse to the service's account-wide pattern
    /// (`arn:${Partition}:ec2:${Region}:${Account}:*`): the same reach, a fraction of the size.
    static func collapsed(_ patterns: [ResourcePattern]) -> [ResourcePattern] {
        let threshold = 4
        var byPrefix: [[TextPart]: [ResourcePattern]] = [:]
        var order: [[TextPart]] = []
        for pattern in patterns {
            let prefix = servicePrefix(of: pattern)
            if byPrefix[prefix] == nil { order.append(prefix) }
            byPrefix[prefix, default: []].append(pattern)
        }
        return order.flatMap { prefix -> [ResourcePattern] in
            let members = byPrefix[prefix]!
            guard members.count >= threshold, !prefix.isEmpty else { return members }
            return [ResourcePattern(ResourcePattern.normalised(prefix + [.literal("*")]))]
        }
    }

    /// Every resource of the pattern's service in the account and region (`arn:${Partition}:ec2:${Region}:${Account}:*`),
    /// or the pattern itself when it has no such prefix.
    static func serviceWide(_ pattern: ResourcePattern) -> ResourcePattern {
        let prefix = servicePrefix(of: pattern)
        return prefix.isEmpty ? pattern : ResourcePattern(ResourcePattern.normalised(prefix + [.literal("*")]))
    }

    /// The parts up to and including the fifth `:` (`arn:${Partition}:ec2:${Region}:${Account}:`).
    private static func servicePrefix(of pattern: ResourcePattern) -> [TextPart] {
        var prefix: [TextPart] = []
        var colons = 0
        for part in pattern.parts {
            guard case .literal(let text) = part else { prefix.append(part); continue }
            var taken = ""
            for character in text {
                taken.append(character)
                if character == ":" {
                    colons += 1
                    if colons == 5 { return prefix + [.literal(taken)] }
                }
            }
            prefix.append(.literal(taken))
        }
        return []
    }

    // MARK: - Existing resources

    private mutating func existingResources(of resource: EvaluatedResource) -> ExistingResourceIds.Found {
        if let cached = existingCache[resource.logicalId] { return cached }
        let found = existingIds.find(in: resource.properties, parameters: stack.path.isEmpty ? stack.template.parameters : nil,
                                     resourcesById: resourcesById, dataProperties: data.dataProperties)
        existingCache[resource.logicalId] = found
        return found
    }

    /// The ARN patterns of existing resources of one IAM type, named by ID; records the parameters they use.
    private mutating func existingPatterns(_ identifiers: [ExistingResourceIds.Identifier], format: ArnFormat) -> [ResourcePattern] {
        guard !identifiers.isEmpty, let kind = existingIds.kind(shape: format.shape), let placeholder = format.idPlaceholder else {
            return []
        }
        return identifiers.map { identifier in
            if case .parameter(let name) = identifier {
                boundParameters[name] = max(boundParameters[name] ?? 0, kind.row.maximumLength)
            }
            return format.pattern(namePlaceholder: placeholder, name: [identifier.part])
        }
    }

    // MARK: - Own names

    /// The ARN patterns of a resource's own resource of one IAM type.
    mutating func ownPatterns(of resource: EvaluatedResource, rule: OwnResourceRule, format: ArnFormat) -> [ResourcePattern] {
        let names = namePatterns(of: resource, rule: rule)
        let path = pathParts(of: resource, rule: rule)
        let strip = format.prefix(before: rule.namePlaceholder)
        var patterns: [ResourcePattern] = []
        for var name in names {
            if !strip.isEmpty, case .literal(let first)? = name.first, first.hasPrefix(strip) {
                name[0] = .literal(String(first.dropFirst(strip.count)))
            }
            for suffix in rule.nameSuffixes {
                patterns.append(format.pattern(namePlaceholder: rule.namePlaceholder, name: path + name + [.literal(suffix)]))
            }
        }
        return patterns
    }

    /// The name's parts: an explicit name as resolved (deploy-time parts other than the stack name become
    /// `*`), else the name CloudFormation generates, else `*`.
    private mutating func namePatterns(of resource: EvaluatedResource, rule: OwnResourceRule) -> [[TextPart]] {
        if let property = rule.nameProperty, let value = resource.properties?[property] {
            let names = value.alternatives().map(namePartsOfValue)
            return rule.generatedName == .lower ? names.map(lowercased) : names
        }
        if rule.cloudFormationType == "AWS::CloudFormation::Stack", resource.logicalId == "(stack)" {
            return [stackName]
        }
        let generatedOverhead = resource.logicalId.count + 2 + Self.randomSuffixLength + nestingOverhead
        let limit = rule.maximumNameLength - generatedOverhead
        switch rule.generatedName {
        case .none:
            // No name to bind: the resource is bound by its system tags where it has them.
            return []
        case _ where limit < options.minimumStackNameLength:
            return [[.literal("*")]]
        case .mixed:
            stackNameLimit = min(stackNameLimit ?? Int.max, limit)
            return [stackName + [.literal("-\(resource.logicalId)-*")]]
        case .lower:
            stackNameLimit = min(stackNameLimit ?? Int.max, limit)
            return [lowercasedStackName + [.literal("-\(resource.logicalId.lowercased())-*")]]
        }
    }

    /// A name as a service that lower-cases names stores it: literals in lower case, the stack name as
    /// its lower-case parameter.
    private func lowercased(_ parts: [TextPart]) -> [TextPart] {
        parts.flatMap { part -> [TextPart] in
            switch part {
            case .literal(let text): return [.literal(text.lowercased())]
            case .symbol(.pseudo(.stackName)): return [.symbol(.lowercasedStackName)]
            case .symbol: return [part]
            }
        }
    }

    private func namePartsOfValue(_ value: Value) -> [TextPart] {
        guard let parts = value.textParts else { return [.literal("*")] }
        return parts.flatMap { part -> [TextPart] in
            switch part {
            case .literal(let text): return [.literal(Self.withoutPolicyVariables(text))]
            case .symbol(.pseudo(.stackName)): return stackName
            case .symbol(.pseudo(let pseudo)) where pseudo == .region || pseudo == .accountId || pseudo == .partition:
                return [.symbol(.pseudo(pseudo))]
            case .symbol: return [.literal("*")]
            }
        }
    }

    private func pathParts(of resource: EvaluatedResource, rule: OwnResourceRule) -> [TextPart] {
        guard let property = rule.pathProperty, let value = resource.properties?[property] else { return [] }
        guard let path = value.concreteString else { return [.literal("*")] }
        let trimmed = path.hasPrefix("/") ? String(path.dropFirst()) : path
        return trimmed.isEmpty ? [] : [.literal(trimmed)]
    }

    /// Whether an IAM resource type is the CloudFormation type's own by `service-id-types.tsv` or by name.
    /// Recognised by name only in the service whose ARNs the type's handlers create (a load balancer's
    /// target group is not VPC Lattice's `TargetGroup`).
    static func isOwnByType(_ cloudFormationType: String, service: String, iamTypeName: String, format: ArnFormat,
                            data: RuleData, catalog: Catalog) -> Bool {
        data.serviceIdTypes[cloudFormationType]?.contains("\(service):\(iamTypeName)") == true
            || catalog.primaryService(of: cloudFormationType) == format.service
            && typeNameMatches(cloudFormationType, iamTypeName: iamTypeName, format: format)
    }

    /// Whether an IAM resource type is, by name, the CloudFormation type's own (`AWS::EC2::SecurityGroup`
    /// is `security-group`): its name, or the last `/` or `:` separated word before a placeholder of its ARN.
    static func typeNameMatches(_ cloudFormationType: String, iamTypeName: String, format: ArnFormat) -> Bool {
        let last = cloudFormationType.utf8.lastIndex(of: UInt8(ascii: ":")).map { cloudFormationType[cloudFormationType.index(after: $0)...] }
            ?? Substring(cloudFormationType)
        let typeName = ArnFormat.normalised(last)
        guard !typeName.isEmpty else { return false }
        return ArnFormat.normalised(iamTypeName) == typeName || format.placeholderWords.contains(typeName)
    }

    // MARK: - References

    /// Stack resources `resource` references through Ref and GetAtt, directly or through the resources it
    /// references (to three levels: a group's launch template's instance profile's role), never through
    /// data its handler passes on (`data-properties.tsv`: user data, policy documents, tags, ...).
    mutating func referencedResources(of resource: EvaluatedResource) -> [EvaluatedResource] {
        if let cached = referenceCache[resource.logicalId] { return cached }
        var seen: Set<String> = [resource.logicalId]
        var frontier = [resource]
        var found: [EvaluatedResource] = []
        for _ in 0..<3 {
            var next: [EvaluatedResource] = []
            for current in frontier {
                for id in directReferences(of: current) where !seen.contains(id) {
                    seen.insert(id)
                    if let referenced = resourcesById[id] {
                        found.append(referenced)
                        next.append(referenced)
                    }
                }
            }
            frontier = next
        }
        referenceCache[resource.logicalId] = found
        return found
    }

    private mutating func directReferences(of resource: EvaluatedResource) -> [String] {
        if let cached = directReferenceCache[resource.logicalId] { return cached }
        let ids = Self.referencedIds(in: resource.properties, outside: data.dataProperties)
        directReferenceCache[resource.logicalId] = ids
        return ids
    }

    /// The resources a value references, except through data properties (`UserData`, `PolicyDocument`, ...);
    /// a dynamic reference (`{{resolve:secretsmanager:${Secret}...}}`) counts wherever it stands, as
    /// CloudFormation resolves it by calling the service.
    static func referencedIds(in value: Value?, outside dataProperties: Set<String>) -> [String] {
        guard let value else { return [] }
        let resolved = DynamicReferenceRule.references(in: value).flatMap { reference in
            reference.target.compactMap { part -> Symbol? in if case .symbol(let symbol) = part { return symbol } else { return nil } }
        }
        return (value.symbols(outside: dataProperties) + resolved).compactMap { symbol in
            switch symbol {
            case .resourceReference(let id), .attribute(let id, _): return id
            default: return nil
            }
        }
    }

    static func literalArns(in value: Value?) -> [String] {
        var arns: [String] = []
        value?.forEachValue { item in
            if case .string(let text) = item, text.hasPrefix("arn:"), !text.contains(" "), !text.contains("${") { arns.append(text) }
        }
        return arns
    }

    /// Literal text with every `${...}` replaced by `*`: in a policy `${...}` is a policy variable, so a name
    /// that holds one literally (a template that never substitutes it) must match it as a wildcard.
    static func withoutPolicyVariables(_ text: String) -> String {
        guard text.contains(utf8: "${") else { return text }
        var result = ""
        var rest = Substring(text)
        while let open = rest.firstRange(ofUTF8: "${") {
            result += rest[..<open.lowerBound]
            guard let close = rest[open.upperBound...].firstIndex(of: "}") else { result += rest[open.lowerBound...]; return result }
            result += "*"
            rest = rest[rest.index(after: close)...]
        }
        return result + rest
    }


    // MARK: - IAM special cases

    private static let roleFormat = ArnFormat("arn:${Partition}:iam::${Account}:role/${RoleNameWithPath}")

    /// `iam:PassRole` only on the roles the resource passes (referenced, or as literal ARNs), each with
    /// `iam:PassedToService` set to the services its trust policy names; a role given by a parameter on
    /// the account's roles; nothing when the resource passes no role at all (reported as pruned); never `*`.
    private mutating func passRoleScopes(_ resource: EvaluatedResource) -> [GrantScope] {
        let roleFormat = Self.roleFormat
        let roleRule = data.ownResources["AWS::IAM::Role"]?.first
        let roles = referencedResources(of: resource).filter { $0.type == "AWS::IAM::Role" }
        let literal = resourceFacts(of: resource, numbered: resourceIndex(of: resource)).literalArns.filter { roleFormat.matches(literalArn: $0) }
        let external = Self.hasExternalRoleValues(resource.properties)
        if roles.isEmpty, literal.isEmpty, !external {
            pruned.append(("iam:PassRole", "the resource passes no role: none of the stack's roles, no role ARN, no parameter among its properties"))
            return []
        }
        var scopes: [GrantScope] = []
        for role in roles {
            guard let roleRule else { break }
            let patterns = ownPatterns(of: role, rule: roleRule, format: roleFormat)
            let services = Self.trustedServices(of: role)
            let conditions = services.isEmpty ? []
                : [GrantCondition("StringEquals", "iam:PassedToService", services.map { ResourcePattern([.literal($0)]) })]
            scopes.append(GrantScope(resources: patterns, conditions: conditions))
        }
        if !literal.isEmpty { scopes.append(GrantScope(resources: literal.map { ResourcePattern([.literal($0)]) })) }
        if external {
            scopes.append(GrantScope(resources: [roleFormat.pattern()],
                                     note: "a role given by a parameter or import: any role of the account"))
        }
        return scopes
    }

    /// The service principals a role's trust policy allows (`lambda.amazonaws.com`), when concrete.
    static func trustedServices(of role: EvaluatedResource) -> [String] {
        guard let statements = role.properties?["AssumeRolePolicyDocument"]?["Statement"] else { return [] }
        var services: [String] = []
        for statement in statements.listValue ?? [statements] {
            guard let service = statement["Principal"]?["Service"] else { continue }
            for value in service.listValue ?? [service] {
                guard let text = value.concreteString else { return [] }
                services.append(text)
            }
        }
        return Array(Set(services)).sorted()
    }

    /// Whether a property named for a role or instance profile (`Role`, `ExecutionRoleArn`,
    /// `IamInstanceProfile`, at any depth) holds a value from outside the stack (a parameter, an import).
    static func hasExternalRoleValues(_ value: Value?) -> Bool {
        hasExternalRoleValues(value, underRoleKey: false)
    }

    /// One walk: below a role-named key, any parameter or import counts.
    private static func hasExternalRoleValues(_ value: Value?, underRoleKey: Bool) -> Bool {
        switch value {
        case .map(let map)?:
            return map.contains { key, item in hasExternalRoleValues(item, underRoleKey: underRoleKey || namesRole(key)) }
        case .list(let items)?, .either(let items)?:
            return items.contains { hasExternalRoleValues($0, underRoleKey: underRoleKey) }
        default:
            return underRoleKey && hasExternalValues(value)
        }
    }

    /// Whether a property name is a role's or an instance profile's (`Role`, `ExecutionRoleArn`, `IamInstanceProfile`).
    private static func namesRole(_ key: String) -> Bool {
        containsIgnoringASCIICase(key, "role") || containsIgnoringASCIICase(key, "profile")
    }

    /// Whether `text` contains `word` (lower-case ASCII), ignoring the case of ASCII letters.
    private static func containsIgnoringASCIICase(_ text: String, _ word: StaticString) -> Bool {
        let needle = UnsafeBufferPointer(start: word.utf8Start, count: word.utf8CodeUnitCount)
        let bytes = Array(text.utf8)
        guard bytes.count >= needle.count else { return false }
        for start in 0...(bytes.count - needle.count) {
            var matched = true
            for offset in 0..<needle.count {
                let byte = bytes[start + offset]
                if (byte >= 65 && byte <= 90 ? byte + 32 : byte) != needle[offset] { matched = false; break }
            }
            if matched { return true }
        }
        return false
    }

    /// Whether a resource's properties may name a resource outside the stack: a parameter, an import, or
    /// a literal ID (`vpc-0a1b2c3d`, `ipam-pool-0123456789abcdef0`) or ARN.
    static func mayNameOutsideResources(_ properties: Value?) -> Bool {
        if hasExternalValues(properties) { return true }
        var found = false
        properties?.forEachValue { item in
            guard !found, case .string(let text) = item else { return }
            found = text.hasPrefix("arn:") || isLiteralResourceID(text)
        }
        return found
    }

    /// `<prefix>-<8 or 17 hex digits>`, the shape of EC2-style resource IDs.
    static func isLiteralResourceID(_ text: String) -> Bool {
        guard let dash = text.lastIndex(of: "-"), dash != text.startIndex else { return false }
        let hex = text[text.index(after: dash)...]
        guard hex.count == 8 || hex.count == 17, hex.allSatisfy(\.isHexDigit) else { return false }
        return text[..<dash].allSatisfy { $0.isLowercase || $0 == "-" || $0.isNumber }
    }

    /// Whether a value holds deploy-time values from outside the stack (parameters, imports).
    static func hasExternalValues(_ value: Value?) -> Bool {
        (value?.symbols ?? []).contains { symbol in
            switch symbol {
            case .parameter, .importedValue: return true
            default: return false
            }
        }
    }

    /// `iam:CreateServiceLinkedRole` only for the services the resource type uses (`iam:AWSServiceName`),
    /// or nothing when service-linked roles are prerequisites.
    private mutating func serviceLinkedRoleScopes(_ resource: EvaluatedResource) -> [GrantScope] {
        if options.serviceLinkedRolesArePrerequisites {
            pruned.append(("iam:CreateServiceLinkedRole", "service-linked roles are prerequisites (--no-service-linked-roles)"))
            return []
        }
        let pattern = ResourcePattern([.literal("arn:"), .symbol(.pseudo(.partition)), .literal(":iam::"),
                                       .symbol(.pseudo(.accountId)), .literal(":role/aws-service-role/*")])
        let prefix = data.serviceLinkedRoles.keys.filter { resource.type.hasPrefix($0) }.max { $0.count < $1.count }
        guard let prefix, let services = data.serviceLinkedRoles[prefix] else {
            return [GrantScope(resources: [pattern],
                               note: "no service name known for \(resource.type)'s service-linked role")]
        }
        return [GrantScope(resources: [pattern],
                           conditions: [GrantCondition("StringEquals", "iam:AWSServiceName",
                                                       services.map { ResourcePattern([.literal($0)]) })])]
    }
}
