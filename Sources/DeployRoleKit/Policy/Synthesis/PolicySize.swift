/// Non-whitespace character counts of generated policies, as IAM counts them against its quotas, with
/// every deploy-time part at its longest.
enum PolicySize {
    /// `{"Version":"2012-10-17","Statement":[]}`
    static let documentOverhead = PolicyRenderer(substitute: longest).document(PolicyDraft(statements: []))
        .nonWhitespaceJSONCount

    /// The longest value each deploy-time part can take.
    static func longest(_ symbol: Symbol) -> String {
        switch symbol {
        case .pseudo(.stackName): return String(repeating: "s", count: 128)
        case .pseudo(.accountId): return "123456789012"
        case .pseudo(.region): return "ap-southeast-5"
        case .pseudo(.partition): return "aws-iso-b"
        case .pseudo(.urlSuffix): return "amazonaws.com.cn"
        default: return String(repeating: "x", count: 128)
        }
    }

    /// The statement's size in the policy, at its longest.
    static func statement(_ statement: PolicyStatementDraft) -> Int {
        PolicyRenderer(substitute: longest).statement(statement).nonWhitespaceJSONCount
    }

    /// The policy's size, at its longest.
    static func document(_ policy: PolicyDraft) -> Int {
        PolicyRenderer(substitute: longest).document(policy).nonWhitespaceJSONCount
    }
}
