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
    /// Each resource of each release, where what its requests need is read (only once a requirement names it).
    private let sources: [ReleaseResource: ResourceSource]
    /// Every stack of every release (the release's, then those upgraded from).
    private let children: [ChildStack]
    /// A number for each CloudFormation type of the releases' resources (memos index their answers by it).
    private let typeNumbers: [String: Int]
    private let existing: ExistingResourceIds

    /// What one worker's syntheses found, kept for its later ones: each action's plan, whether an IAM type
    /// is a CloudFormation type's own, and each candidate's ARN per format and tag context per kind. Each
    /// worker has its own (never shared), so workers neither lock nor wait for one another; the answers
    /// depend only on their keys, so a worker finding one again finds the same.
    private final class SynthesisMemo {
        /// Each action's facts and the IAM resource types of it the catalog knows, or a wildcard's actions.
        var plans: [String: ActionPlan] = [:]
        /// For an IAM type (a catalog instance), whether it is each CloudFormation type's own
        /// (``isOwn(_:of:data:catalog:)``), by the type's number (``typeNumbers``): nil until found.
        var ownTypes: [ObjectIdentifier: [Bool?]] = [:]
        /// A candidate's ARN for an ARN format (both shared instances, so known by identity).
        var arns: [CandidateFormat: String] = [:]
        /// The tag context of each kind of request on a candidate (``TagContextKind``).
        var tagContexts: [CandidateTagContext: [String: [ContextValue]]] = [:]
    }

    private struct CandidateFormat: Hashable {
        var candidate: ObjectIdentifier
        var format: ObjectIdentifier
    }

    private struct CandidateTagContext: Hashable {
        var candidate: ObjectIdentifier
        var kind: TagContextKind
    }

    /// An action as synthesis reads it, looked up once: its facts and, for each resource type it lists that
    /// the catalog knows, the type's facts with the action's entry for it; for a handler's wildcard, the
    /// actions it stands for.
    private enum ActionPlan: Sendable {
        case action(IAMActionFacts, relevant: [(iamType: IAMResourceTypeFacts, entry: IAMActionResourceType)])
        case wildcard([String])
    }

    /// A resource with what its requests need: read once per resource, shared (a class) so that a lookup
    /// does not copy it.
    fileprivate final class ResourceEntry: Sendable {
        let owner: StackPlace
        /// The resources its requests may act on: itself, then the stack resources it references.
        let candidates: [Candidate]
        /// The literal ARNs its properties hold (``ResourceScoper/literalArns(in:)``).
        let literalArns: [String]
        /// The existing resources its properties name by ID, per ARN format shape.
        let existingIds: [String: [ExistingResourceIds.Identifier]]

        /// - Parameter candidates: the resource itself first.
        init(owner: StackPlace, candidates: [Candidate], literalArns: [String], existingIds: [String: [ExistingResourceIds.Identifier]]) {
            self.owner = owner
            self.candidates = candidates
            self.literalArns = literalArns
            self.existingIds = existingIds
        }

        /// The resource itself.
        var resource: EvaluatedResource { candidates[0].resource }

        /// Whether every request for a key on this resource is the request for it on `other`'s (of another
        /// synthesizer with the same target, options and catalog): what synthesis reads of the resource and
        /// of each candidate (ID, type, nested-stack path, the stack path it is placed in, its tags; every
        /// property of the resource, those `propertiesRead` gives of a resource it references), the literal
        /// ARNs and existing IDs agree. Template files and source positions do not count.
        func synthesizesAlike(_ other: ResourceEntry, propertiesRead: (_ referencedType: String) -> [String]) -> Bool {
            guard owner.path == other.owner.path, literalArns == other.literalArns, existingIds == other.existingIds,
                  candidates.count == other.candidates.count,
                  candidates[0].synthesizesAlike(other.candidates[0], comparing: nil) else { return false }
            return zip(candidates.dropFirst(), other.candidates.dropFirst()).allSatisfy { mine, theirs in
                mine.synthesizesAlike(theirs, comparing: propertiesRead(mine.resource.type))
            }
        }
    }

    /// A resource one resource's requests may act on, with what its requests carry: the stack it is in
    /// (the release's, else the first release upgraded from that has it), its tagging facts and its tags in
    /// this deployment (the same for every action and phase of the resource acting on it).
    fileprivate final class Candidate: Sendable {
        let resource: EvaluatedResource
        let place: StackPlace
        /// The number of its CloudFormation type among the releases' types (``typeNumbers``): every candidate
        /// is a resource of the releases, so it has one.
        let typeNumber: Int?
        /// The type's tagging facts when it is taggable.
        let tagging: TaggingFacts?
        /// CloudFormation's system tags (where the type carries them), then the template's.
        let tags: [(String, String)]
        /// The tags the template sets, with this deployment's values.
        let templateTags: [(String, String)]

        /// Whether synthesis reads the same of both (``ResourceEntry/synthesizesAlike(_:propertiesRead:)``).
        /// - Parameter properties: the only properties compared; all when nil.
        func synthesizesAlike(_ other: Candidate, comparing properties: [String]?) -> Bool {
            guard resource.logicalId == other.resource.logicalId, resource.type == other.resource.type,
                  resource.stackPath == other.resource.stackPath, place.path == other.place.path,
                  tags.elementsEqual(other.tags, by: ==), templateTags.elementsEqual(other.templateTags, by: ==) else { return false }
            guard let properties else { return resource.properties == other.resource.properties }
            return properties.allSatisfy { resource.properties?[$0] == other.resource.properties?[$0] }
        }

        init(resource: EvaluatedResource, place: StackPlace, typeNumber: Int?, facts: ResourceTypeFacts?,
             tags: [(String, String)] = [], templateTags: [(String, String)] = []) {
            self.resource = resource
            self.place = place
            self.typeNumber = typeNumber
            let tagging = facts?.tagging
            self.tagging = tagging?.taggable == true ? tagging : nil
            self.tags = tags
            self.templateTags = templateTags
        }
    }

    /// A resource of a release as the initializer finds it: what an entry (``ResourceEntry``) is built from.
    private struct ResourceSource: Sendable {
        let resource: EvaluatedResource
        let owner: StackPlace
        /// The stack (in ``children``) among whose resources it is; nil for a stack itself, which references
        /// nothing and names no existing resource.
        let child: Int?
    }

    /// One stack of a release, with its resources by logical ID.
    private final class ChildStack: Sendable {
        let stack: EvaluatedStack
        let resourcesById: [String: EvaluatedResource]

        init(_ stack: EvaluatedStack) {
            self.stack = stack
            resourcesById = Dictionary(stack.resources.map { ($0.logicalId, $0) }, uniquingKeysWith: { first, _ in first })
        }
    }

    /// Where a stack stands: its nested-stack path and its template file.
    fileprivate struct StackPlace: Sendable {
        var path: [String]
        var file: String
    }

    /// What a requirement's requests depend on: requirements that agree on it get the same requests.
    fileprivate struct RequestKey: Hashable {
        var resource: ReleaseResource
        var action: String
        var target: [TextPart]?
        var creating: Bool

        init(_ requirement: Requirement) {
            resource = ReleaseResource(of: requirement)
            action = requirement.action
            target = requirement.target
            creating = requirement.phase == .create
        }
    }

    /// The root template of each release upgraded from, in the order given.
    private let previousReleases: [String]

    /// A resource of one release: nil for the release itself, else the previous release's template path
    /// (`Provenance.previousRelease`).
    fileprivate struct ReleaseResource: Hashable {
        var release: String?
        var id: String

        init(release: String?, id: String) {
            self.release = release
            self.id = id
        }

        /// The resource a requirement is for.
        init(of requirement: Requirement) {
            self.init(release: requirement.provenance.previousRelease, id: requirement.provenance.logicalId)
        }
    }
    private let stackNames: [[String]: String]
    /// Each stack's ID in this deployment, by nested-stack path.
    private let stackIds: [[String]: String]
    /// The principal every request is made by.
    private let principal: String

    /// - Parameter stacks: the release's stack, then (for an upgrade) those of the releases upgraded from: a
    ///   requirement's resource is looked up in the release its provenance names.
    public init(stacks: [EvaluatedStack], target: DeploymentTarget, options: ScopingOptions = ScopingOptions(),
                catalog: Catalog = .embedded) {
        self.target = target
        self.options = options
        self.catalog = catalog
        data = .embedded
        existing = ExistingResourceIds(data: data, catalog: catalog)
        var names: [[String]: String] = [[]: target.stackName]
        previousReleases = stacks.dropFirst().map(\.file)
        let releases = stacks.enumerated().flatMap { position, root in
            root.allStacks.map { (release: position == 0 ? nil : root.file, stack: $0) }
        }
        var sources: [ReleaseResource: ResourceSource] = [:]
        var stackIds: [[String]: String] = [:]
        // A nested stack's resource is found twice, in its parent and as its own stack: the last one counts.
        for (position, (release, child)) in releases.enumerated() {
            let place = StackPlace(path: child.path, file: child.file)
            sources[ReleaseResource(release: release, id: child.stackResource.qualifiedId)] =
                ResourceSource(resource: child.stackResource, owner: place, child: nil)
            for resource in child.resources {
                sources[ReleaseResource(release: release, id: resource.qualifiedId)] =
                    ResourceSource(resource: resource, owner: place, child: position)
            }
            if !child.path.isEmpty, names[child.path] == nil {
                var random = RandomTokens(seed: target.seed, salt: child.path.joined(separator: "/"))
                let parent = names[Array(child.path.dropLast())] ?? target.stackName
                names[child.path] = Self.generatedName(stack: parent, logicalId: child.path.last!, random: random.token(13),
                                                       maximum: 128, lower: false)
            }
        }
        for (_, child) in releases where stackIds[child.path] == nil {
            var random = RandomTokens(seed: target.seed, salt: child.path.joined(separator: "/"))
            stackIds[child.path] = "arn:\(target.partition):cloudformation:\(target.region):\(target.account):stack/\(names[child.path] ?? target.stackName)/"
                + random.token(8).lowercased() + "-0000-4000-8000-000000000000"
        }
        self.sources = sources
        var typeNumbers: [String: Int] = [:]
        for (_, child) in releases {
            for resource in [child.stackResource] + child.resources where typeNumbers[resource.type] == nil {
                typeNumbers[resource.type] = typeNumbers.count
            }
        }
        self.typeNumbers = typeNumbers
        children = releases.map { ChildStack($0.stack) }
        stackNames = names
        self.stackIds = stackIds
        principal = "arn:\(target.partition):iam::\(target.account):role/deployrole-check"
    }

    /// The resource of that qualified ID in the release, else in the first release upgraded from that has it
    /// (nested-stack paths, and so stack names, are the same in every release).
    private func source(containing qualifiedId: String) -> (key: ReleaseResource, source: ResourceSource)? {
        let own = ReleaseResource(release: nil, id: qualifiedId)
        if let source = sources[own] { return (own, source) }
        for release in previousReleases {
            let key = ReleaseResource(release: release, id: qualifiedId)
            if let source = sources[key] { return (key, source) }
        }
        return nil
    }

    /// The stack holding a resource (``source(containing:)``).
    private func stack(containing qualifiedId: String) -> StackPlace? { source(containing: qualifiedId)?.source.owner }

    /// The entries of the resources `keys` name (those no release has left out), built on the machine's cores.
    /// - Parameter walks: what deriving the requirements found walking the resources' properties, read
    ///   instead of walking them again where it has them.
    private func entries(for keys: [ReleaseResource], walks: [ResourceWalks.Place: ResourceWalks] = [:]) -> [ReleaseResource: ResourceEntry] {
        let built = Parallel.map(Parallel.chunks(of: keys, minimumChunk: 16)) { share in
            var builder = EntryBuilder(synthesizer: self, walks: walks)
            return share.compactMap { key in builder.entry(for: key).map { (key, $0) } }
        }
        return Dictionary(built.joined().map { $0 }, uniquingKeysWith: { first, _ in first })
    }

    /// Builds resource entries for one worker, with the scopers of the stacks it has met (each keeps what it
    /// found of their references) and the template tags it has rendered.
    private struct EntryBuilder {
        let synthesizer: RequestSynthesizer
        let walks: [ResourceWalks.Place: ResourceWalks]
        private var scopers: [Int: ResourceScoper] = [:]
        private var renderedTags: [ReleaseResource: [(String, String)]] = [:]

        init(synthesizer: RequestSynthesizer, walks: [ResourceWalks.Place: ResourceWalks]) {
            self.synthesizer = synthesizer
            self.walks = walks
        }

        mutating func entry(for key: ReleaseResource) -> ResourceEntry? {
            guard let source = synthesizer.sources[key] else { return nil }
            var references: [EvaluatedResource] = []
            var existingIds: [String: [ExistingResourceIds.Identifier]] = [:]
            if let position = source.child {
                let child = synthesizer.children[position]
                let walked = walks[ResourceWalks.Place(release: key.release, stackPath: child.stack.path)]
                if let known = walked?.references[source.resource.logicalId] {
                    references = known
                } else {
                    // Taken out while it learns, so that its caches are not copied.
                    var scoper = scopers.removeValue(forKey: position) ?? ResourceScoper(catalog: synthesizer.catalog, data: synthesizer.data,
                                                                     options: synthesizer.options, stack: child.stack)
                    references = scoper.referencedResources(of: source.resource)
                    scopers[position] = scoper
                }
                existingIds = (walked?.existing[source.resource.logicalId] ?? synthesizer.existing.find(
                    in: source.resource.properties, parameters: child.stack.path.isEmpty ? child.stack.template.parameters : nil,
                    resourcesById: child.resourcesById, dataProperties: synthesizer.data.dataProperties)).identifiers
            }
            return ResourceEntry(
                owner: source.owner,
                candidates: ([source.resource] + references).map { candidate($0, of: source.owner) },
                literalArns: ResourceScoper.literalArns(in: source.resource.properties), existingIds: existingIds)
        }

        /// A resource one resource's requests may act on, placed in the stack holding it (in the release, else
        /// the first release upgraded from that has it), else in the acting resource's.
        private mutating func candidate(_ resource: EvaluatedResource, of owner: StackPlace) -> Candidate {
            let found = synthesizer.source(containing: resource.qualifiedId)
            let place = found?.source.owner ?? owner
            let facts = synthesizer.catalog.resourceType(resource.type)
            let typeNumber = synthesizer.typeNumbers[resource.type]
            guard let tagging = facts?.tagging, tagging.taggable else {
                return Candidate(resource: resource, place: place, typeNumber: typeNumber, facts: facts)
            }
            let target = synthesizer.target
            var systemTags: [(String, String)] = []
            if tagging.cloudFormationSystemTags == true {
                systemTags = [
                    ("aws:cloudformation:stack-name", synthesizer.stackNames[place.path] ?? target.stackName),
                    ("aws:cloudformation:logical-id", resource.logicalId),
                    ("aws:cloudformation:stack-id", synthesizer.stackIds[place.path] ?? ""),
                ]
            }
            // The tags as the stack holding the resource sets them (a stack itself is among no stack's resources).
            var own: [(String, String)] = []
            if let (key, source) = found, source.child != nil {
                own = renderedTags.memoized(key) {
                    RequestSynthesizer.templateTagValues(of: source.resource, stackName: synthesizer.stackNames[place.path] ?? target.stackName,
                                                         target: target, catalog: synthesizer.catalog)
                }
            }
            return Candidate(resource: resource, place: place, typeNumber: typeNumber, facts: facts, tags: systemTags + own,
                             templateTags: own)
        }
    }

    /// The requests for every requirement (a requirement may need several: one per resource it acts on), in
    /// the requirements' order. Requirements that differ only in what the requests do not depend on (their
    /// phase other than the creation, their grant) share one synthesis; the distinct ones are synthesized on
    /// the machine's cores, each core's share with its own memo.
    public func requests(for requirements: RequirementSet) -> [ConcreteRequest] {
        requests(for: prepared(requirements))
    }

    /// Requirements made ready for synthesis: what each one's requests depend on (its key), the first
    /// requirement of each key, and the entries of the resources they name.
    struct Prepared: Sendable {
        fileprivate let requirements: [Requirement]
        fileprivate let keys: [RequestKey]
        fileprivate let occurrences: FirstOccurrences
        fileprivate let entries: [ReleaseResource: ResourceEntry]
    }

    /// The requirements made ready, their resources' entries built on the machine's cores.
    func prepared(_ requirements: RequirementSet) -> Prepared {
        let keys = requirements.requirements.map(RequestKey.init)
        let occurrences = FirstOccurrences(keys)
        return Prepared(requirements: requirements.requirements, keys: keys, occurrences: occurrences,
                        entries: entries(for: Array(Set(occurrences.distinct.map { keys[$0].resource })), walks: requirements.walks))
    }

    /// The requests of the prepared requirements (``requests(for:)-(RequirementSet)``), but for those whose
    /// position `leftOut` holds.
    func requests(for prepared: Prepared, leavingOut leftOut: [Bool]? = nil) -> [ConcreteRequest] {
        let parts: [Int?] = leftOut.map { leftOut in leftOut.map { $0 ? nil : 0 } } ?? Array(repeating: 0, count: prepared.requirements.count)
        return requests(for: prepared, inParts: parts, count: 1)[0]
    }

    /// The requests of the prepared requirements in `count` lists: each requirement's in the list `parts`
    /// gives it (none when nil), in the requirements' order within each list.
    func requests(for prepared: Prepared, inParts parts: [Int?], count: Int) -> [[ConcreteRequest]] {
        // A synthesis shared by requirements of several parts is made once, where its first requirement is.
        var wanted = [Bool](repeating: false, count: prepared.occurrences.distinct.count)
        for (index, part) in parts.enumerated() where part != nil { wanted[prepared.occurrences.slot[index]] = true }
        let synthesized = prepared.occurrences.distinct.indices.filter { wanted[$0] }.map { prepared.occurrences.distinct[$0] }
        let made = Parallel.map(Parallel.chunks(of: synthesized, minimumChunk: 200)) { share in
            let memo = SynthesisMemo()
            return share.map { (position: $0, requests: requests(for: prepared.requirements[$0], entries: prepared.entries, memo: memo)) }
        }.flatMap { $0 }
        var bySlot = [[ConcreteRequest]?](repeating: nil, count: prepared.occurrences.distinct.count)
        for (position, requests) in made { bySlot[prepared.occurrences.slot[position]] = requests }
        var lists = [[ConcreteRequest]](repeating: [], count: count)
        for (index, requirement) in prepared.requirements.enumerated() {
            guard let part = parts[index], let known = bySlot[prepared.occurrences.slot[index]] else { continue }
            lists[part] += prepared.occurrences.isFirst(index) ? known : known.map { $0.replacingRequirement(with: requirement) }
        }
        return lists
    }

    /// For each of `prepared`'s requirements, whether `other` (prepared by `synthesizer`) has a requirement
    /// of the same key on a resource whose entry is the same for synthesis (``ResourceEntry/synthesizesAlike(_:propertiesRead:)``):
    /// then every request of the one is a request of the other. An upgrade's diff leaves those of the older
    /// release out: a request the upgrade itself sends is never one only the older release needed.
    /// - Parameter otherRelease: the release `synthesizer` synthesizes (its root template's path), when
    ///   `prepared`'s requirements name it as a release upgraded from (`Provenance/previousRelease`): their
    ///   resources of it are `other`'s own.
    func requirementsAlike(_ prepared: Prepared, in other: Prepared, of synthesizer: RequestSynthesizer,
                           otherRelease: String? = nil) -> [Bool] {
        guard synthesizer.target == target, synthesizer.options == options, synthesizer.catalog === catalog else {
            return Array(repeating: false, count: prepared.requirements.count)
        }
        let otherKeys = Set(other.occurrences.distinct.map { other.keys[$0] })
        /// The key in `other` of the same request, if `other` can have it.
        func keyInOther(_ key: RequestKey) -> RequestKey? {
            guard let release = key.resource.release else { return key }
            guard release == otherRelease else { return nil }
            var key = key
            key.resource.release = nil
            return key
        }
        var alikeResources: [ReleaseResource: Bool] = [:]
        var alikeSlots: [Bool] = []
        alikeSlots.reserveCapacity(prepared.occurrences.distinct.count)
        for first in prepared.occurrences.distinct {
            let key = prepared.keys[first]
            guard let theirs = keyInOther(key), otherKeys.contains(theirs) else { alikeSlots.append(false); continue }
            alikeSlots.append(alikeResources.memoized(key.resource) {
                switch (prepared.entries[key.resource], other.entries[theirs.resource]) {
                case (nil, nil): return true
                case let (mine?, theirs?): return mine.synthesizesAlike(theirs, propertiesRead: propertiesRead(ofReferenced:))
                default: return false
                }
            })
        }
        return prepared.occurrences.slot.map { alikeSlots[$0] }
    }

    /// What synthesis reads of the properties of a resource of `type` that the resource acting references:
    /// those its ARNs are built from (names and paths, ``arn(of:in:format:iamType:referenced:)``) and a
    /// role's trust policy (the service `iam:PassRole` passes it to).
    private func propertiesRead(ofReferenced type: String) -> [String] {
        var names = (data.ownResources[type] ?? []).flatMap { [$0.nameProperty, $0.pathProperty].compactMap { $0 } }
        if type == "AWS::IAM::Role" { names.append("AssumeRolePolicyDocument") }
        return names
    }

    /// The requests one requirement needs.
    public func requests(for requirement: Requirement) -> [ConcreteRequest] {
        requests(for: requirement, entries: entries(for: [ReleaseResource(of: requirement)]), memo: SynthesisMemo())
    }

    /// - Parameter entries: the entry of the requirement's resource, unless no release has it.
    private func requests(for requirement: Requirement, entries: [ReleaseResource: ResourceEntry],
                          memo: SynthesisMemo) -> [ConcreteRequest] {
        func plain(_ requests: [EvaluationRequest]) -> [ConcreteRequest] {
            requests.map { ConcreteRequest(requirement: requirement, request: $0) }
        }
        let (facts, relevant): (IAMActionFacts, [(iamType: IAMResourceTypeFacts, entry: IAMActionResourceType)])
        switch plan(of: requirement.action, memo: memo) {
        case .wildcard(let actions):
            // A handler's wildcard: every action it stands for, on `*`.
            return plain(actions.map { request($0, "*", requirement) })
        case .action(let found, let types):
            (facts, relevant) = (found, types)
        }
        if let target = requirement.target {
            return plain([request(facts.fullName, render(target, salt: requirement.provenance.logicalId), requirement)])
        }
        if facts.isWildcardOnly { return plain([request(facts.fullName, "*", requirement)]) }
        guard let entry = entries[ReleaseResource(of: requirement)] else { return [] }
        let resource = entry.resource
        if facts.fullName == "iam:CreateServiceLinkedRole" { return plain(serviceLinkedRoleRequests(for: resource, requirement)) }
        // A tagging call acts on the resource it tags, never on the existing resources that one names.
        let existing = facts.accessLevel == .tagging ? [:] : entry.existingIds
        var arns: [(arn: String, role: Candidate?, tags: [String: [ContextValue]], creates: Bool, resource: String?)] = []
        var unmatched: [(ArnFormat, IAMResourceTypeFacts, IAMActionResourceType)] = []
        for (iamType, typeEntry) in relevant {
            let format = iamType.format
            var matched = false
            // Taken out while it learns, so that it is not copied.
            var ownTypes = memo.ownTypes.removeValue(forKey: ObjectIdentifier(iamType)) ?? Array(repeating: nil, count: typeNumbers.count)
            defer { memo.ownTypes[ObjectIdentifier(iamType)] = ownTypes }
            for candidate in entry.candidates where isOwn(iamType, of: candidate, known: &ownTypes) {
                matched = true
                let arn = memo.arns.memoized(CandidateFormat(candidate: ObjectIdentifier(candidate), format: ObjectIdentifier(format))) {
                    self.arn(of: candidate.resource, in: candidate.place, format: format, iamType: iamType,
                             referenced: entry.candidates.dropFirst().map(\.resource))
                }
                let isOwn = candidate.resource.qualifiedId == resource.qualifiedId
                arns.append((arn,
                             candidate.resource.type == "AWS::IAM::Role" ? candidate : nil,
                             tagContext(of: candidate, isOwn: isOwn, action: facts, entry: typeEntry, iamType: iamType,
                                        phase: requirement.phase, memo: memo),
                             isOwn && facts.creates(typeEntry),
                             candidate.resource.qualifiedId))
            }
            for literal in entry.literalArns where format.matches(literalArn: literal) {
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
            if !matched, typeEntry.required || relevant.count == 1 {
                unmatched.append((format, iamType, typeEntry))
            }
        }
        // A tagging call acts on the resource it tags: the other types it lists are not involved.
        if facts.accessLevel != .tagging || arns.isEmpty {
            for (format, iamType, typeEntry) in unmatched {
                // A resource of a type the call creates (an instance RunInstances launches) is new.
                let creates = facts.creates(typeEntry)
                arns.append((randomArn(format, salt: resource.qualifiedId + iamType.name), nil, [:], creates, nil))
            }
        }
        if arns.isEmpty, let first = relevant.first {
            arns.append((randomArn(first.iamType.format, salt: resource.qualifiedId), nil, [:], false, nil))
        }
        if facts.fullName == "iam:PassRole" {
            // CloudFormation passes the roles the resource names; PassedToService is the consuming service.
            return arns.compactMap { entry in
                guard let role = entry.role else { return nil }
                var context: [String: [ContextValue]] = [:]
                let services = ResourceScoper.trustedServices(of: role.resource)
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
            context[binding.conditionKey] = [arn(of: resource, in: entry.owner, format: own.format, iamType: own,
                                                 referenced: entry.candidates.dropFirst().map(\.resource))]
        }
        return arns.map { entry in
            ConcreteRequest(requirement: requirement,
                            request: request(facts.fullName, entry.arn, requirement,
                                             context: context.isEmpty ? entry.tags : context.merging(entry.tags) { first, _ in first }),
                            createsResource: entry.creates, stackResource: entry.resource)
        }
    }

    /// Whether `iamType` is the type of `candidate`'s own resource, found once per CloudFormation type.
    /// - Parameter known: the answers for `iamType` by type number, found so far.
    private func isOwn(_ iamType: IAMResourceTypeFacts, of candidate: Candidate, known: inout [Bool?]) -> Bool {
        guard let number = candidate.typeNumber else { return Self.isOwn(iamType, of: candidate.resource, data: data, catalog: catalog) }
        if let answer = known[number] { return answer }
        let answer = Self.isOwn(iamType, of: candidate.resource, data: data, catalog: catalog)
        known[number] = answer
        return answer
    }

    /// The action's plan, looked up once.
    private func plan(of action: String, memo: SynthesisMemo) -> ActionPlan {
        memo.plans.memoized(action) {
            guard let facts = catalog.action(action) else { return .wildcard(catalog.actions(matching: action).map(\.fullName)) }
            return .action(facts, relevant: facts.resourceTypes.compactMap { type in
                type.name.isEmpty ? nil : catalog.iamResourceType(service: facts.service, name: type.name).map { ($0, type) }
            })
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
    /// - Parameter isOwn: whether the candidate is the resource acting (not one it references).
    private func tagContext(of candidate: Candidate, isOwn: Bool, action: IAMActionFacts, entry: IAMActionResourceType,
                            iamType: IAMResourceTypeFacts, phase: HandlerPhase, memo: SynthesisMemo) -> [String: [ContextValue]] {
        guard let tagging = candidate.tagging, !candidate.tags.isEmpty else { return [:] }
        guard let moment = StackTagBinding.moment(isOwn: isOwn, action: action, entry: entry,
                                                  resourceTypeKeys: iamType.conditionKeys) else {
            return [:]
        }
        let readsTagKeys = entry.conditionKeys.contains("aws:TagKeys") || action.conditionKeys.contains("aws:TagKeys")
        let taggingAtCreation = isOwn && phase == .create && action.tagsAtCreation(entry)
        if moment == .creating || taggingAtCreation {
            guard tagging.tagOnCreate == true else { return [:] }
            let call = taggingAtCreation && action.namesCreatingCall
                ? CreatingCall(conditionKey: action.createActionKey, service: action.service, iamType: entry.name) : nil
            let kind = TagContextKind.creating(readsTagKeys: readsTagKeys, creatingCall: call)
            return memo.tagContexts.memoized(CandidateTagContext(candidate: ObjectIdentifier(candidate), kind: kind)) {
                tagContext(kind, of: candidate)
            }
        }
        // Created without tags, a resource gets them only later: its own create-phase calls lack them.
        if isOwn, phase == .create, tagging.tagOnCreate != true { return [:] }
        let kind = TagContextKind.existing(tagging: isOwn && action.accessLevel == .tagging, readsTagKeys: readsTagKeys)
        return memo.tagContexts.memoized(CandidateTagContext(candidate: ObjectIdentifier(candidate), kind: kind)) {
            tagContext(kind, of: candidate)
        }
    }

    /// What a tag context depends on besides the resource's tags.
    private enum TagContextKind: Hashable, Sendable {
        /// The call creating the resource, or tagging it as it is created: request tags, the tag keys when the
        /// action reads them, and the creating call when the tagging call names it.
        case creating(readsTagKeys: Bool, creatingCall: CreatingCall?)
        /// A call on the resource once it exists: its resource tags and, for a tagging call on itself, the
        /// template's tags as request tags.
        case existing(tagging: Bool, readsTagKeys: Bool)
    }

    /// A tagging call's `<service>:CreateAction` key, for the resource's creating call of an IAM type.
    private struct CreatingCall: Hashable, Sendable {
        var conditionKey: String
        var service: String
        var iamType: String
    }

    private func tagContext(_ kind: TagContextKind, of candidate: Candidate) -> [String: [ContextValue]] {
        var context: [String: [ContextValue]] = [:]
        switch kind {
        case .creating(let readsTagKeys, let call):
            for (key, value) in candidate.tags { context["aws:RequestTag/" + key] = [value] }
            if readsTagKeys { context["aws:TagKeys"] = candidate.tags.map(\.0) }
            if let call, let typeFacts = catalog.resourceType(candidate.resource.type),
               let creatingAction = StackTagBinding.creatingActions(of: typeFacts, iamType: call.iamType, service: call.service,
                                                                    catalog: catalog).first {
                context[call.conditionKey] = [creatingAction]
            }
        case .existing(let tagging, let readsTagKeys):
            for (key, value) in candidate.tags { context["aws:ResourceTag/" + key] = [value] }
            if tagging, !candidate.templateTags.isEmpty {
                for (key, value) in candidate.templateTags { context["aws:RequestTag/" + key] = [value] }
                if readsTagKeys { context["aws:TagKeys"] = candidate.templateTags.map(\.0) }
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
