/// The compiled statements of one policy set (identity, boundary, an SCP level, session, resource) with
/// an index by action: a request is matched only against the statements naming its action exactly and
/// those whose `Action` has a wildcard or is a `NotAction`, not against every statement of the role.
struct CompiledStatementSet: Sendable {
    let statements: [CompiledStatement]
    /// Lower-cased action → indices of the statements naming it without a wildcard.
    private let exact: [String: [Int]]
    /// Indices of the statements that must be matched whatever the action (wildcards, `NotAction`).
    private let general: [Int]

    init(_ statements: [CompiledStatement]) {
        self.statements = statements
        var exact: [String: [Int]] = [:]
        var general: [Int] = []
        for (index, statement) in statements.enumerated() {
            guard let actions = statement.literalActions else {
                general.append(index)
                continue
            }
            for action in Set(actions) { exact[action, default: []].append(index) }
        }
        self.exact = exact
        self.general = general
    }

    var isEmpty: Bool { statements.isEmpty }

    /// The statements that may apply to the action (given lower-cased), in policy order; each still checks
    /// its `Action`.
    func candidates(forLowercasedAction action: String) -> [CompiledStatement] {
        let named = exact[action] ?? []
        if named.isEmpty { return general.map { statements[$0] } }
        if general.isEmpty { return named.map { statements[$0] } }
        // Both lists are ascending: merge them to keep the policies' order.
        var out: [CompiledStatement] = []
        out.reserveCapacity(named.count + general.count)
        var i = 0, j = 0
        while i < named.count || j < general.count {
            if j == general.count || (i < named.count && named[i] < general[j]) {
                out.append(statements[named[i]]); i += 1
            } else {
                out.append(statements[general[j]]); j += 1
            }
        }
        return out
    }
}
