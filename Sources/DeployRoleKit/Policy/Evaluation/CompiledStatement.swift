/// A policy statement compiled once for many evaluations: action patterns lower-cased, resource patterns
/// parsed (variables kept for per-request substitution), conditions parsed.
final class CompiledStatement: Sendable {
    let reference: StatementReference
    let effect: PolicyEffect
    let principalMatcher: ResourcePolicyPrincipalMatcher
    private let actionPatterns: [WildcardPattern]
    private let actionsNegated: Bool
    /// Resource patterns with their precompiled glob when they contain no variable; nil when the statement
    /// has no `Resource`/`NotResource`.
    private let resourcePatterns: [(text: PolicyText, glob: WildcardPattern?)]?
    private let resourcesNegated: Bool
    private let conditions: [ConditionClauseMatcher]
    /// The actions an `Action` names without a wildcard (lower-cased); nil when it has a wildcard or is a
    /// `NotAction` (``CompiledStatementSet`` indexes statements by them).
    let literalActions: [String]?

    init(_ statement: PolicyStatement, reference: StatementReference, variablesEnabled: Bool) {
        self.reference = reference
        effect = statement.effect
        principalMatcher = ResourcePolicyPrincipalMatcher(principal: statement.principal, notPrincipal: statement.notPrincipal)
        actionPatterns = statement.actions.patterns.map { WildcardPattern(glob: $0.lowercased()) }
        actionsNegated = statement.actions.isNegated
        let lowered = statement.actions.patterns.map { $0.lowercased() }
        literalActions = actionsNegated || lowered.contains { $0.utf8.contains(UInt8(ascii: "*")) || $0.utf8.contains(UInt8(ascii: "?")) } ? nil : lowered
        resourcePatterns = statement.resources?.patterns.map { pattern in
            let text = PolicyText(pattern, variablesEnabled: variablesEnabled)
            return (text, text.hasVariables ? nil : text.pattern(in: nil))
        }
        resourcesNegated = statement.resources?.isNegated ?? false
        conditions = statement.condition.clauses.map { ConditionClauseMatcher($0, variablesEnabled: variablesEnabled) }
    }

    /// Whether `Action`/`NotAction` covers the action (given lower-cased).
    func applies(toLowercasedAction action: String) -> Bool {
        // Plain loops here and below: this is the evaluator's hot path, also in unoptimized test builds.
        var action = action
        return action.withUTF8 { bytes in
            for pattern in actionPatterns where pattern.matches(bytes) { return !actionsNegated }
            return actionsNegated
        }
    }

    /// Whether `Resource`/`NotResource` covers the target; a statement with neither covers nothing.
    func applies(to target: ResourceTarget, in context: RequestContext) -> Bool {
        guard let resourcePatterns else { return false }
        let listedMatch: Bool
        switch target {
        case .wildcardOnly:
            listedMatch = resourcePatterns.contains { $0.text.isPlainWildcard }
        case .anyResource:
            // An Allow needs some resource it covers, a Deny must cover all: for `Resource` in an Allow and
            // `NotResource` in a Deny that comes down to "names any resource", otherwise to "names `*`".
            if (effect == .allow) != resourcesNegated {
                listedMatch = resourcePatterns.contains { $0.glob != nil || $0.text.pattern(in: context) != nil }
            } else {
                listedMatch = resourcePatterns.contains { $0.text.isPlainWildcard }
            }
        case .specific(let resource):
            var resource = resource
            listedMatch = resource.withUTF8 { bytes in
                for pattern in resourcePatterns {
                    if let glob = pattern.glob ?? pattern.text.pattern(in: context), glob.matches(bytes) { return true }
                }
                return false
            }
        }
        return listedMatch != resourcesNegated
    }

    /// Whether every condition clause holds.
    func conditionsHold(in context: RequestContext) -> Bool {
        for condition in conditions where !condition.holds(in: context) { return false }
        return true
    }
}
