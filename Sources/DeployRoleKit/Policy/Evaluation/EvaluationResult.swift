/// The outcome of evaluating one ``EvaluationRequest``.
public struct EvaluationResult: Hashable, Sendable {
    /// IAM's three possible answers.
    public enum Decision: String, Hashable, Sendable, CaseIterable {
        case allowed = "Allowed"
        /// No statement denies, but the policies required to allow do not all allow.
        case implicitlyDenied = "ImplicitlyDenied"
        /// A statement in some policy denies.
        case explicitlyDenied = "ExplicitlyDenied"
    }

    public var decision: Decision
    /// For an explicit deny, the denying statements; for an allow, the allowing statements of every policy
    /// kind that had to allow; for an implicit deny, the allowing statements of the policy kinds that did
    /// allow (empty when none did).
    public var decidingStatements: [StatementReference]
    /// For an implicit deny, the kind of policy that failed to allow; nil otherwise.
    public var missingAllow: PolicyKind?

    public init(decision: Decision, decidingStatements: [StatementReference], missingAllow: PolicyKind? = nil) {
        self.decision = decision
        self.decidingStatements = decidingStatements
        self.missingAllow = missingAllow
    }

    public var isAllowed: Bool { decision == .allowed }
}
