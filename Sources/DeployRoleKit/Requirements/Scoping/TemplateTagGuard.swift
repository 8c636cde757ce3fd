/// Keeps the role from putting a template tag that binds grants (``StackTagBinding``) on a resource that is
/// not the stack's own: otherwise tagging a foreign resource with `codeocean:deployment=<stack>` would
/// bring it into the reach of every grant that tag binds.
///
/// In each service where a template tag binds a grant, every grant of a tag-adding action (Tagging access
/// level, not a removal) that is not itself bound to the stack's own resources gets
/// `ForAllValues:StringNotEquals aws:TagKeys [<key>]`. Where that cannot hold (the action does not read
/// `aws:TagKeys`, or the resource the grant serves sets the key itself), the tag is reported as unguarded,
/// and the requirements are derived again without it (``ScopingOptions/unguardedTemplateTags``).
struct TemplateTagGuard {
    /// The requirements with their guards.
    let requirements: [Requirement]
    /// `<service>|<key>` pairs that cannot be guarded.
    let unguarded: Set<String>

    init(requirements: [Requirement], resources: [String: EvaluatedResource], catalog: Catalog) {
        var boundKeys: [String: Set<String>] = [:]
        for requirement in requirements where !requirement.scope.conditions.isEmpty {
            for key in Self.templateTagKeys(of: requirement.scope) {
                boundKeys[Self.service(of: requirement.action, catalog: catalog), default: []].insert(key)
            }
        }
        guard !boundKeys.isEmpty else {
            self.requirements = requirements
            unguarded = []
            return
        }
        var unguarded: Set<String> = []
        var guarded = requirements
        var actions: [String: IAMActionFacts?] = [:]
        for index in guarded.indices {
            let requirement = guarded[index]
            let known = actions[requirement.action] ?? {
                let facts = catalog.action(requirement.action)
                actions[requirement.action] = facts
                return facts
            }()
            guard let facts = known, let keys = boundKeys[facts.service],
                  !requirement.scope.isStackBound, facts.addsTags,
                  Self.templateTagKeys(of: requirement.scope).isDisjoint(with: keys) else { continue }
            let readsTagKeys = facts.conditionKeys.contains("aws:TagKeys")
                || facts.resourceTypes.contains { $0.conditionKeys.contains("aws:TagKeys") }
            let ownKeys = resources[requirement.provenance.logicalId].map { TemplateTags(of: $0, catalog: catalog).possibleKeys } ?? []
            let clashing = readsTagKeys ? keys.intersection(ownKeys) : keys
            guard clashing.isEmpty else {
                unguarded.formUnion(clashing.map { ScopingOptions.serviceTag(facts.service, $0) })
                continue
            }
            guarded[index].scope.conditions = (requirement.scope.conditions
                + [GrantCondition("ForAllValues:StringNotEquals", "aws:TagKeys", keys.sorted().map { ResourcePattern([.literal($0)]) })]).sorted()
        }
        self.requirements = guarded
        self.unguarded = unguarded
    }

    /// The template tag keys a scope's conditions read (`aws:ResourceTag/<key>`, `aws:RequestTag/<key>`;
    /// not `aws:` system tags).
    static func templateTagKeys(of scope: GrantScope) -> Set<String> {
        Set(scope.conditions.compactMap { condition -> String? in
            for prefix in ["aws:ResourceTag/", "aws:RequestTag/"] where condition.key.hasPrefix(prefix) {
                let key = String(condition.key.dropFirst(prefix.count))
                return key.hasPrefix("aws:") ? nil : key
            }
            return nil
        })
    }

    /// The service of an action (its IAM prefix; a handler's wildcard by the text before the colon).
    private static func service(of action: String, catalog: Catalog) -> String {
        catalog.action(action)?.service ?? String(action.prefix { $0 != ":" })
    }
}
