import OrderedCollections

extension PolicyDocument {
    /// The document as ordered JSON in canonical order: `Version`, `Id`, `Statement`; inside each statement
    /// `Sid`, `Effect`, `Principal`/`NotPrincipal`, `Action`/`NotAction`, `Resource`/`NotResource`, `Condition`.
    /// Lists of one value are written as that value; condition operators and keys are sorted.
    public func jsonObject() -> OrderedDictionary<String, PolicyJSON> {
        var object = OrderedDictionary<String, PolicyJSON>()
        if let version { object["Version"] = .string(version) }
        if let id { object["Id"] = .string(id) }
        object["Statement"] = .array(statements.map { .object($0.jsonObject()) })
        return object
    }

    /// Deterministic JSON text of ``jsonObject()``.
    public func renderJSON(pretty: Bool) -> String {
        PolicyJSON.object(jsonObject()).render(pretty: pretty)
    }

    /// The size IAM counts against policy quotas: characters of the JSON text, whitespace excluded.
    public var nonWhitespaceCharacterCount: Int {
        renderJSON(pretty: false).reduce(0) { $0 + ($1.isWhitespace ? 0 : 1) }
    }
}

extension PolicyStatement {
    /// The statement as ordered JSON, in the canonical element order described on ``PolicyDocument/jsonObject()``.
    public func jsonObject() -> OrderedDictionary<String, PolicyJSON> {
        var object = OrderedDictionary<String, PolicyJSON>()
        if let sid { object["Sid"] = .string(sid) }
        object["Effect"] = .string(effect.rawValue)
        if let principal { object["Principal"] = principal.json }
        if let notPrincipal { object["NotPrincipal"] = notPrincipal.json }
        object[actions.isNegated ? "NotAction" : "Action"] = .stringOrArray(actions.patterns)
        if let resources {
            object[resources.isNegated ? "NotResource" : "Resource"] = .stringOrArray(resources.patterns)
        }
        if !condition.isEmpty { object["Condition"] = condition.json }
        return object
    }
}

extension PolicyPrincipal {
    var json: PolicyJSON {
        switch self {
        case .any: return .string("*")
        case .specific(let byType): return .object(byType.mapValues(PolicyJSON.stringOrArray))
        }
    }
}

extension PolicyCondition {
    var json: PolicyJSON {
        var byOperator = OrderedDictionary<String, OrderedDictionary<String, PolicyJSON>>()
        for clause in clauses {
            let values = clause.values.map(\.json)
            byOperator[clause.conditionOperator.description, default: [:]][clause.key] =
                values.count == 1 ? values[0] : .array(values)
        }
        return .object(byOperator.mapValues(PolicyJSON.object))
    }
}

extension ConditionValue {
    var json: PolicyJSON {
        switch self {
        case .string(let string): return .string(string)
        case .number(let number): return .number(number)
        case .bool(let bool): return .bool(bool)
        }
    }
}
