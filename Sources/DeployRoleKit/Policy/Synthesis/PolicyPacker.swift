/// Packs statements into managed policies of at most `quota.maxPolicyCharacters` non-whitespace
/// characters, splitting a statement's actions where one statement alone is too large.
///
/// Sizes are measured on the policy as IAM stores it, with every deploy-time part at its longest
/// (the longest stack name the role template accepts, a 12-digit account, the longest region and partition
/// names), so a policy that fits here fits for any stack name the customer may pick.
struct PolicyPacker {
    let quota: PolicyQuota
    let size: PolicySize

    func pack(_ statements: [PolicyStatementDraft]) throws -> [PolicyDraft] {
        let budget = quota.maxPolicyCharacters - size.documentOverhead
        var pieces: [PolicyStatementDraft] = []
        for statement in statements {
            pieces.append(contentsOf: try split(statement, budget: budget))
        }
        // First-fit decreasing keeps the number of policies low and the result deterministic.
        let sized = pieces.enumerated().map { (offset: $0.offset, piece: $0.element, size: size.statement($0.element)) }
        let ordered = sized.sorted { lhs, rhs in
            lhs.size != rhs.size ? lhs.size > rhs.size : lhs.offset < rhs.offset
        }
        var bins: [(statements: [PolicyStatementDraft], size: Int)] = []
        for (_, piece, pieceSize) in ordered {
            let size = pieceSize + 1  // the comma between statements
            if let index = bins.firstIndex(where: { $0.size + size <= budget }) {
                bins[index].statements.append(piece)
                bins[index].size += size
            } else {
                bins.append(([piece], size))
            }
        }
        let policies = bins.map { PolicyDraft(statements: $0.statements.sorted()) }
        guard policies.count <= quota.maxManagedPolicies else {
            let total = sized.reduce(0) { $0 + $1.size + 1 }
            throw DeployRoleError(.policyTooLarge,
                                  "the permissions need \(policies.count) managed policies (\(total) characters of statements, "
                                      + "at most \(quota.maxPolicyCharacters) per policy) but a role may have at most "
                                      + "\(quota.maxManagedPolicies); raise --max-managed-policies (IAM allows up to "
                                      + "\(PolicyQuota.maxManagedPoliciesPerRole) on request)")
        }
        return policies
    }

    /// Splits a statement whose size exceeds the budget into statements over consecutive runs of its actions.
    private func split(_ statement: PolicyStatementDraft, budget: Int) throws -> [PolicyStatementDraft] {
        if size.statement(statement) <= budget { return [statement] }
        var result: [PolicyStatementDraft] = []
        var current: [String] = []
        for action in statement.actions {
            let candidate = PolicyStatementDraft(actions: current + [action], resources: statement.resources)
            if size.statement(candidate) > budget, !current.isEmpty {
                result.append(PolicyStatementDraft(actions: current, resources: statement.resources))
                current = [action]
            } else {
                current.append(action)
            }
        }
        let last = PolicyStatementDraft(actions: current, resources: statement.resources)
        guard size.statement(last) <= budget else {
            throw DeployRoleError(.policyTooLarge,
                                  "one statement on \(statement.resources.count) resources needs "
                                      + "\(size.statement(last)) characters, more than a managed policy holds "
                                      + "(\(quota.maxPolicyCharacters))")
        }
        result.append(last)
        return result
    }
}
