/// The request context as evaluation reads it: keys lower-cased, plus the keys IAM always derives from the
/// principal (`aws:PrincipalArn`, `aws:PrincipalAccount`, and `aws:username` for IAM users) when the
/// request does not give them.
struct RequestContext: Sendable {
    private let valuesByLowercasedKey: [String: [ContextValue]]

    /// - Parameter principal: the request's principal, parsed (once per request, by the evaluator).
    init(_ request: EvaluationRequest, principal: PrincipalARN?) {
        var values: [String: [ContextValue]] = [:]
        for (key, keyValues) in request.context {
            values[key.lowercased(), default: []] += keyValues
        }
        if let arn = principal {
            if values["aws:principalarn"] == nil { values["aws:principalarn"] = [arn.arn] }
            if values["aws:principalaccount"] == nil { values["aws:principalaccount"] = [arn.accountId] }
            if case .user(let name) = arn.kind, values["aws:username"] == nil { values["aws:username"] = [name] }
        }
        valuesByLowercasedKey = values
    }

    /// The values of a key, nil when the request does not have it.
    func values(forLowercasedKey key: String) -> [ContextValue]? {
        valuesByLowercasedKey[key]
    }

    /// The value of a single-valued key (what a policy variable can be replaced with).
    func singleValue(forLowercasedKey key: String) -> ContextValue? {
        guard let values = valuesByLowercasedKey[key], values.count == 1 else { return nil }
        return values[0]
    }
}
