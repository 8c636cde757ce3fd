/// The request context as evaluation reads it: keys matched case-insensitively, plus the keys IAM always
/// derives from the principal (`aws:PrincipalArn`, `aws:PrincipalAccount`, and `aws:username` for IAM users)
/// when the request does not give them.
///
/// Read where the request holds it: a request's context has a few keys and a statement asks for fewer, so
/// scanning them costs less than a dictionary of lower-cased keys built for every request.
struct RequestContext: Sendable {
    private let values: [String: [ContextValue]]
    private let principal: PrincipalARN?

    /// - Parameter principal: the request's principal, parsed (once per request, by the evaluator).
    init(_ request: EvaluationRequest, principal: PrincipalARN?) {
        values = request.context
        self.principal = principal
    }

    /// The values of a key (given in lower case), nil when the request does not have it: those of every key
    /// that matches it case-insensitively, together.
    func values(forLowercasedKey key: String) -> [ContextValue]? {
        var found: [ContextValue]?
        for (name, keyValues) in values where Self.name(name, lowercasedIs: key) {
            found = (found ?? []) + keyValues
        }
        if found != nil { return found }
        guard let principal else { return nil }
        switch key {
        case "aws:principalarn": return [principal.arn]
        case "aws:principalaccount": return [principal.accountId]
        case "aws:username":
            if case .user(let name) = principal.kind { return [name] }
            return nil
        default: return nil
        }
    }

    /// The value of a single-valued key (what a policy variable can be replaced with).
    func singleValue(forLowercasedKey key: String) -> ContextValue? {
        guard let values = values(forLowercasedKey: key), values.count == 1 else { return nil }
        return values[0]
    }

    /// Whether `name` lower-cased is `lowercased`: byte by byte for ASCII, else by lower-casing it.
    private static func name(_ name: String, lowercasedIs lowercased: String) -> Bool {
        var (name, lowercased) = (name, lowercased)
        let answer: Bool? = name.withUTF8 { left in
            lowercased.withUTF8 { right -> Bool? in
                guard left.count == right.count else { return left.allSatisfy { $0 < 0x80 } ? false : nil }
                for (a, b) in zip(left, right) {
                    guard a < 0x80 else { return nil }
                    let lower = (0x41...0x5A).contains(a) ? a | 0x20 : a
                    if lower != b { return false }
                }
                return true
            }
        }
        return answer ?? (name.lowercased() == lowercased)
    }
}
