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
        let policies = bins.map { PolicyDraft(statements: $0.statements.sorted(byKey: \.sortKey)) }
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

    /// Splits a statement whose size exceeds the budget into statements that fit, each with the statement's
    /// conditions: over runs of its resources (every action on each run) when one resource with every
    /// action fits, else over runs of its actions, a run still too large split over its resources.
    private func split(_ statement: PolicyStatementDraft, budget: Int) throws -> [PolicyStatementDraft] {
        if size.statement(statement) <= budget { return [statement] }
        let byResources = statement.resources.count > 1
            ? runs(of: statement.resources, budget: budget) { PolicyStatementDraft(actions: statement.actions, resources: $0,
                                                                                       conditions: statement.conditions) }
            : nil
        if let byResources { return byResources }
        // Runs of actions; when even one action on every resource is too large, one action per piece.
        let byActions = runs(of: statement.actions, budget: budget) {
            PolicyStatementDraft(actions: $0, resources: statement.resources, conditions: statement.conditions)
        } ?? statement.actions.map {
            PolicyStatementDraft(actions: [$0], resources: statement.resources, conditions: statement.conditions)
        }
        var result: [PolicyStatementDraft] = []
        for piece in byActions {
            if size.statement(piece) <= budget {
                result.append(piece)
            } else if let pieces = runs(of: piece.resources, budget: budget, {
                PolicyStatementDraft(actions: piece.actions, resources: $0, conditions: piece.conditions)
            }) {
                result += pieces
            } else {
                throw tooLarge(piece)
            }
        }
        return result
    }

    /// Consecutive runs of `elements`, each as large as still fits the budget once made a statement; nil
    /// when one element alone does not fit.
    private func runs<Element>(of elements: [Element], budget: Int,
                               _ statement: ([Element]) -> PolicyStatementDraft) -> [PolicyStatementDraft]? {
        var result: [PolicyStatementDraft] = []
        var current: [Element] = []
        for element in elements {
            if size.statement(statement(current + [element])) > budget {
                guard !current.isEmpty else { return nil }
                result.append(statement(current))
                current = [element]
            } else {
                current.append(element)
            }
        }
        if !current.isEmpty {
            guard size.statement(statement(current)) <= budget else { return nil }
            result.append(statement(current))
        }
        return result
    }

    private func tooLarge(_ statement: PolicyStatementDraft) -> DeployRoleError {
        DeployRoleError(.policyTooLarge,
                        "one grant of \(statement.actions.first ?? "") on \(statement.resources.first?.sortKey ?? "") needs "
                            + "\(size.statement(statement)) characters, more than a managed policy holds (\(quota.maxPolicyCharacters))")
    }
}
