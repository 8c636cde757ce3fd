/// Non-whitespace character counts of generated policies, as IAM counts them against its quotas, with
/// every deploy-time part at its longest.
struct PolicySize {
    /// The longest product stack name the role template accepts.
    let stackNameLimit: Int
    /// The longest ID of each bound parameter (``BoundParameter``).
    let parameterLengths: [String: Int]

    init(stackNameLimit: Int? = nil, boundParameters: [BoundParameter] = []) {
        self.stackNameLimit = min(stackNameLimit ?? 128, 128)
        parameterLengths = Dictionary(boundParameters.map { ($0.name, $0.maximumLength) }, uniquingKeysWith: max)
    }

    /// The sizes of the policies of `requirements`: its stack-name limit and bound parameters.
    init(for requirements: RequirementSet) {
        self.init(stackNameLimit: requirements.stackNameLimit, boundParameters: requirements.boundParameters)
    }

    /// `{"Version":"2012-10-17","Statement":[]}`
    var documentOverhead: Int { renderer.document(PolicyDraft(statements: [])).nonWhitespaceJSONCount }

    private var renderer: PolicyRenderer {
        let limit = stackNameLimit, lengths = parameterLengths
        return PolicyRenderer(substitute: { symbol in
            if case .parameter(let name) = symbol, let length = lengths[name] { return String(repeating: "x", count: length) }
            return Self.longest(symbol, stackNameLimit: limit)
        })
    }

    /// The longest value each deploy-time part can take.
    static func longest(_ symbol: Symbol, stackNameLimit: Int) -> String {
        switch symbol {
        case .pseudo(.stackName), .lowercasedStackName: return String(repeating: "s", count: stackNameLimit)
        case .pseudo(.accountId): return "123456789012"
        case .pseudo(.region): return "ap-southeast-5"
        case .pseudo(.partition): return "aws-iso-b"
        case .pseudo(.urlSuffix): return "amazonaws.com.cn"
        default: return String(repeating: "x", count: 128)
        }
    }

    /// The statement's size in the policy, at its longest.
    func statement(_ statement: PolicyStatementDraft) -> Int {
        renderer.statement(statement).nonWhitespaceJSONCount
    }

    /// The policy's size, at its longest.
    func document(_ policy: PolicyDraft) -> Int {
        renderer.document(policy).nonWhitespaceJSONCount
    }
}
