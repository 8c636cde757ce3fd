/// How much of a second deployment of the same release a role generated for the first can act on.
///
/// The release is deployed again under another stack name: other generated names and IDs, that stack's own
/// system tags. Every write-level request (Write, Tagging, Permissions management) that second stack sends
/// on one of its resources that already exists (its updates, deletes, tagging, attaching, and the
/// create-phase calls that act on other resources of the stack; not the calls that create a new resource,
/// nor calls on `*` or on resources outside the stack) is evaluated against the first stack's role. A role bound to its stack allows almost none of them; a role on `*` allows them all.
public struct SecondDeploymentReach: Sendable {
    /// One action's share of the allowed requests.
    public struct ActionReach: Sendable, Hashable {
        public let action: String
        public let allowed: Int
        /// Why a grant of the action cannot be bound (the note of the first unbound requirement of the
        /// action), when the requirements have one.
        public let reason: String?
    }

    /// Write-level requests of the second deployment on its existing resources.
    public let requestCount: Int
    /// Those the role allows.
    public let allowed: [ConcreteRequest]
    /// The actions allowed, most requests first.
    public let actions: [ActionReach]

    /// The share of the second deployment's requests the role allows (0 when there are none).
    public var share: Double { requestCount == 0 ? 0 : Double(allowed.count) / Double(requestCount) }

    /// - Parameters:
    ///   - role: the role generated for (or written for) the first stack, rendered for `first`'s names.
    ///   - second: the other deployment; its stack name must differ from the first's.
    public init(requirements: RequirementSet, stacks: [EvaluatedStack], role: RoleDefinition, second: DeploymentTarget,
                options: ScopingOptions = ScopingOptions(), catalog: Catalog = .embedded) {
        let evaluator = role.evaluator(facts: catalog)
        let requests = RequestSynthesizer(stacks: stacks, target: second, options: options, catalog: catalog)
            .requests(for: requirements)
            .filter { Self.actsOnExistingResource($0, catalog: catalog) }
        requestCount = requests.count
        let memo = PolicyEvaluator.Memo()
        allowed = requests.filter { evaluator.evaluate($0.request, memo: memo).isAllowed }
        let byAction = Dictionary(grouping: allowed, by: \.request.action)
        // The unbound grant that lets a request through may serve another resource than the request's own.
        var notes: [String: String] = [:]
        for requirement in requirements.requirements {
            if let note = requirement.scope.note, notes[requirement.action] == nil { notes[requirement.action] = note }
        }
        actions = byAction.map { action, requests in
            ActionReach(action: action, allowed: requests.count, reason: notes[action])
        }.sorted { ($0.allowed, $1.action.lowercased()) > ($1.allowed, $0.action.lowercased()) }
    }

    /// The reach of the role a generation wrote, for a second stack named `secondStackName`.
    public init(generation: RoleGeneration, secondStackName: String, options: ScopingOptions = ScopingOptions(),
                seed: UInt64 = 2) throws {
        let settings = generation.settings
        let second = DeploymentTarget(stackName: secondStackName, account: settings.account, region: settings.region,
                                      partition: settings.partition, seed: seed)
        self.init(requirements: generation.analysis.requirements, stacks: generation.analysis.stacks,
                  role: try generation.concreteRole(), second: second,
                  options: options, catalog: generation.analysis.catalog)
    }

    /// Write-level, on one of the stack's resources (its own ARN, not `*`, a literal ARN or a resource
    /// outside the stack), and not the call that creates it.
    static func actsOnExistingResource(_ request: ConcreteRequest, catalog: Catalog) -> Bool {
        guard !request.createsResource, request.stackResource != nil,
              let level = catalog.action(request.request.action)?.accessLevel else { return false }
        return level == .write || level == .tagging || level == .permissionsManagement
    }
}
