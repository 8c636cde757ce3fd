/// A condition clause compiled for evaluation.
///
/// IAM semantics implemented here:
/// - A key missing from the request (or present with no values): `...IfExists` holds; negated comparisons
///   (`StringNotEquals`, `NotIpAddress`, ...) hold; `ForAllValues:` holds; everything else fails.
/// - Policy values are OR'd: a positive comparison holds for a request value if any policy value matches;
///   a negated one if no policy value matches.
/// - Without a set qualifier a positive comparison needs some request value to hold, a negated one needs
///   every request value to hold; `ForAnyValue:` needs some, `ForAllValues:` every request value.
/// - `Null` with `true` holds when the key is missing, with `false` when it is present.
/// - A policy value whose variable cannot be resolved matches nothing.
struct ConditionClauseMatcher: Sendable {
    private enum Operand: Sendable {
        case ready(ConditionOperand)
        case withVariables(PolicyText)
    }

    private let conditionOperator: ConditionOperator
    private let lowercasedKey: String
    /// The positive comparison: the operator's own, or the one a negated operator negates.
    private let positiveComparison: ConditionOperator.Comparison
    private let isNegated: Bool
    private let operands: [Operand]
    private let nullExpectsMissingKey: [Bool]

    init(_ clause: PolicyCondition.Clause, variablesEnabled: Bool) {
        conditionOperator = clause.conditionOperator
        lowercasedKey = clause.key.lowercased()
        let comparison = clause.conditionOperator.comparison
        positiveComparison = comparison.negatedComparison ?? comparison
        isNegated = comparison.negatedComparison != nil
        nullExpectsMissingKey = clause.values.map { $0.text.lowercased() == "true" }
        let substitutes = variablesEnabled && comparison.acceptsPolicyVariables
        let positive = positiveComparison
        operands = clause.values.map { value in
            let text = PolicyText(value.text, variablesEnabled: substitutes)
            return text.hasVariables ? .withVariables(text) : .ready(ConditionOperand(value.text, for: positive))
        }
    }

    func holds(in context: RequestContext) -> Bool {
        let requestValues = context.values(forLowercasedKey: lowercasedKey) ?? []
        if conditionOperator.comparison == .null {
            return nullExpectsMissingKey.contains(requestValues.isEmpty)
        }
        if requestValues.isEmpty {
            switch conditionOperator.setQualifier {
            case nil: return conditionOperator.ifExists || isNegated
            case .forAnyValue: return conditionOperator.ifExists
            case .forAllValues: return true
            }
        }
        let resolved = operands.map { operand -> ConditionOperand in
            switch operand {
            case .ready(let ready): return ready
            case .withVariables(let text):
                if positiveComparison == .stringLike {
                    return text.pattern(in: context).map(ConditionOperand.pattern) ?? .unusable
                }
                return text.resolved(in: context).map { ConditionOperand($0, for: positiveComparison) } ?? .unusable
            }
        }
        let satisfies = { (requestValue: String) -> Bool in
            if isNegated {
                return resolved.allSatisfy { $0.matches(requestValue, comparison: positiveComparison) == false }
            }
            return resolved.contains { $0.matches(requestValue, comparison: positiveComparison) == true }
        }
        switch conditionOperator.setQualifier {
        case nil: return isNegated ? requestValues.allSatisfy(satisfies) : requestValues.contains(where: satisfies)
        case .forAnyValue: return requestValues.contains(where: satisfies)
        case .forAllValues: return requestValues.allSatisfy(satisfies)
        }
    }
}
