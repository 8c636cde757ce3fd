/// Evaluates requests against a fixed set of policies with IAM's decision logic.
///
/// Policies are compiled once at initialization; ``evaluate(_:)`` is then cheap enough for very many
/// requests. The decision follows IAM:
/// 1. A matching `Deny` in any policy (identity, boundary, SCP, session, resource) denies explicitly.
/// 2. Every SCP level (when given) must allow.
/// 3. Same account, a resource-based policy naming the caller's user or session ARN or `*` allows on its
///    own (only a session policy still limits it).
/// 4. Otherwise the identity policies (or a same-account resource policy naming the caller's role) must
///    allow, and so must the permissions boundary and the session policy when present.
/// 5. Across accounts the resource policy must allow too.
///
/// `sts:GetCallerIdentity` needs no permission and is always allowed, as in IAM.
public struct PolicyEvaluator: Sendable {
    private let identity: CompiledStatementSet
    private let permissionsBoundary: CompiledStatementSet?
    private let serviceControlLevels: [CompiledStatementSet]
    private let session: CompiledStatementSet?
    private let resource: CompiledStatementSet
    private let facts: (any ActionResourceFacts)?

    private static let actionsNeedingNoPermission: Set<String> = ["sts:getcalleridentity"]

    /// - Parameters:
    ///   - identityPolicies: the principal's identity-based policies.
    ///   - permissionsBoundary: the boundary's policies; nil or empty means no boundary.
    ///   - serviceControlPolicies: one list of policies per organization level (root first); each level
    ///     must allow. A level with no policies allows nothing.
    ///   - sessionPolicy: the session policy of an assumed-role session, if any.
    ///   - resourcePolicy: the resource-based policy of the requested resource, if any.
    ///   - facts: which actions are wildcard-only; without facts every action is treated as resource-scoped.
    public init(identityPolicies: [NamedPolicy], permissionsBoundary: [NamedPolicy]? = nil,
                serviceControlPolicies: [[NamedPolicy]] = [], sessionPolicy: NamedPolicy? = nil,
                resourcePolicy: NamedPolicy? = nil, facts: (any ActionResourceFacts)? = nil) {
        identity = PolicyEvaluator.compile(identityPolicies, kind: .identity)
        if let permissionsBoundary, !permissionsBoundary.isEmpty {
            self.permissionsBoundary = PolicyEvaluator.compile(permissionsBoundary, kind: .permissionsBoundary)
        } else {
            self.permissionsBoundary = nil
        }
        serviceControlLevels = serviceControlPolicies.map { PolicyEvaluator.compile($0, kind: .serviceControl) }
        session = sessionPolicy.map { PolicyEvaluator.compile([$0], kind: .session) }
        resource = resourcePolicy.map { PolicyEvaluator.compile([$0], kind: .resource) } ?? CompiledStatementSet([])
        self.facts = facts
    }

    /// What one thread's evaluations look up once and keep for its later ones: the principals parsed (a
    /// role's requests come from one or a few) and which actions are wildcard-only. Each thread has its own
    /// (never shared), so evaluations on several cores neither lock nor wait for one another.
    final class Memo {
        fileprivate var principals: [String: PrincipalARN?] = [:]
        fileprivate var wildcardOnly: [String: Bool] = [:]
    }

    public func evaluate(_ request: EvaluationRequest) -> EvaluationResult {
        evaluate(request, memo: Memo())
    }

    /// ``evaluate(_:)`` for one of many requests a thread evaluates, with that thread's memo.
    func evaluate(_ request: EvaluationRequest, memo: Memo) -> EvaluationResult {
        let action = request.action.lowercased()
        if PolicyEvaluator.actionsNeedingNoPermission.contains(action) {
            return EvaluationResult(decision: .allowed, decidingStatements: [])
        }
        let caller = request.principal.flatMap { text in memo.principals.memoized(text) { PrincipalARN(text) } }
        let wildcardOnly = memo.wildcardOnly.memoized(request.action) { facts?.isWildcardOnly(request.action) == true }
        let scope = Scope(action: action, target: ResourceTarget(request, wildcardOnly: wildcardOnly),
                          context: RequestContext(request, principal: caller))

        let identityOutcome = Outcome(identity, scope)
        let boundaryOutcome = permissionsBoundary.map { Outcome($0, scope) }
        let levelOutcomes = serviceControlLevels.map { Outcome($0, scope) }
        let sessionOutcome = session.map { Outcome($0, scope) }
        let resourceOutcome = Outcome(resource, scope, caller: caller)

        let all = [identityOutcome, resourceOutcome] + levelOutcomes + [boundaryOutcome, sessionOutcome].compactMap { $0 }
        let denies = all.flatMap(\.denies)
        if !denies.isEmpty {
            return EvaluationResult(decision: .explicitlyDenied, decidingStatements: denies)
        }

        var granted: [StatementReference] = []
        func implicitDeny(_ missing: PolicyKind) -> EvaluationResult {
            EvaluationResult(decision: .implicitlyDenied, decidingStatements: granted, missingAllow: missing)
        }
        for level in levelOutcomes {
            guard !level.allows.isEmpty else { return implicitDeny(.serviceControl) }
            granted += level.allows.map(\.reference)
        }
        let sessionAllows = sessionOutcome?.allows.map(\.reference)
        let sessionBlocks = sessionAllows?.isEmpty ?? false
        // Across accounts when the resource's account is given and is not the caller's.
        let crossAccount = request.accountId.map { account in caller.map { $0.accountId != account } ?? false } ?? false

        let directGrants = resourceOutcome.allows.filter { $0.grant == .direct }.map(\.reference)
        if !crossAccount, !directGrants.isEmpty {
            if sessionBlocks { return implicitDeny(.session) }
            return EvaluationResult(decision: .allowed, decidingStatements: granted + (sessionAllows ?? []) + directGrants)
        }

        var identityGrants = identityOutcome.allows.map(\.reference)
        if !crossAccount {
            identityGrants += resourceOutcome.allows.filter { $0.grant == .role }.map(\.reference)
        }
        guard !identityGrants.isEmpty else { return implicitDeny(.identity) }
        if let boundaryOutcome {
            guard !boundaryOutcome.allows.isEmpty else { return implicitDeny(.permissionsBoundary) }
            granted += boundaryOutcome.allows.map(\.reference)
        }
        if sessionBlocks { return implicitDeny(.session) }
        granted += sessionAllows ?? []
        granted += identityGrants
        if crossAccount {
            let resourceGrants = resourceOutcome.allows.filter { $0.grant != .none }.map(\.reference)
            guard !resourceGrants.isEmpty else { return implicitDeny(.resource) }
            granted += resourceGrants
        }
        return EvaluationResult(decision: .allowed, decidingStatements: granted)
    }

    private static func compile(_ policies: [NamedPolicy], kind: PolicyKind) -> CompiledStatementSet {
        CompiledStatementSet(policies.enumerated().flatMap { policyIndex, policy in
            policy.document.statements.enumerated().map { statementIndex, statement in
                let reference = StatementReference(policyKind: kind, policyName: policy.name, policyIndex: policyIndex,
                                                   statementIndex: statementIndex, sid: statement.sid)
                return CompiledStatement(statement, reference: reference,
                                         variablesEnabled: policy.document.supportsPolicyVariables)
            }
        })
    }

    /// The request as statements read it.
    private struct Scope {
        let action: String
        let target: ResourceTarget
        let context: RequestContext
    }

    /// The statements of one policy set that apply to a request, split by effect.
    private struct Outcome {
        var allows: [(reference: StatementReference, grant: ResourcePolicyPrincipalMatcher.Grant)] = []
        var denies: [StatementReference] = []

        /// Evaluates statements; with `caller`, as a resource-based policy whose `Principal` must name the caller.
        init(_ set: CompiledStatementSet, _ scope: Scope, caller: PrincipalARN? = nil) {
            guard !set.isEmpty else { return }
            let isResourcePolicy = set.statements.first?.reference.policyKind == .resource
            for statement in set.candidates(forLowercasedAction: scope.action) {
                guard statement.applies(toLowercasedAction: scope.action),
                      statement.applies(to: scope.target, in: scope.context) else { continue }
                let grant = isResourcePolicy ? statement.principalMatcher.grant(for: caller) : .direct
                guard grant != .none, statement.conditionsHold(in: scope.context) else { continue }
                switch statement.effect {
                case .allow: allows.append((statement.reference, grant))
                case .deny: denies.append(statement.reference)
                }
            }
        }
    }
}
